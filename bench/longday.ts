// Long day (issue 19): 200 participants at 200 edits/s in total, ten consecutive 8-second runs on
// one board that grows (every edit adds a note) to about 20,000 records. Before each run everyone
// reconnects, as after a break, and the time for the 200 to connect and sync is measured; each run
// reports p99 and max fan-out and the server's event-loop delay. On SQLite and on PostgreSQL.
import { createFacilitatorWithSession, participantCookie } from "../test/support/fixtures.js";
import { benchDatabase, prefillBoard, type DatabaseKind } from "./boards.js";
import { startCounters } from "./counters.js";
import type { EventLoopDelay } from "./eld.js";
import { gatherCrowd, runLoad, untilIdle, type LoadFigures, type LoadSpec } from "./load.js";
import { connectNoteWriter, NoteWriterState } from "./note-writer.js";
import { inBatches } from "./participants.js";
import { startOurServer } from "./servers.js";
import {
  cpuPercent,
  MiB,
  sampleHost,
  sampleMainThread,
  sampleProcess,
  sampleRunQueueWait,
  stolenPercent,
  summarize,
  waitedMsPerSecond,
  type Percentiles,
} from "./stats.js";

export interface LongDayPlan {
  participants: number;
  /** Of the participants, those who add the notes (each at most 1,000 records: docs/decisions/009). */
  writers: number;
  editsPerSecond: number;
  runs: number;
  /** Notes on the board before the first run. */
  initialNotes: number;
  load: Omit<LoadSpec, "editsPerSecond">;
  databases: DatabaseKind[];
  /**
   * Whether the participants without a document reconnect asking for the whole board gzipped, as the
   * board page does (`?sync=gzip`); plain is what a client that cannot inflate gets.
   */
  compressedSync: boolean;
  /**
   * Whether the untimed participants (the counters) read from a process of their own at the lowest
   * CPU priority (bench/counters.ts), as phones whose reading is not the server host's work; false
   * keeps them in the load generator, as every long day before 2026-12-03.
   */
  countersApart: boolean;
}

export interface LongDayRun {
  run: number;
  /** Records on the board when the run ends (pre-filled notes + every note added so far). */
  boardNotes: number;
  /** Wall time from the first connection's start to the last participant's sync. */
  connectAllMs: number;
  /** Per participant, connection start → sync. */
  syncMs: Percentiles;
  connectEventLoop: EventLoopDelay;
  figures: LoadFigures;
  /** Over the whole run (warm-up to drain): the server's main thread, and its other threads (the compaction worker…). */
  mainThreadCpuPercent: number;
  otherThreadsCpuPercent: number;
  rssMiB: number;
  /** Of the host's CPU time, the share the hypervisor gave to other guests while the 200 joined, and during the run. */
  hostStolenPercent: { joining: number; run: number };
  /**
   * Over the run, milliseconds per second that the server's main thread (the relay) and the load
   * generator's had work and waited for a core (null without schedstat; absent before 2026-12-03).
   */
  waitedForCoreMsPerSecond?: { server: number | null; loadGenerator: number | null };
}

export interface LongDay {
  database: DatabaseKind;
  serverCommit: string | null;
  /** Absent from result files before 2026-12-03 (the counters were in the load generator). */
  countersApart?: boolean;
  runs: LongDayRun[];
}

export async function longDay(plan: LongDayPlan, log: (line: string) => void): Promise<LongDay[]> {
  const days: LongDay[] = [];
  for (const kind of plan.databases) days.push({ database: kind, ...(await oneDay(kind, plan, log)) });
  return days;
}

async function oneDay(kind: DatabaseKind, plan: LongDayPlan, log: (line: string) => void): Promise<Omit<LongDay, "database">> {
  const database = await benchDatabase(kind);
  try {
    const { sessionId } = await createFacilitatorWithSession(database.db);
    const cookies = await inBatches(
      Array.from({ length: plan.participants }, (_, seat) => seat),
      8,
      (seat) => participantCookie(database.db, sessionId, `Participant ${seat + 1}`),
    );
    await prefillBoard(database, sessionId, plan.initialNotes);
    const server = await startOurServer(database.url, { SESSION_MAX_PARTICIPANTS: String(plan.participants) });
    const counters = plan.countersApart ? await startCounters() : null;
    // Each writer keeps its document from run to run, so its notes pile up on the board.
    const states = Array.from({ length: plan.writers }, () => new NoteWriterState());
    const runs: LongDayRun[] = [];
    try {
      for (let run = 1; run <= plan.runs; run++) {
        await server.eventLoop.take();
        const hostBeforeJoin = sampleHost();
        const connectStart = performance.now();
        const crowd = await gatherCrowd(
          server,
          sessionId,
          cookies,
          plan.participants,
          plan.writers,
          (wsBase, room, cookie, author, onEdit) => connectNoteWriter(`${wsBase}/${room}`, cookie, author, onEdit, "add", states[author]),
          plan.compressedSync,
          counters,
        );
        const connectAllMs = performance.now() - connectStart;
        const connectEventLoop = await server.eventLoop.take();
        const hostAfterJoin = sampleHost();
        try {
          const [processFrom, mainFrom] = [sampleProcess(server.pid), sampleMainThread(server.pid)];
          const waitFrom = { server: sampleRunQueueWait(server.pid), loadGenerator: sampleRunQueueWait() };
          const figures = await runLoad(crowd, { editsPerSecond: plan.editsPerSecond, ...plan.load });
          const [processTo, mainTo] = [sampleProcess(server.pid), sampleMainThread(server.pid)];
          const waitTo = { server: sampleRunQueueWait(server.pid), loadGenerator: sampleRunQueueWait() };
          const hostAfterRun = sampleHost();
          const mainThreadCpuPercent = cpuPercent(mainFrom, mainTo);
          const added = states.reduce((sum, state) => sum + state.added, 0);
          const entry: LongDayRun = {
            run,
            boardNotes: plan.initialNotes + added,
            connectAllMs,
            syncMs: summarize(Float64Array.from(crowd.syncMs)),
            connectEventLoop,
            figures,
            mainThreadCpuPercent,
            otherThreadsCpuPercent: cpuPercent(processFrom, processTo) - mainThreadCpuPercent,
            rssMiB: sampleProcess(server.pid).rssBytes / MiB,
            hostStolenPercent: { joining: stolenPercent(hostBeforeJoin, hostAfterJoin), run: stolenPercent(hostAfterJoin, hostAfterRun) },
            waitedForCoreMsPerSecond: {
              server: waitedMsPerSecond(waitFrom.server, waitTo.server),
              loadGenerator: waitedMsPerSecond(waitFrom.loadGenerator, waitTo.loadGenerator),
            },
          };
          runs.push(entry);
          log(
            `long day ${kind} run ${run}: ${entry.boardNotes} notes, connect+sync ${connectAllMs.toFixed(0)} ms, ` +
              `p99 ${figures.latencyMs.p99.toFixed(1)} ms, max ${figures.latencyMs.max.toFixed(0)} ms, loop delay max ${figures.serverEventLoop.maxMs?.toFixed(0)} ms ` +
              `(joining ${connectEventLoop.maxMs?.toFixed(0)} ms), host CPU stolen ${entry.hostStolenPercent.run.toFixed(0)} % (joining ${entry.hostStolenPercent.joining.toFixed(0)} %)`,
          );
        } finally {
          crowd.close();
        }
        await untilIdle(server);
      }
    } finally {
      await counters?.close();
      await server.stop();
    }
    return { serverCommit: server.commit, countersApart: plan.countersApart, runs };
  } finally {
    await database.cleanup();
  }
}
