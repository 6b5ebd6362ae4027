// The light entries' files, as scripts/build-light.mjs wrote them (docs/decisions/024).
import { readFileSync } from "node:fs";
import path from "node:path";
import type { LightManifest } from "./light-scripts";

let read: { at: string; manifest: LightManifest } | null = null;

/**
 * Read once per process in production (the build does not change under it), on every page otherwise
 * (a rebuild while developing); a build without light files (a bare `remix build`) gives none.
 */
export function lightManifest(publicDir = path.resolve("public")): LightManifest {
  if (read?.at === publicDir && process.env.NODE_ENV === "production") return read.manifest;
  let manifest: LightManifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(publicDir, "build/light/manifest.json"), "utf8")) as LightManifest;
  } catch {
    manifest = {};
  }
  read = { at: publicDir, manifest };
  return manifest;
}
