// Loaded with `--import` into a server process by the bench (bench/servers.ts) when BENCH_ELD_SOCKET
// is set: records the main thread's event-loop delay (perf_hooks.monitorEventLoopDelay) and answers
// each line the bench sends on that Unix socket with the figures since the previous line, then
// starts afresh. A socket rather than a signal: signals coalesce, and the bench reads at window
// edges that may be milliseconds apart. The answer waits for the loop like any callback, which is
// the point: a blocked loop is also late to answer.
import { createServer } from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { isMainThread } from "node:worker_threads";

// The main thread's loop is the one that relays; a worker or child process of the server (which
// inherit NODE_OPTIONS) must not take the socket.
const socketPath = isMainThread ? process.env.BENCH_ELD_SOCKET : undefined;
delete process.env.BENCH_ELD_SOCKET;
/** The histogram's samples are timer intervals: the delay is what exceeds this tick. */
const RESOLUTION_MS = 5;

if (socketPath) {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const delay = (ns) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  const take = () => {
    const figures =
      histogram.count === 0
        ? { count: 0, minMs: null, p50Ms: null, p99Ms: null, maxMs: null }
        : {
            count: histogram.count,
            minMs: delay(histogram.min),
            p50Ms: delay(histogram.percentile(50)),
            p99Ms: delay(histogram.percentile(99)),
            maxMs: delay(histogram.max),
          };
    histogram.reset();
    return figures;
  };
  const server = createServer((socket) => {
    let pending = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk) => {
      pending += chunk;
      for (let end = pending.indexOf("\n"); end >= 0; end = pending.indexOf("\n")) {
        pending = pending.slice(end + 1);
        socket.write(`${JSON.stringify(take())}\n`);
      }
    });
    socket.on("error", () => undefined);
    socket.unref();
  });
  server.on("error", (error) => console.error(`bench eld probe: ${error.message}`));
  server.listen(socketPath);
  // Neither the listener nor its connections keep the server alive once it wants to exit.
  server.unref();
}
