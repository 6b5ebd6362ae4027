// The long day's untimed participants ("counters", bench/load.ts) in a process of their own that runs
// at the lowest CPU priority (nice 19). They stand for the phones of 156 people: the server must
// write every edit to each of them, as before, but reading those bytes is the phones' work, not the
// server host's. In the load generator's own process they took about a third of its CPU (reads of
// 156 sockets every 25 ms, each a burst that also held up the timed participants' arrivals), on the
// same 2 cores as the server. Here their reads run when a core would otherwise be idle: closer to
// the "outside load client" without a second machine. The timed participants and the
// writers stay in the load generator at normal priority, so that what they note is not delayed by
// the priority given up here. `--counters=apart` in bench/run.ts; by default they stay in the load
// generator: on 2026-12-03 this helped the SQLite long day's p99 and not PostgreSQL's (bench/README.md).
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { childMessages } from "./child-messages.js";
import { readInBatches } from "./load.js";
import { connectRawParticipant, inBatches, type RawParticipant } from "./participants.js";

export interface CountersTally {
  /** Deliveries per edit since the previous tally: [sequence number, deliveries]. */
  deliveries: [number, number][];
  /** Of those, the deliveries that arrived inside the window given by `window`. */
  arrivalsInWindow: number;
  /** Connections lost after their sync, in all (not since the previous tally). */
  drops: number;
}

type ToChild =
  | { type: "connect"; url: string; cookies: string[]; lanes: number }
  | { type: "window"; startEpochMs: number; endEpochMs: number }
  | { type: "tally" }
  | { type: "disconnect-all" }
  | { type: "close" };
type ToParent =
  | { type: "ready" }
  | { type: "connected"; syncMs: number[] }
  | { type: "failed"; message: string }
  | { type: "tally"; tally: CountersTally }
  | { type: "disconnected" };

export interface CountersProcess {
  pid: number;
  /** Connects one counter per cookie, `lanes` at a time; resolves with each one's sync time (ms). */
  connect(url: string, cookies: string[], lanes: number): Promise<number[]>;
  /** From now on, arrivals between these two moments (epoch ms) count as inside the measured window. */
  window(startEpochMs: number, endEpochMs: number): void;
  tally(): Promise<CountersTally>;
  /** Closes every counter (the process stays, for the next crowd). */
  disconnectAll(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the counters' process, niced to 19 (every thread it starts inherits the priority). */
export async function startCounters(): Promise<CountersProcess> {
  const child: ChildProcess = spawn("nice", ["-n", "19", process.execPath, "--import", "tsx", fileURLToPath(import.meta.url)], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    serialization: "advanced",
  });
  const { exited, next } = childMessages<ToParent>(child, "the counters' process");
  const send = (message: ToChild) => child.send(message);
  await next("ready");
  return {
    pid: child.pid!,
    async connect(url, cookies, lanes) {
      const answer = next("connected", "failed");
      send({ type: "connect", url, cookies, lanes });
      const message = await answer;
      if (message.type === "failed") throw new Error(message.message);
      return message.syncMs;
    },
    window(startEpochMs, endEpochMs) {
      send({ type: "window", startEpochMs, endEpochMs });
    },
    async tally() {
      const answer = next("tally");
      send({ type: "tally" });
      return (await answer).tally;
    },
    async disconnectAll() {
      const answer = next("disconnected");
      send({ type: "disconnect-all" });
      await answer;
    },
    async close() {
      if (child.connected) send({ type: "close" });
      await exited;
    },
  };
}

/** In the child: the counters, read in batches from their sync on, and what they received. */
function countersHere() {
  let counters: RawParticipant[] = [];
  let stopReading = () => undefined as void;
  let deliveries = new Map<number, number>();
  let arrivalsInWindow = 0;
  let window = { start: Infinity, end: Infinity };
  const onCount = (seq: number, arrivedAt: number) => {
    deliveries.set(seq, (deliveries.get(seq) ?? 0) + 1);
    const at = performance.timeOrigin + arrivedAt;
    if (at >= window.start && at < window.end) arrivalsInWindow += 1;
  };
  return {
    async connect(url: string, cookies: string[], lanes: number): Promise<number[]> {
      const connected = await inBatches(cookies, lanes, async (cookie) => {
        const participant = connectRawParticipant(url, cookie, onCount);
        counters.push(participant);
        return participant.synced;
      });
      stopReading = readInBatches(counters);
      return connected;
    },
    window(start: number, end: number) {
      window = { start, end };
    },
    tally(): CountersTally {
      const tally = {
        deliveries: [...deliveries],
        arrivalsInWindow,
        drops: counters.reduce((sum, counter) => sum + counter.drops, 0),
      };
      deliveries = new Map();
      arrivalsInWindow = 0;
      return tally;
    },
    disconnectAll() {
      stopReading();
      for (const counter of counters) counter.close();
      counters = [];
    },
  };
}

if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  const here = countersHere();
  const reply = (message: ToParent) => process.send!(message);
  // A parent gone (ended, killed, or thrown past its cleanup) takes the counters with it.
  process.on("disconnect", () => {
    here.disconnectAll();
    process.exit(0);
  });
  process.on("message", (message: ToChild) => {
    switch (message.type) {
      case "connect":
        here.connect(message.url, message.cookies, message.lanes).then(
          (syncMs) => reply({ type: "connected", syncMs }),
          (error: unknown) => reply({ type: "failed", message: error instanceof Error ? error.message : String(error) }),
        );
        break;
      case "window":
        here.window(message.startEpochMs, message.endEpochMs);
        break;
      case "tally":
        reply({ type: "tally", tally: here.tally() });
        break;
      case "disconnect-all":
        here.disconnectAll();
        reply({ type: "disconnected" });
        break;
      case "close":
        process.disconnect();
    }
  });
  reply({ type: "ready" });
}
