// Loaded with `--import` into a server process when BENCH_CPU_PROFILE=<dir> is set (Node 20 refuses
// --cpu-prof in NODE_OPTIONS): profiles the main thread from start to exit, writes <dir>/<name>-<pid>.cpuprofile.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import path from "node:path";

const dir = process.env.BENCH_CPU_PROFILE;
const name = process.env.BENCH_CPU_PROFILE_NAME ?? "server";
const session = new Session();
session.connect();
session.post("Profiler.enable");
session.post("Profiler.setSamplingInterval", { interval: 500 });
session.post("Profiler.start");
// The inspector answers synchronously on the main thread, so this works inside an exit handler.
process.on("exit", () => {
  session.post("Profiler.stop", (error, result) => {
    if (!error) writeFileSync(path.join(dir, `${name}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
});
// The reference server has no SIGTERM handler; ours has one that ends with process.exit().
process.on("SIGTERM", () => {
  if (process.listenerCount("SIGTERM") === 1) process.exit(0);
});
