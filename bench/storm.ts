// Join storm (issue 19): a board pre-filled with thousands of notes, 10 participants already on it
// editing at 50 edits/s in total, then 200 or 400 newcomers connecting within 5 s, evenly spread.
// Measured: each newcomer's time from its connection's start to the whole board (sync step 2), the
// connected participants' fan-out during the storm, the server's event-loop delay, its peak RSS.
// Our server and the reference take turns on each board size.
import WebSocket from "ws";
import { createSessionFor, participantCookie } from "../test/support/fixtures.js";
import { originOf } from "../test/support/clients.js";
import { benchDatabase, prefillBoard, type DatabaseKind } from "./boards.js";
import type { EventLoopDelay } from "./eld.js";
import { untilIdle } from "./load.js";
import { connectNoteWriter } from "./note-writer.js";
import { startNewcomers } from "./newcomers.js";
import { compressedSyncUrl, inBatches, type Writer } from "./participants.js";
import { Recorder } from "./recorder.js";
import { startOurServer, startReferenceServer, type BenchServer, type ServerName } from "./servers.js";
import { cpuPercent, MiB, sampleMainThread, sampleProcess, summarize, type Percentiles } from "./stats.js";
import { createFacilitatorWithSession } from "../test/support/fixtures.js";

export interface StormPlan {
  boardNotes: number[];
  newcomers: number[];
  spreadMs: number;
  connected: number;
  editsPerSecond: number;
  warmupMs: number;
  drainMs: number;
  database: DatabaseKind;
  reference: boolean;
  /** Our server's newcomers: plain (false), asking for the gzipped board (true), or both in turn. */
  gzip: boolean[];
}

export interface StormCell {
  server: ServerName;
  serverCommit: string | null;
  database: DatabaseKind | null;
  boardNotes: number;
  boardBytes: number;
  newcomers: number;
  /** Whether the newcomers asked for the whole board gzipped (`?sync=gzip`, decision 010). */
  gzip: boolean;
  /** Bytes of the whole-board frame a newcomer received (the first synced one's), MiB. */
  wholeMiB: number;
  /** Per newcomer, connection start → sync step 2 (ms); a newcomer that never synced counts as ∞. */
  syncMs: Percentiles;
  failed: number;
  /** From the first newcomer's start to the last one's sync (ms). */
  stormMs: number;
  /** Fan-out to the connected participants, for edits sent during the storm. */
  connectedLatencyMs: Percentiles;
  lostDeliveries: number;
  /** Connections of the connected participants lost during the cell (closed by the server). */
  writerDrops: number;
  serverEventLoop: EventLoopDelay;
  peakRssMiB: number;
  serverCpuPercent: number;
  /** Of which the main thread (the rest: the compaction worker, GC helpers…). */
  mainThreadCpuPercent: number;
  /** Both processes of the load generator, in % of one core (bench/newcomers.ts)… */
  loadGeneratorCpuPercent: number;
  /** …of which the newcomers' own process (absent from result files before 2026-12-02). */
  newcomersCpuPercent?: number;
}

const TICK_MS = 2;
/** Storm edits are numbered apart from bench/load.ts's, so late frames of either are ignored by the other. */
let nextSeq = 600_000_000;
/**
 * Each cell's writers start with fresh private documents, so they write notes of their own that no
 * earlier cell wrote: a fresh document setting a key the board already holds would lose the Yjs
 * conflict to the stored value half the time, and its edits would arrive without their marker.
 */
let nextAuthor = 0;

export async function joinStorm(plan: StormPlan, log: (line: string) => void): Promise<StormCell[]> {
  const database = await benchDatabase(plan.database);
  const servers: BenchServer[] = [];
  try {
    const { user, structure } = await createFacilitatorWithSession(database.db);
    const people = plan.connected + Math.max(...plan.newcomers);
    const ours = await startOurServer(database.url, {
      SESSION_MAX_PARTICIPANTS: String(people),
      BOARD_MAX_CONNECTIONS_PER_ROOM: String(people + 100),
    });
    servers.push(ours);
    const reference = plan.reference ? await startReferenceServer() : null;
    if (reference) servers.push(reference);
    const cells: StormCell[] = [];
    let turn = 0;
    for (const notes of plan.boardNotes) {
      const sessionId = await createSessionFor(database.db, user.id, structure.id);
      const cookies = await inBatches(
        Array.from({ length: people }, (_, seat) => seat),
        8,
        (seat) => participantCookie(database.db, sessionId, `Participant ${seat + 1}`),
      );
      const state = await prefillBoard(database, sessionId, notes);
      log(`storm: board of ${notes} notes (${(state.byteLength / MiB).toFixed(1)} MiB) stored`);
      // The reference keeps a room only while someone is in it: a holder socket fills it and stays.
      const holder = reference ? await fillReferenceRoom(reference, `storm-${notes}`, state) : null;
      try {
        for (const newcomers of plan.newcomers) {
          const runs = [...plan.gzip.map((gzip) => ({ server: ours, gzip })), ...(reference ? [{ server: reference, gzip: false }] : [])];
          if (turn++ % 2 === 1) runs.reverse();
          for (const { server, gzip } of runs) {
            const room = server === ours ? sessionId : `storm-${notes}`;
            const cell = await stormCell(server, room, cookies, newcomers, plan, gzip);
            cells.push({ ...cell, database: server === ours ? plan.database : null, boardNotes: notes, boardBytes: state.byteLength });
            log(
              `storm ${server.name}${gzip ? " gzip" : ""} ${notes} notes × ${newcomers}: whole ${cell.wholeMiB.toFixed(2)} MiB, sync p50 ${cell.syncMs.p50.toFixed(0)} / p99 ${cell.syncMs.p99.toFixed(0)} / max ${cell.syncMs.max.toFixed(0)} ms, ` +
                `connected p99 ${cell.connectedLatencyMs.p99.toFixed(1)} ms, loop delay max ${cell.serverEventLoop.maxMs?.toFixed(0)} ms, RSS ${cell.peakRssMiB.toFixed(0)} MiB`,
            );
            await untilIdle(server);
          }
        }
      } finally {
        holder?.close();
      }
    }
    return cells;
  } finally {
    for (const server of servers) await server.stop();
    await database.cleanup();
  }
}

type CellFigures = Omit<StormCell, "database" | "boardNotes" | "boardBytes">;

async function stormCell(
  server: BenchServer,
  room: string,
  cookies: string[],
  newcomers: number,
  plan: StormPlan,
  gzip: boolean,
): Promise<CellFigures> {
  const url = `${server.wsBase}/${room}`;
  const planned = Math.ceil((plan.editsPerSecond * (plan.warmupMs + plan.spreadMs * 4 + 30_000)) / 1000);
  const firstSeq = nextSeq;
  nextSeq += planned;
  // Only the connected participants are timed: the newcomers' share is their sync time.
  const recorder = new Recorder(firstSeq, planned, plan.connected - 1, plan.connected - 1);
  const record = (seq: number, at: number) => recorder.arrived(seq, at, true);
  const newcomersProcess = await startNewcomers();
  const writers: Writer[] = [];
  let timer: NodeJS.Timeout | undefined;
  let rssTimer: NodeJS.Timeout | undefined;
  try {
    writers.push(...cookies.slice(0, plan.connected).map((cookie) => connectNoteWriter(url, cookie, nextAuthor++, record, "move")));
    await Promise.all(writers.map((writer) => writer.synced));

    const start = performance.now();
    const stormAt = start + plan.warmupMs;
    recorder.windowStart = stormAt;
    let peakRss = sampleProcess(server.pid).rssBytes;
    rssTimer = setInterval(() => (peakRss = Math.max(peakRss, sampleProcess(server.pid).rssBytes)), 100);
    let serverFrom: ReturnType<typeof sampleProcess> | undefined;
    let mainFrom: ReturnType<typeof sampleProcess> | undefined;
    let ownFrom: NodeJS.CpuUsage | undefined;
    let issued = 0;
    timer = setInterval(() => {
      const now = performance.now();
      if (!serverFrom && now >= stormAt) {
        serverFrom = sampleProcess(server.pid);
        mainFrom = sampleMainThread(server.pid);
        ownFrom = process.cpuUsage();
        void server.eventLoop.take(); // the server's histogram starts afresh with the storm
      }
      const due = Math.min(planned, Math.floor(((now - start) * plan.editsPerSecond) / 1000));
      for (; issued < due; issued++) {
        const writer = issued % writers.length;
        recorder.markSent(firstSeq + issued, performance.now());
        writers[writer].edit(Math.floor(issued / writers.length), firstSeq + issued);
      }
    }, TICK_MS);
    // The newcomers connect from their own process (bench/newcomers.ts), on the same schedule.
    const arrivals = await newcomersProcess.storm({
      url: gzip ? compressedSyncUrl(url) : url,
      cookies: cookies.slice(plan.connected, plan.connected + newcomers),
      spreadMs: plan.spreadMs,
      stormAtEpochMs: performance.timeOrigin + stormAt,
    });
    const stormEnd = Math.max(performance.now(), stormAt + plan.spreadMs);
    recorder.windowEnd = stormEnd;
    const serverEventLoop = server.eventLoop.take();
    const serverTo = sampleProcess(server.pid);
    const mainTo = sampleMainThread(server.pid);
    const own = process.cpuUsage(ownFrom);
    // Edits keep coming for the drain, so the last ones of the window travel in the same conditions.
    const drainUntil = performance.now() + plan.drainMs;
    while (!recorder.complete() && performance.now() < drainUntil) await delay(10);
    const { latencyMs, lost } = recorder.results();
    return {
      server: server.name,
      serverCommit: server.commit,
      newcomers,
      gzip,
      wholeMiB: arrivals.wholeBytes / MiB,
      syncMs: summarize(Float64Array.from(arrivals.syncMs)),
      failed: arrivals.failed,
      stormMs: arrivals.lastSyncAtEpochMs ? arrivals.lastSyncAtEpochMs - performance.timeOrigin - stormAt : 0,
      connectedLatencyMs: latencyMs,
      lostDeliveries: lost,
      writerDrops: writers.reduce((sum, writer) => sum + writer.drops, 0),
      serverEventLoop: await serverEventLoop,
      peakRssMiB: peakRss / MiB,
      serverCpuPercent: cpuPercent(serverFrom!, serverTo),
      mainThreadCpuPercent: cpuPercent(mainFrom!, mainTo),
      // Both processes of the load generator: the connected participants' and the newcomers'.
      loadGeneratorCpuPercent: (100 * (own.user + own.system + arrivals.cpuMicros)) / 1000 / (serverTo.at - serverFrom!.at),
      newcomersCpuPercent: (100 * arrivals.cpuMicros) / 1000 / (serverTo.at - serverFrom!.at),
    };
  } finally {
    clearInterval(timer);
    clearInterval(rssTimer);
    for (const writer of writers) writer.close();
    await newcomersProcess.close();
  }
}

/** Sends the whole board to a reference room as one update, and waits for the room to hold it. */
async function fillReferenceRoom(server: BenchServer, room: string, state: Uint8Array): Promise<WebSocket> {
  const url = `${server.wsBase}/${room}`;
  const socket = new WebSocket(url, { headers: { Origin: originOf(url) }, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  const update = new Uint8Array(state.byteLength + 8);
  // [sync, update, varUint8Array(state)], then an empty step 1: its step 2 comes once the update is in.
  const header = varUintFrame([0, 2], state.byteLength);
  update.set(header);
  update.set(state, header.length);
  socket.send(update.subarray(0, header.length + state.byteLength));
  const answered = new Promise<void>((resolve) =>
    socket.on("message", (data: Buffer) => {
      if (data[0] === 0 && data[1] === 1 && data.byteLength >= state.byteLength / 2) resolve();
    }),
  );
  socket.send(Uint8Array.of(0, 0, 1, 0));
  await answered;
  return socket;
}

function varUintFrame(prefix: number[], length: number): Uint8Array {
  const bytes = [...prefix];
  let value = length;
  while (value > 0x7f) {
    bytes.push(0x80 | (value & 0x7f));
    value = Math.floor(value / 128);
  }
  bytes.push(value);
  return Uint8Array.from(bytes);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
