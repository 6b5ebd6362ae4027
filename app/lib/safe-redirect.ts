// The one check for every place that sends the browser to an address it was given (`redirectTo`
// after sign-in, "back" after switching structure…): only a path of this site, never another site.
// Browsers are forgiving in ways an attacker uses — `//evil`, `/\evil`, a tab inside `/\t/evil`,
// percent-encoded slashes decoded by a later hop — so the target is decoded until it stops changing
// and every form of it must pass; anything doubtful falls back to a safe default.

const MAX_LENGTH = 2048;
const MAX_DECODING_ROUNDS = 3;
// C0/C1 controls, DEL, and the invisible or direction-changing characters a URL bar may hide.
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;
const BASE = "http://atelier.invalid";

/** `target` when it is a path of this site, otherwise `fallback`. Returns the normalised path. */
export function safeRedirectPath(target: unknown, fallback = "/"): string {
  if (typeof target !== "string" || target === "" || target.length > MAX_LENGTH) return fallback;
  const forms = decodedForms(target);
  if (!forms || !forms.every(isLocalPath)) return fallback;
  const url = new URL(target, BASE);
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can fold into a double slash once resolved: "/.//evil" becomes "//evil".
  return url.origin === BASE && isLocalPath(path) ? path : fallback;
}

/** The target and each decoding of it, or null when it does not decode cleanly or keeps changing. */
function decodedForms(target: string): string[] | null {
  const forms = [target];
  let current = target;
  for (let round = 0; round < MAX_DECODING_ROUNDS; round++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return forms;
    forms.push(next);
    current = next;
  }
  return null;
}

/** Starts with one slash, followed by neither a slash nor a backslash; no backslash or hidden character anywhere. */
function isLocalPath(form: string): boolean {
  return form.startsWith("/") && form[1] !== "/" && !form.includes("\\") && !HIDDEN.test(form);
}
