// After `remix build` (npm run build): a brotli (.br, quality 11) and a gzip (.gz, level 9) copy of
// every text file of public/build, served as they are by server/http/compression.ts. Build assets
// are fingerprinted and never change, so the slow, best compression is paid once here instead of a
// fast, weaker one on every request (docs/decisions/011).
import { readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";

const BUILD_DIR = path.resolve(process.argv[2] ?? "public/build");
const TEXT = /\.(js|mjs|css|map|json|svg|txt|html)$/;
/** Below this, compressing saves less than the headers it costs. */
const MIN_BYTES = 1024;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else yield full;
  }
}

let written = 0;
let before = 0;
let after = 0;
const work = [];
for await (const file of files(BUILD_DIR)) {
  if (/\.(br|gz)$/.test(file)) {
    // A copy whose original a new build removed.
    const original = file.slice(0, -3);
    work.push(stat(original).catch(() => rm(file, { force: true })));
    continue;
  }
  if (!TEXT.test(file)) continue;
  work.push(
    (async () => {
      const content = await readFile(file);
      if (content.length < MIN_BYTES) return;
      const [br, gz] = await Promise.all([
        brotli(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length } }),
        gzip(content, { level: 9 }),
      ]);
      await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gz)]);
      written++;
      before += content.length;
      after += br.length;
    })(),
  );
}
await Promise.all(work);
const kb = (bytes) => `${Math.round(bytes / 1024)} KiB`;
console.log(`precompressed ${written} build files: ${kb(before)} → ${kb(after)} with brotli`);
