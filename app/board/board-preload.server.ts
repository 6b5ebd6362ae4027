// What the board page asks for before its script does: the canvas's module and every module it
// imports, and tldraw's two translation files. The canvas is imported lazily after hydration
// (routes/board.$sessionId.tsx); left to itself the browser learns of it only then, and of its
// imports only once it has arrived, then of the translations once it runs: three waits in a row,
// about 1.5 s on the bench's slow-4G phone, while the network was idle.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { TLDRAW_LOCALE } from "./tldraw-french";

const BUILD_DIR = path.resolve("public/build");
const SHARED = "_shared";
/** The name esbuild gives the lazily imported canvas module (app/board/Board.client.tsx). */
const BOARD_MODULE = /^Board\.client-[A-Z0-9]+\.js$/;
/** A static import in esbuild's minified output: `from"/build/_shared/chunk-X.js"` or `import"/build/…"`. */
const STATIC_IMPORT = /(?:from|import)\s*"(\/build\/[\w./-]+\.js)"/g;

export interface BoardPreloads {
  modules: string[];
  fetches: string[];
}

/** tldraw reads its English file first, then the locale's (Board.client.tsx's asset base). */
const TRANSLATIONS = ["en", TLDRAW_LOCALE].map((locale) => `/tldraw-assets/translations/${locale}.json`);

let cached: BoardPreloads | null = null;

/**
 * The board's module graph as built: read once (`npm run build` empties the folder first, and the
 * server is restarted after it); not kept while there is no build yet.
 */
export function boardPreloads(): BoardPreloads {
  if (cached) return cached;
  const modules = boardModuleGraph();
  const preloads = { modules, fetches: TRANSLATIONS };
  if (modules.length > 0) cached = preloads;
  return preloads;
}

function boardModuleGraph(): string[] {
  const shared = path.join(BUILD_DIR, SHARED);
  if (!existsSync(shared)) return [];
  // The newest, should a folder built over (a watcher's rebuilds) still hold an older one.
  const entry = readdirSync(shared)
    .filter((name) => BOARD_MODULE.test(name))
    .map((name) => ({ name, at: statSync(path.join(shared, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at)[0]?.name;
  if (!entry) return [];
  const seen = new Set<string>();
  const queue = [`/build/${SHARED}/${entry}`];
  while (queue.length > 0) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    const file = path.join(BUILD_DIR, url.slice("/build/".length));
    // Only files of this build: a URL that leaves the folder is not ours to follow.
    if (!file.startsWith(BUILD_DIR + path.sep) || !existsSync(file)) continue;
    seen.add(url);
    for (const [, imported] of readFileSync(file, "utf8").matchAll(STATIC_IMPORT)) queue.push(imported);
  }
  return [...seen];
}
