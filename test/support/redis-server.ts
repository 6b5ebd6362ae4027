// A private redis-server for one test file, on a free port, keeping nothing on disk: never the shared
// one on 6379. It can be killed and started again on the same port (Redis restarted mid-way).
import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "./server-process.js";
import { withinLimit } from "./wait.js";

export interface PrivateRedis {
  url: string;
  /** SIGKILL, as a crash would; resolves once it has exited. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty; resolves once it accepts connections. */
  restart(): Promise<void>;
}

function launch(port: number): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const ready = new Promise<ChildProcess>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) resolve(child);
    });
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`redis-server exited (${code}):\n${output}`)));
    child.once("error", reject);
  });
  return withinLimit(ready, "redis-server to accept connections", 10_000, () => child.kill("SIGKILL"));
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child = await launch(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      }),
    async restart() {
      child = await launch(port);
    },
  };
}
