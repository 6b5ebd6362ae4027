// What the participant's pages make a phone download (issue 13): the scripts of the join pages, the
// waiting room and the phone screen carry no validation library (zod: ~450 KB, validation happens on
// the server), nothing of the board (tldraw, Yjs), which only the board route loads, and only their
// part of the French catalogue (app/i18n/fr-participant.ts; the whole of it was 26 KB compressed).
// Read from the production build: Remix's manifest (which files a route loads) and esbuild's metafile
// (what each file is made of, what each source imports). Sizes are the bench's business
// (bench/phone.ts), not this test's.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { frParticipant } from "../app/i18n/fr-participant.js";
import { builtPrefixes, quotedKeys } from "./support/catalogue-keys.js";

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
  const metafile = JSON.parse(readFileSync(metafilePath, "utf8")) as {
    inputs: Record<string, { imports: { path: string }[] }>;
    outputs: Record<string, { inputs: Record<string, unknown> }>;
  };
  /** The source files bundled into what a route loads up front (its module and its imports). */
  const sourcesOf = (assets: RouteAssets): string[] =>
    [assets.module, ...(assets.imports ?? [])].flatMap((url) => {
      const output = Object.entries(metafile.outputs).find(([file]) => file.endsWith(url.replace(/^\/build\//, "build/")));
      if (!output) throw new Error(`${url} is not in the build's metafile`);
      return Object.keys(output[1].inputs);
    });
  /**
   * Our source files that what a route loads imports, directly or not, as written (before the bundler
   * drops what the browser does not run): where the keys it may show come from. Not node_modules, not
   * `.server` modules (empty in the browser), not the catalogue itself.
   */
  const ourImportsOf = (assets: RouteAssets): string[] => {
    const seen = new Set<string>();
    const visit = (source: string) => {
      if (seen.has(source) || !/^(app|board-core)\//.test(source) || source.startsWith("app/i18n/")) return;
      seen.add(source);
      for (const imported of metafile.inputs[source]?.imports ?? []) visit(imported.path);
    };
    sourcesOf(assets).forEach(visit);
    return [...seen];
  };
  return { manifest, sourcesOf, ourImportsOf };
}

const PARTICIPANT_ROUTES = ["root", "routes/join._index", "routes/join.$code", "routes/attente.$sessionId", "routes/contribute.$sessionId"];
/** The catalogue minus the participant's part: the professional pages' sentences (app/i18n/fr.ts). */
const REST_OF_THE_CATALOGUE = "app/i18n/fr.ts";
const LIBRARY = {
  zod: /node_modules\/zod\//,
  tldraw: /node_modules\/(tldraw|@tldraw)\//,
  yjs: /node_modules\/(yjs|y-websocket|y-protocols)\//,
};

describe("the scripts of the participant's pages", () => {
  const { manifest, sourcesOf, ourImportsOf } = readBuild();
  const participantPages = [manifest.entry, ...PARTICIPANT_ROUTES.map((id) => manifest.routes[id])];

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

  it("carry the participant's part of the catalogue and not the rest", () => {
    const withTheRest = PARTICIPANT_ROUTES.filter((id) => sourcesOf(manifest.routes[id]).includes(REST_OF_THE_CATALOGUE));
    expect(withTheRest).toEqual([]);
    expect(sourcesOf(manifest.routes.root)).toContain("app/i18n/fr-participant.ts");
  });

  it("carry only keys those pages use: a professional page's key goes in the rest of the catalogue", () => {
    const code = [...new Set(participantPages.flatMap(ourImportsOf))].map((file) => readFileSync(path.join(ROOT, file), "utf8")).join("\n");
    const written = quotedKeys(code);
    const prefixes = [...builtPrefixes(code)];
    const unused = Object.keys(frParticipant).filter((key) => !written.has(key) && !prefixes.some((prefix) => key.startsWith(prefix)));
    expect(unused).toEqual([]);
  });

  it("are read the way a professional page is (which does load the rest of the catalogue), so the checks above can fail", () => {
    expect(sourcesOf(manifest.routes["routes/sessions._index"])).toContain(REST_OF_THE_CATALOGUE);
    const professional = ourImportsOf(manifest.routes["routes/sessions._index"]);
    expect(professional.length).toBeGreaterThan(0);
    expect(professional.every((file) => !file.startsWith("app/i18n/"))).toBe(true);
  });
});

describe("the phone screen's light script (docs/decisions/024)", () => {
  const metafilePath = path.join(ROOT, "build/light-metafile.json");
  if (!existsSync(metafilePath)) throw new Error("no light build: run `npm run build` first");
  const metafile = JSON.parse(readFileSync(metafilePath, "utf8")) as {
    outputs: Record<string, { entryPoint?: string; inputs: Record<string, unknown> }>;
  };
  const phone = Object.values(metafile.outputs).find((output) => output.entryPoint === "app/contribute/phone.light.tsx");
  const sources = Object.keys(phone?.inputs ?? {});

  it("is Preact and our components: no React, no Remix runtime, no zod, no tldraw, no Yjs", () => {
    const heavy = { react: /node_modules\/(react|react-dom|scheduler)\//, remix: /node_modules\/(@remix-run|react-router)/, ...LIBRARY };
    const found = Object.entries(heavy).flatMap(([name, pattern]) => sources.filter((source) => pattern.test(source)).map(() => name));
    expect([...new Set(found)]).toEqual([]);
    expect(sources.some((source) => /node_modules\/preact\//.test(source))).toBe(true);
    expect(sources).toContain("app/contribute/contribution-screen.tsx");
  });

  it("carries the participant's part of the catalogue and not the rest", () => {
    expect(sources).toContain("app/i18n/fr-participant.ts");
    expect(sources).not.toContain(REST_OF_THE_CATALOGUE);
  });
});
