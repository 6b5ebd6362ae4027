// One board, N participants, edits at a set total rate: what arrives where, and how late.
//
// On a 2-core machine the load generator's reads cost about as much CPU as the server's sends, so
// it reads most sockets in batches: "counters" are paused and read every BATCH_MS (the kernel
// keeps their frames meanwhile, so the server's work is the same), and a sample of "probes"
// spread along the join order, plus the writers, is read at once and timed. The long day can also
// put the counters in a niced process of their own (bench/counters.ts), where their reads wait for an
// idle core instead of taking turns with the timed participants and the server.
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { EventLoopDelay } from "./eld.js";
import type { CountersProcess } from "./counters.js";
import {
  compressedSyncUrl,
  connectRawParticipant,
  connectWriter,
  inBatches,
  type OnEdit,
  type Participant,
  type RawParticipant,
  type Writer,
} from "./participants.js";
import { Recorder } from "./recorder.js";
import type { BenchServer } from "./servers.js";
import { cpuPercent, MiB, sampleProcess, type Percentiles, type ProcessSample } from "./stats.js";

/** N participants on one board of one server. */
export interface Crowd {
  server: BenchServer;
  size: number;
  /** Full documents behind real providers; they make every edit, and are timed. */
  writers: Writer[];
  /** Raw participants read at once and timed. */
  probes: RawParticipant[];
  /** Raw participants read in batches, that only count. */
  counters: RawParticipant[];
  /** Or, instead, the counters in a process of their own (bench/counters.ts). */
  countersApart: CountersProcess | null;
  /** The counters' drops, as of the last tally of their process. */
  countersApartDrops: number;
  /** Each participant's time from its connection's start to its sync, in ms (writers first). */
  syncMs: number[];
  drops(): number;
  close(): void;
}

const TICK_MS = 2;
const BATCH_MS = 25;
/** Raw participants timed per crowd (at most), evenly spread along the join order. */
const PROBES = 24;

/** Every relayed edit any participant receives goes to the recorder of the load running now. */
let recording: Recorder | null = null;
const onProbe = (seq: number, arrivedAt: number) => recording?.arrived(seq, arrivedAt, true);
const onCount = (seq: number, arrivedAt: number) => recording?.arrived(seq, arrivedAt, false);

/** Makes one writer; the default is a full document behind a real y-websocket provider. */
export type ConnectWriter = (wsBase: string, room: string, cookie: string, author: number, onEdit: OnEdit) => Writer;

export async function gatherCrowd(
  server: BenchServer,
  sessionId: string,
  cookies: string[],
  size: number,
  writerCount: number,
  connect: ConnectWriter = connectWriter,
  /**
   * Whether the participants without a document ask for the whole board gzipped (`?sync=gzip`), as
   * the board page does in every browser that can inflate it (app/board/Board.client.tsx).
   */
  compressedSync = false,
  /** Where the counters connect from: this process (as before 2026-12-03), or their own (bench/counters.ts). */
  countersApart: CountersProcess | null = null,
): Promise<Crowd> {
  if (cookies.length < size) throw new Error(`need ${size} participant cookies, have ${cookies.length}`);
  const writers = cookies.slice(0, writerCount).map((cookie, author) => connect(server.wsBase, sessionId, cookie, author, onProbe));
  const plainUrl = `${server.wsBase}/${sessionId}`;
  const url = compressedSync ? compressedSyncUrl(plainUrl) : plainUrl;
  const raw = cookies.slice(writerCount, size);
  // Every k-th one is a probe, and so is the last one to join (the last one the server sends to).
  const every = Math.max(1, Math.ceil(raw.length / PROBES));
  const isProbe = (index: number) => index % every === every - 1 || index === raw.length - 1;
  const connectReceiver = async (cookie: string, probe: boolean) => {
    const participant = connectRawParticipant(url, cookie, probe ? onProbe : onCount);
    return { participant, probe, syncMs: await participant.synced };
  };
  let receivers: Awaited<ReturnType<typeof connectReceiver>>[];
  let countersSyncMs: number[] = [];
  if (countersApart) {
    // The same 16 connections at a time, shared in proportion, so that the probes stay spread along
    // the join order; the last probe joins after every counter, as the last one to join does above.
    const probeCookies = raw.filter((_cookie, index) => isProbe(index));
    const counterCookies = raw.filter((_cookie, index) => !isProbe(index));
    const probeLanes = Math.max(1, Math.round((16 * (probeCookies.length - 1)) / raw.length));
    const [early, counted] = await Promise.all([
      inBatches(probeCookies.slice(0, -1), probeLanes, (cookie) => connectReceiver(cookie, true)),
      countersApart.connect(url, counterCookies, 16 - probeLanes),
    ]);
    receivers = [...early, ...(probeCookies.length > 0 ? [await connectReceiver(probeCookies.at(-1)!, true)] : [])];
    countersSyncMs = counted;
  } else {
    receivers = await inBatches(raw, 16, (cookie, index) => connectReceiver(cookie, isProbe(index)));
  }
  const writersSyncMs = await Promise.all(writers.map((writer) => writer.synced));
  const everyone: Participant[] = [...writers, ...receivers.map((receiver) => receiver.participant)];
  const crowd: Crowd = {
    server,
    size,
    writers,
    probes: receivers.filter((receiver) => receiver.probe).map((receiver) => receiver.participant),
    counters: receivers.filter((receiver) => !receiver.probe).map((receiver) => receiver.participant),
    countersApart,
    countersApartDrops: 0,
    syncMs: [...writersSyncMs, ...receivers.map((receiver) => receiver.syncMs), ...countersSyncMs],
    drops: () => everyone.reduce((sum, participant) => sum + participant.drops, 0) + crowd.countersApartDrops,
    close: () => {
      everyone.forEach((participant) => participant.close());
      void countersApart?.disconnectAll();
    },
  };
  return crowd;
}

export interface LoadSpec {
  editsPerSecond: number;
  warmupMs: number;
  measureMs: number;
  /** After the last edit, how long to wait for late deliveries; what has not arrived counts as lost. */
  drainMs: number;
}

export interface LoadFigures {
  offeredEditsPerSecond: number;
  /** Edits relayed per second: deliveries in the window / (N − 1) / window. */
  relayedEditsPerSecond: number;
  /** Per delivery (one edit reaching one timed participant), in ms; a lost delivery counts as ∞. */
  latencyMs: Percentiles;
  /** Per edit, until the last timed participant had it (∞ if anyone at all missed it), in ms. */
  allReachedMs: Percentiles;
  editsMeasured: number;
  timedParticipants: number;
  lostDeliveries: number;
  serverCpuPercent: number;
  serverRssMiB: number;
  loadGeneratorCpuPercent: number;
  /** The counters' own process (bench/counters.ts), niced, when they run there; not in loadGeneratorCpuPercent. */
  countersCpuPercent?: number;
  loadGeneratorLagP99Ms: number;
  /** The server's own event-loop delay over the measured window (bench/eld-probe.mjs). */
  serverEventLoop: EventLoopDelay;
  drops: number;
}

/** Sequence numbers are never reused in a run, so a late frame of one load is ignored by the next. */
let nextSeq = 1;

/** Runs one load on a crowd: warm-up, measured window, drain. */
export async function runLoad(crowd: Crowd, spec: LoadSpec): Promise<LoadFigures> {
  const planned = Math.ceil((spec.editsPerSecond * (spec.warmupMs + spec.measureMs)) / 1000);
  const firstSeq = nextSeq;
  nextSeq += planned;
  const timed = crowd.probes.length + crowd.writers.length;
  const recorder = new Recorder(firstSeq, planned, crowd.size - 1, timed - 1);
  const apart = crowd.countersApart;
  /** What the counters' process received since its last tally, into the recorder. */
  const tallyApart = async () => {
    if (!apart) return;
    const tally = await apart.tally();
    for (const [seq, count] of tally.deliveries) recorder.counted(seq, count);
    recorder.arrivalsInWindow += tally.arrivalsInWindow;
    crowd.countersApartDrops = tally.drops;
  };
  await tallyApart(); // drops so far; what arrived before this load is not this load's
  const dropsBefore = crowd.drops();
  const lag = monitorEventLoopDelay({ resolution: 5 });
  let serverFrom: ProcessSample | undefined;
  let serverTo: ProcessSample | undefined;
  let ownFrom: NodeJS.CpuUsage | undefined;
  let apartFrom: ProcessSample | undefined;
  let apartTo: ProcessSample | undefined;
  let ownCpuMs = 0;
  let serverEventLoop: Promise<EventLoopDelay> | undefined;
  recording = recorder;
  const stopBatching = process.env.NOBATCH ? () => undefined : readInBatches(crowd.counters);
  const start = performance.now();
  recorder.windowStart = start + spec.warmupMs;
  recorder.windowEnd = recorder.windowStart + spec.measureMs;
  apart?.window(performance.timeOrigin + recorder.windowStart, performance.timeOrigin + recorder.windowEnd);
  await new Promise<void>((resolve) => {
    let issued = 0;
    // Each tick issues whatever is due, round-robin over the writers.
    const timer = setInterval(() => {
      const now = performance.now();
      if (!serverFrom && now >= recorder.windowStart) {
        serverFrom = sampleProcess(crowd.server.pid);
        ownFrom = process.cpuUsage();
        if (apart) apartFrom = sampleProcess(apart.pid);
        lag.enable();
        void crowd.server.eventLoop.take(); // the server's histogram starts afresh with the window
      }
      const due = Math.min(planned, Math.floor(((now - start) * spec.editsPerSecond) / 1000));
      for (; issued < due; issued++) {
        const writer = issued % crowd.writers.length;
        recorder.markSent(firstSeq + issued, performance.now());
        crowd.writers[writer].edit(Math.floor(issued / crowd.writers.length), firstSeq + issued);
      }
      if (now >= recorder.windowEnd) {
        serverTo = sampleProcess(crowd.server.pid);
        serverEventLoop = crowd.server.eventLoop.take();
        const own = process.cpuUsage(ownFrom);
        ownCpuMs = (own.user + own.system) / 1000;
        if (apart) apartTo = sampleProcess(apart.pid);
        lag.disable();
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
  const drainUntil = performance.now() + spec.drainMs;
  for (;;) {
    await tallyApart();
    if (recorder.complete() || performance.now() >= drainUntil) break;
    await delay(apart ? 40 : 10);
  }
  stopBatching();
  recording = null;
  const { latencyMs, allReachedMs, lost, edits } = recorder.results();
  return {
    offeredEditsPerSecond: spec.editsPerSecond,
    relayedEditsPerSecond: recorder.arrivalsInWindow / (crowd.size - 1) / (spec.measureMs / 1000),
    latencyMs,
    allReachedMs,
    editsMeasured: edits,
    timedParticipants: timed,
    lostDeliveries: lost,
    serverCpuPercent: cpuPercent(serverFrom!, serverTo!),
    serverRssMiB: serverTo!.rssBytes / MiB,
    loadGeneratorCpuPercent: (100 * ownCpuMs) / (serverTo!.at - serverFrom!.at),
    ...(apartFrom && apartTo ? { countersCpuPercent: cpuPercent(apartFrom, apartTo) } : {}),
    loadGeneratorLagP99Ms: lag.percentile(99) / 1e6,
    serverEventLoop: await serverEventLoop!,
    drops: crowd.drops() - dropsBefore,
  };
}

/**
 * Keeps the counters' sockets paused and lets them read once every BATCH_MS: resumed in a timer,
 * they read what the kernel holds in the next poll phase, and are paused again right after it.
 */
export function readInBatches(counters: RawParticipant[]): () => void {
  for (const counter of counters) counter.pause();
  const timer = setInterval(() => {
    for (const counter of counters) counter.resume();
    setImmediate(() => {
      for (const counter of counters) counter.pause();
    });
  }, BATCH_MS);
  return () => {
    clearInterval(timer);
    setImmediate(() => {
      for (const counter of counters) counter.resume();
    });
  };
}

/** Waits (at most `limitMs`) until the server has worked off its backlog: under 5 % CPU for 300 ms. */
export async function untilIdle(server: BenchServer, limitMs = 15_000): Promise<void> {
  const until = performance.now() + limitMs;
  let previous = sampleProcess(server.pid);
  while (performance.now() < until) {
    await delay(300);
    const now = sampleProcess(server.pid);
    if (cpuPercent(previous, now) < 5) return;
    previous = now;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
