// A coarse name for the device a person signed in from ("Chrome sur Android"), for her list of
// devices: the browser's family and the system's, nothing more. The User-Agent string itself is
// never stored (it is close to a fingerprint).

import { t } from "../i18n/index.js";

const BROWSERS: [RegExp, string][] = [
  [/SamsungBrowser\//, "Samsung Internet"],
  [/EdgA?\/|Edg\//, "Edge"],
  [/OPR\/|Opera/, "Opera"],
  [/Firefox\/|FxiOS\//, "Firefox"],
  [/CriOS\/|Chrome\/|Chromium\//, "Chrome"],
  [/Safari\//, "Safari"],
];

const SYSTEMS: [RegExp, string][] = [
  [/Android/, "Android"],
  [/iPhone|iPod/, "iPhone"],
  [/iPad/, "iPad"],
  [/CrOS/, "Chromebook"],
  [/Windows/, "Windows"],
  [/Macintosh|Mac OS X/, "Mac"],
  [/Linux/, "Linux"],
];

const MAX_UA = 512;

/** "Chrome sur Android", "Safari sur iPhone", "Firefox"; null when nothing is recognised. */
export function deviceName(userAgent: string | null): string | null {
  const ua = (userAgent ?? "").slice(0, MAX_UA);
  const browser = BROWSERS.find(([pattern]) => pattern.test(ua))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1];
  if (browser && system) return t("espace.appareils.deviceName", { browser, system });
  return browser ?? system ?? null;
}
