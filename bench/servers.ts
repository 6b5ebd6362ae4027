import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { freePort, killHard, startServerProcess, stopGracefully, type ServerProcess } from "../test/support/server-process.js";

const ROOT = path.resolve(import.meta.dirname, "..");

export type ServerName = "ours" | "reference";

/** A board server running as a child process of the bench, on 127.0.0.1. */
export interface BenchServer {
  name: ServerName;
  pid: number;
  /** Rooms are `${wsBase}/${sessionId}`; both servers serve the same paths. */
  wsBase: string;
  output(): string;
  stop(): Promise<void>;
}

const started = new Set<ChildProcess>();
// If the bench dies half-way, its servers must not outlive it.
process.on("exit", () => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/** `BENCH_CPU_PROFILE=<dir>`: the servers write a V8 CPU profile there when they stop. */
function profilingOptions(name: ServerName): Record<string, string> {
  const dir = process.env.BENCH_CPU_PROFILE;
  if (!dir) return {};
  mkdirSync(dir, { recursive: true });
  const option = `--import=${pathToFileURL(path.join(import.meta.dirname, "cpu-profile.mjs")).href}`;
  return {
    NODE_OPTIONS: [process.env.NODE_OPTIONS, option].filter(Boolean).join(" "),
    BENCH_CPU_PROFILE: path.resolve(dir),
    BENCH_CPU_PROFILE_NAME: name,
  };
}

/** Our server (server/index.ts on the production build), on its own SQLite file. */
export async function startOurServer(databaseUrl: string, env: Record<string, string> = {}): Promise<BenchServer> {
  const port = await freePort();
  const server = await startServerProcess({ DATABASE_URL: databaseUrl, PORT: String(port), ...profilingOptions("ours"), ...env });
  return wrap("ours", server, port);
}

/** `@y/websocket-server`'s own `server.js`, in memory only (no YPERSISTENCE, no callback). */
export async function startReferenceServer(): Promise<BenchServer> {
  const port = await freePort();
  const packageJson = createRequire(import.meta.url).resolve("@y/websocket-server/package.json");
  const env: NodeJS.ProcessEnv = { ...process.env, ...profilingOptions("reference"), HOST: "127.0.0.1", PORT: String(port) };
  for (const name of ["YPERSISTENCE", "CALLBACK_URL", "CALLBACK_OBJECTS"]) delete env[name];
  const child = spawn(process.execPath, [path.join(path.dirname(packageJson), "src/server.js")], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("running at")) resolve();
    });
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`reference server exited (${code}):\n${output}`)));
  });
  return wrap("reference", { child, output: () => output }, port);
}

function wrap(name: ServerName, server: ServerProcess, port: number): BenchServer {
  started.add(server.child);
  return {
    name,
    pid: server.child.pid!,
    wsBase: `ws://127.0.0.1:${port}/yjs`,
    output: server.output,
    async stop() {
      // A server that does not stop within 10 s of SIGTERM is killed.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), 10_000)));
      if ((await Promise.race([stopGracefully(server), late])) === "late") await killHard(server);
      clearTimeout(timer);
      started.delete(server.child);
    },
  };
}
