// Types of scripts/build-light.mjs for the server's development start (server/index.ts).
export declare const LIGHT_ENTRIES: Record<string, string>;
export declare function buildLight(options?: { outDir?: string; minify?: boolean }): Promise<{ manifest: Record<string, string> }>;
export declare function watchLight(options?: { outDir?: string }): Promise<{ dispose(): Promise<void> }>;
