// Copies tldraw's self-hosted assets (fonts, icons, translations, embed icons) into
// public/tldraw-assets/, so that the board never reaches for tldraw's CDN (unreachable from many
// public-sector networks). The list of files comes from `getAssetUrls` itself, so an upgrade of
// @tldraw/assets that adds or renames a file is picked up without editing this script.
// Runs on postinstall; idempotent: files already up to date (same size, not older) are skipped.
import { copyFileSync, mkdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(projectRoot, "public", "tldraw-assets");

const require = createRequire(import.meta.url);
const assetsRoot = dirname(require.resolve("@tldraw/assets/package.json"));
const { getAssetUrls } = await import(pathToFileURL(join(assetsRoot, "selfHosted.js")).href);

/** Every file `getAssetUrls` points at, relative to the package (icons share one sprite file). */
function referencedFiles() {
  const files = new Set();
  const collect = (value) => {
    if (typeof value === "string") {
      // The formatter hands us "./fonts/x.woff2"; icon urls then get a "#name" fragment appended.
      files.add(value);
    } else if (value && typeof value === "object") {
      Object.values(value).forEach(collect);
    }
  };
  collect(getAssetUrls((path) => path.replace(/^\.\//, "")));
  const paths = [...files].map((url) => url.split("#")[0]);
  return [...new Set(paths)].filter((path) => !/^(data:|https?:)/.test(path));
}

function isUpToDate(source, destination) {
  try {
    const [from, to] = [statSync(source), statSync(destination)];
    return from.size === to.size && to.mtimeMs >= from.mtimeMs;
  } catch {
    return false;
  }
}

let copied = 0;
const files = referencedFiles();
for (const file of files) {
  const source = join(assetsRoot, file);
  const destination = join(target, file);
  if (relative(target, destination).startsWith("..")) throw new Error(`unexpected asset path: ${file}`);
  if (isUpToDate(source, destination)) continue;
  mkdirSync(dirname(destination), { recursive: true });
  copyFileSync(source, destination);
  copied += 1;
}
console.log(`tldraw assets: ${files.length} files in ${relative(projectRoot, target)}/ (${copied} copied)`);
