// The join storm's newcomers in a process of their own (bench/storm.ts). Receiving 400 whole boards
// (3 GiB on loopback for a 20,000-note board) keeps a core busy; in the process that also times the
// connected participants it delayed when their edits were noted as arrived — the instrument's queue,
// not the server's, in their p99. Here the connected participants and the newcomers have an event
// loop each (the newcomers still share one: their sync times may include its queue when it is
// saturated, see its CPU in the table); both share the host's cores with the server, for the
// reference server exactly as for ours.
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { childMessages } from "./child-messages.js";
import { readInBatches } from "./load.js";
import { connectRawParticipant, type RawParticipant } from "./participants.js";

export interface NewcomersPlan {
  url: string;
  /** One participant cookie per newcomer, in the order they connect. */
  cookies: string[];
  spreadMs: number;
  /** When the first newcomer starts, as epoch milliseconds (performance.timeOrigin + now()). */
  stormAtEpochMs: number;
}

export interface NewcomersResult {
  /** Per newcomer, connection start → synced (ms); Infinity for one that never synced. */
  syncMs: number[];
  failed: number;
  /** The last sync, as epoch milliseconds (0 when none synced). */
  lastSyncAtEpochMs: number;
  /** Bytes of the whole-board frame of the first newcomer that synced. */
  wholeBytes: number;
  /** This process's CPU time from the storm's start to its last newcomer settled (µs). */
  cpuMicros: number;
}

type ToChild = { type: "storm"; plan: NewcomersPlan } | { type: "close" };
type ToParent = { type: "ready" } | { type: "settled"; result: NewcomersResult };

const TICK_MS = 2;

/** The newcomers' process, ready to be given a storm; `close` ends it and its connections. */
export async function startNewcomers(): Promise<{ storm(plan: NewcomersPlan): Promise<NewcomersResult>; close(): Promise<void> }> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    // Structured clone, so that a newcomer that never synced keeps its Infinity.
    serialization: "advanced",
  });
  const { exited, next } = childMessages<ToParent>(child, "the newcomers' process");
  await next("ready");
  return {
    async storm(plan) {
      const settled = next("settled");
      child.send({ type: "storm", plan } satisfies ToChild);
      return (await settled).result;
    },
    async close() {
      if (child.connected) child.send({ type: "close" } satisfies ToChild);
      await exited;
    },
  };
}

/** In the child: newcomer i starts at stormAt + i × spread / n, then is read in batches once synced. */
function runStorm(plan: NewcomersPlan): { settled: Promise<NewcomersResult>; close(): void } {
  const newcomers = plan.cookies.length;
  const stormAt = plan.stormAtEpochMs - performance.timeOrigin;
  const arrivals: RawParticipant[] = [];
  // Synced newcomers are read in batches, as bench/load.ts reads its counters: the list is read at every
  // batch, so each newcomer joins it (paused) once synced.
  const synced: RawParticipant[] = [];
  const stopReading = readInBatches(synced);
  const syncMs = new Array<number>(newcomers).fill(Infinity);
  let failed = 0;
  let settledCount = 0;
  let lastSyncAt = 0;
  let launched = 0;
  let cpuFrom: NodeJS.CpuUsage | undefined;
  const settled = new Promise<NewcomersResult>((resolve) => {
    const finish = () => {
      clearInterval(launcher);
      const cpu = process.cpuUsage(cpuFrom);
      const wholeBytes = arrivals.find((participant) => participant.wholeBytes > 0)?.wholeBytes ?? 0;
      const lastSyncAtEpochMs = lastSyncAt ? performance.timeOrigin + lastSyncAt : 0;
      resolve({ syncMs, failed, lastSyncAtEpochMs, wholeBytes, cpuMicros: cpu.user + cpu.system });
    };
    const launch = (index: number) => {
      const participant = connectRawParticipant(plan.url, plan.cookies[index]);
      arrivals.push(participant);
      participant.synced
        .then(
          (ms) => {
            syncMs[index] = ms;
            lastSyncAt = performance.now();
            participant.pause();
            synced.push(participant);
          },
          () => (failed += 1),
        )
        .finally(() => {
          if (++settledCount === newcomers) finish();
        });
    };
    const launcher = setInterval(() => {
      const now = performance.now();
      if (now < stormAt) return;
      cpuFrom ??= process.cpuUsage();
      for (; launched < newcomers && now >= stormAt + (launched * plan.spreadMs) / newcomers; launched++) launch(launched);
    }, TICK_MS);
    if (newcomers === 0) finish();
  });
  return {
    settled,
    close() {
      stopReading();
      for (const participant of arrivals) participant.close();
    },
  };
}

if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  let current: ReturnType<typeof runStorm> | undefined;
  // A parent gone (ended, killed, or thrown past its cleanup) takes the newcomers with it.
  process.on("disconnect", () => {
    current?.close();
    process.exit(0);
  });
  process.on("message", (message: ToChild) => {
    if (message.type === "storm") {
      current = runStorm(message.plan);
      void current.settled.then((result) => process.send!({ type: "settled", result } satisfies ToParent));
    } else {
      process.disconnect();
    }
  });
  process.send({ type: "ready" } satisfies ToParent);
}
