// What the participant's pages make a phone download (issue 13): the scripts of the join pages, the
// waiting room and the phone screen carry no validation library (zod: ~450 KB, validation happens on
// the server) and nothing of the board (tldraw, Yjs), which only the board route loads. Read from the
// production build: Remix's manifest (which files a route loads) and esbuild's metafile (what each
// file is made of). Sizes are the bench's business (bench/phone.ts), not this test's.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");

interface RouteAssets {
  module: string;
  imports?: string[];
}

function readBuild() {
  const metafilePath = path.join(ROOT, "build/metafile.js.json");
  const buildDir = path.join(ROOT, "public/build");
  const manifestFile = existsSync(buildDir) ? readdirSync(buildDir).find((name) => /^manifest-.*\.js$/.test(name)) : undefined;
  if (!manifestFile || !existsSync(metafilePath)) throw new Error("no production build: run `npx remix build` first");
  const manifest = JSON.parse(
    readFileSync(path.join(buildDir, manifestFile), "utf8")
      .replace(/^window\.__remixManifest=/, "")
      .replace(/;\s*$/, ""),
  ) as { entry: RouteAssets; routes: Record<string, RouteAssets> };
  const metafile = JSON.parse(readFileSync(metafilePath, "utf8")) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  /** The source files bundled into what a route loads up front (its module and its imports). */
  const sourcesOf = (assets: RouteAssets): string[] =>
    [assets.module, ...(assets.imports ?? [])].flatMap((url) => {
      const output = Object.entries(metafile.outputs).find(([file]) => file.endsWith(url.replace(/^\/build\//, "build/")));
      if (!output) throw new Error(`${url} is not in the build's metafile`);
      return Object.keys(output[1].inputs);
    });
  return { manifest, sourcesOf };
}

const PARTICIPANT_ROUTES = ["root", "routes/join._index", "routes/join.$code", "routes/attente.$sessionId", "routes/contribute.$sessionId"];
const LIBRARY = {
  zod: /node_modules\/zod\//,
  tldraw: /node_modules\/(tldraw|@tldraw)\//,
  yjs: /node_modules\/(yjs|y-websocket|y-protocols)\//,
};

describe("the scripts of the participant's pages", () => {
  const { manifest, sourcesOf } = readBuild();

  it("carry no zod, no tldraw and no Yjs, from the first page to the phone screen", () => {
    const found: string[] = [];
    const pages = [
      ["entry", sourcesOf(manifest.entry)] as const,
      ...PARTICIPANT_ROUTES.map((id) => [id, sourcesOf(manifest.routes[id])] as const),
    ];
    for (const [id, sources] of pages) {
      for (const [library, pattern] of Object.entries(LIBRARY)) {
        if (sources.some((source) => pattern.test(source))) found.push(`${id}: ${library}`);
      }
    }
    expect(found).toEqual([]);
  });

  it("are read the way the board route is (which does load tldraw), so the check above can fail", () => {
    expect(sourcesOf(manifest.routes["routes/board.$sessionId"]).some((source) => LIBRARY.tldraw.test(source))).toBe(true);
  });
});
