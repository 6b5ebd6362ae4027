import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { connectEventLoopProbe, eventLoopProbeOptions, type EventLoopProbe } from "./eld.js";
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
  /** The commit the server's code was loaded from ("(server/ modified)" when the tree differs from it). */
  commit: string | null;
  /** The server's event-loop delay, from bench/eld-probe.mjs loaded into it. */
  eventLoop: EventLoopProbe;
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

/** The CPU profiler (when asked for) and the event-loop probe, both preloaded through NODE_OPTIONS. */
function benchOptions(name: ServerName) {
  const profiling = profilingOptions(name);
  const probe = eventLoopProbeOptions(name);
  // BENCH_SERVER_NODE_OPTIONS: V8 or Node flags for the servers only (an A/B of a flag), not the load generator.
  const nodeOptions = [profiling.NODE_OPTIONS ?? process.env.NODE_OPTIONS, process.env.BENCH_SERVER_NODE_OPTIONS, probe.nodeOption]
    .filter(Boolean)
    .join(" ");
  return { env: { ...profiling, BENCH_ELD_SOCKET: probe.socketPath, NODE_OPTIONS: nodeOptions }, probe };
}

/** Our server (server/index.ts on the production build), on its own database. */
export async function startOurServer(databaseUrl: string, env: Record<string, string> = {}): Promise<BenchServer> {
  // A node of a cluster is told its port (its CLUSTER_NODE_ADDRESS names it) and may be restarted on it.
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const options = benchOptions("ours");
  // The nightly purge (03:15 Paris) compiles its queries on the main thread: a run that falls on it
  // measures the purge, not the board. Off unless the bench's own environment says otherwise.
  const purge = { PURGE_SCHEDULE: process.env.PURGE_SCHEDULE ?? "off" };
  const server = await startServerProcess({ DATABASE_URL: databaseUrl, PORT: String(port), ...purge, ...options.env, ...env });
  return wrap("ours", server, port, options.probe);
}

/** `@y/websocket-server`'s own `server.js`, in memory only (no YPERSISTENCE, no callback). */
export async function startReferenceServer(): Promise<BenchServer> {
  const port = await freePort();
  const packageJson = createRequire(import.meta.url).resolve("@y/websocket-server/package.json");
  const options = benchOptions("reference");
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, HOST: "127.0.0.1", PORT: String(port) };
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
  return wrap("reference", { child, output: () => output }, port, options.probe);
}

/** Others commit while a long bench runs: each server says which code it runs. */
function loadedCommit(): string | null {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "server"], { cwd: ROOT, encoding: "utf8" }).trim() !== "";
    return dirty ? `${commit} (server/ modified)` : commit;
  } catch {
    return null;
  }
}

async function wrap(
  name: ServerName,
  server: ServerProcess,
  port: number,
  probe: ReturnType<typeof eventLoopProbeOptions>,
): Promise<BenchServer> {
  started.add(server.child);
  // The probe listens from the first turn of the loop; the server printed "ready" after that.
  const eventLoop = await connectEventLoopProbe(probe.socketPath);
  return {
    name,
    commit: name === "ours" ? loadedCommit() : null,
    pid: server.child.pid!,
    wsBase: `ws://127.0.0.1:${port}/yjs`,
    output: server.output,
    eventLoop,
    async stop() {
      eventLoop.close();
      // A server that does not stop within 10 s of SIGTERM is killed.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), 10_000)));
      if ((await Promise.race([stopGracefully(server), late])) === "late") await killHard(server);
      clearTimeout(timer);
      started.delete(server.child);
      probe.cleanup();
    },
  };
}
