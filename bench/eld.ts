// The bench's side of bench/eld-probe.mjs: one Unix socket per server child, read at window edges.
import { mkdtempSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** The server's event-loop delay over a window, in ms beyond the probe's 5 ms tick (null: no sample). */
export interface EventLoopDelay {
  count: number;
  minMs: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

export interface EventLoopProbe {
  /** The figures since the previous call (or the server's start); the probe starts afresh. */
  take(): Promise<EventLoopDelay>;
  close(): void;
}

/** The environment that makes a server child load the probe, and the socket it will listen on. */
export function eventLoopProbeOptions(name: string): { nodeOption: string; socketPath: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), `bench-eld-${name}-`));
  const socketPath = path.join(dir, "eld.sock");
  return {
    nodeOption: `--import=${pathToFileURL(path.join(import.meta.dirname, "eld-probe.mjs")).href}`,
    socketPath,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Connects to a probe; answers come back in the order asked. */
export async function connectEventLoopProbe(socketPath: string): Promise<EventLoopProbe> {
  const socket: Socket = await new Promise((resolve, reject) => {
    const attempt = connect(socketPath);
    attempt.once("connect", () => resolve(attempt));
    attempt.once("error", reject);
  });
  socket.setEncoding("utf8");
  const waiting: ((figures: EventLoopDelay) => void)[] = [];
  let pending = "";
  socket.on("data", (chunk: string) => {
    pending += chunk;
    for (let end = pending.indexOf("\n"); end >= 0; end = pending.indexOf("\n")) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      waiting.shift()?.(JSON.parse(line) as EventLoopDelay);
    }
  });
  socket.on("error", () => undefined);
  // A server that exits mid-window leaves its window without figures rather than the bench waiting.
  socket.on("close", () => {
    for (const resolve of waiting.splice(0)) resolve({ count: 0, minMs: null, p50Ms: null, p99Ms: null, maxMs: null });
  });
  socket.unref();
  return {
    take() {
      return new Promise((resolve, reject) => {
        if (socket.destroyed) return reject(new Error("event-loop probe: socket closed"));
        waiting.push(resolve);
        socket.write("take\n");
      });
    },
    close: () => socket.destroy(),
  };
}
