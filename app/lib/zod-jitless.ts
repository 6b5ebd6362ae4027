// Imported first by app/root.tsx, so that it runs before any route module touches zod in the browser.
// Left to itself, zod probes `new Function("")` to see whether it may compile fast parsers; our
// Content-Security-Policy has no 'unsafe-eval', so the probe fails — harmlessly, but the browser
// reports it as a policy violation. The server (no CSP there) keeps zod's compiled parsers.
//
// Without importing zod: root runs on every page, and `import { z }` put all of zod (~450 KB) in
// root's chunk, so every page paid for it (issue 13). zod 4 keeps its global settings in
// `globalThis.__zod_globalConfig`, read when a parser first runs; test/zod-jitless.test.ts checks
// that zod still reads them from there.

type ZodGlobalConfig = { jitless?: boolean };

export function makeZodJitless(scope: { __zod_globalConfig?: ZodGlobalConfig }): void {
  scope.__zod_globalConfig = Object.assign(scope.__zod_globalConfig ?? {}, { jitless: true });
}

if (typeof document !== "undefined") makeZodJitless(globalThis as { __zod_globalConfig?: ZodGlobalConfig });
