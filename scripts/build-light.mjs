// After `remix build` (npm run build): the scripts of the participant's light pages (docs/decisions/024).
// Each entry is one file, fingerprinted like Remix's (public/build/light/<name>-<hash>.js), built from the
// same components the server renders with React, but against Preact (react → preact/compat) and a
// Remix API of a few functions (app/lib/light/remix-light.tsx), so that a phone parses 25 KB of script
// instead of React's and Remix's 120. public/build/light/manifest.json says which file is which entry.
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, context } from "esbuild";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT_DIR = path.join(ROOT, "public/build/light");
/** What each light file is made of, for test/client-bundle.test.ts (beside Remix's own metafiles). */
const METAFILE = path.join(ROOT, "build/light-metafile.json");

/** Entry name (what a route's `handle.light` names) → its module. */
export const LIGHT_ENTRIES = { phone: "app/contribute/phone.light.tsx" };

/** esbuild's options for the light entries, written to `outDir`. */
function lightOptions(outDir, minify) {
  return {
    absWorkingDir: ROOT,
    entryPoints: LIGHT_ENTRIES,
    entryNames: "[name]-[hash]",
    outdir: outDir,
    bundle: true,
    format: "esm",
    target: ["es2020", "chrome87", "firefox78", "safari14"],
    minify,
    metafile: true,
    tsconfig: path.join(ROOT, "tsconfig.json"),
    jsx: "automatic",
    jsxImportSource: "preact",
    alias: {
      react: "preact/compat",
      "react-dom": "preact/compat",
      "react/jsx-runtime": "preact/jsx-runtime",
      "@remix-run/react": path.join(ROOT, "app/lib/light/remix-light.tsx"),
    },
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "error",
  };
}

async function writeManifest(outDir, result) {
  const manifest = {};
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    const entry = Object.entries(LIGHT_ENTRIES).find(([, module]) => output.entryPoint === module)?.[0];
    if (entry) manifest[entry] = `/build/light/${path.basename(file)}`;
  }
  await writeFile(path.join(outDir, "manifest.json"), JSON.stringify(manifest));
  if (outDir === OUT_DIR) {
    await mkdir(path.dirname(METAFILE), { recursive: true });
    await writeFile(METAFILE, JSON.stringify(result.metafile));
  }
  return manifest;
}

export async function buildLight({ outDir = OUT_DIR, minify = true } = {}) {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const result = await build(lightOptions(outDir, minify));
  return { manifest: await writeManifest(outDir, result), metafile: result.metafile };
}

/**
 * For `npm run dev` (server/index.ts in development): built now, then again whenever a source
 * changes, the manifest rewritten each time (the server reads it on every page in development).
 */
export async function watchLight({ outDir = OUT_DIR } = {}) {
  await mkdir(outDir, { recursive: true });
  const rewrite = {
    name: "light-manifest",
    setup(builder) {
      builder.onEnd(async (result) => {
        if (result.metafile) await writeManifest(outDir, result);
      });
    },
  };
  const watching = await context({ ...lightOptions(outDir, false), plugins: [rewrite] });
  await watching.rebuild();
  await watching.watch();
  return watching;
}

if (fileURLToPath(import.meta.url) === path.resolve(process.argv[1] ?? "")) {
  const { manifest } = await buildLight();
  console.log(`light pages: ${Object.values(manifest).join(", ")}`);
}
