// tldraw's fonts, icons, translations and embed icons, served at /tldraw-assets straight from the
// installed @tldraw/assets package (never from tldraw's CDN, unreachable from many public-sector
// networks). They used to be copied into public/ by an install hook; whenever that hook had not run
// (an install with scripts off, a checkout restored without its ignored files) the board showed
// blank squares for every icon and English labels, and nothing failed but 404s in the browser.
// Served from the package, they are there whenever the server can start, and always the version
// the client bundle was built against.
import { createRequire } from "node:module";
import path from "node:path";
import { getAssetUrls } from "@tldraw/assets/selfHosted.js";
import express, { type Router } from "express";
import { subresourceHeaders } from "./security-headers.js";

const packageRoot = path.dirname(createRequire(import.meta.url).resolve("@tldraw/assets/package.json"));

/**
 * The package's folders that `getAssetUrls` points into ("fonts", "icons", …): only those are
 * served, not the package's code. Taken from getAssetUrls itself, so that an upgrade that adds or
 * renames a folder is followed without editing this file.
 */
export function tldrawAssetFolders(): string[] {
  const folders = new Set<string>();
  const collect = (value: unknown) => {
    if (typeof value === "string") {
      const folder = /^\.?\/?([\w-]+)\//.exec(value)?.[1];
      if (folder) folders.add(folder);
    } else if (value && typeof value === "object") {
      Object.values(value).forEach(collect);
    }
  };
  collect(getAssetUrls((url) => url));
  return [...folders];
}

/** Mount at "/tldraw-assets" (the baseUrl Board.client.tsx gives getAssetUrls). */
export function tldrawAssets(): Router {
  const router = express.Router();
  for (const folder of tldrawAssetFolders()) {
    router.use(
      `/${folder}`,
      express.static(path.join(packageRoot, folder), { maxAge: "7d", index: false, setHeaders: subresourceHeaders }),
    );
  }
  return router;
}
