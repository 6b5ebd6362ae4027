// One node vs three behind HAProxy (issue 18), on this machine and one PostgreSQL database: 300 boards of
// 10 participants. Each board has one writer and two watchers holding full documents behind y-websocket
// providers with a browser's reconnection (they are timed), and seven raw participants read in batches
// (they count). Phases, on the same boards:
//   1. one node alone (no cluster mode), participants connected to it;
//   2. three nodes, participants through HAProxy (deploy/haproxy.cfg): a board's path hashes to one node,
//      which takes it, so nearly everyone lands on the owner;
//   3. recovery: while phase 2's writers edit, the node holding the most boards is killed (SIGKILL); per
//      board it held, the time until a watcher receives an edit made after the kill;
//   4. the killed node restarted, every participant connected straight to a node that does not own its
//      board (each board first taken through HAProxy): the cost of the forwarding hop.
// The 2-core machine runs the nodes, HAProxy, PostgreSQL and the load generator at once: it caps any
// speed-up three nodes could give; the figures show what the extra hops and processes cost here.
import os from "node:os";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { findHaproxy, startHaproxy, type HaproxyProcess } from "../scripts/haproxy.js";
import { browserLikeSocket } from "../test/support/clients.js";
import { createFacilitatorWithSession, createSessionFor, participantCookie } from "../test/support/fixtures.js";
import { benchDatabase, type BenchDatabase } from "./boards.js";
import { applyMarkedEdit, sequencesInUpdate } from "./edits.js";
import { readInBatches, untilIdle } from "./load.js";
import { connectRawParticipant, inBatches, type OnEdit, type RawParticipant, type Writer } from "./participants.js";
import { Recorder } from "./recorder.js";
import { startOurServer, type BenchServer } from "./servers.js";
import { cpuPercent, fixed, ms, renderTable, sampleProcess, summarize, type Percentiles, type ProcessSample } from "./stats.js";
import { freePort } from "../test/support/server-process.js";

export interface ClusterPlan {
  boards: number;
  participantsPerBoard: number;
  /** Full-document participants per board besides the writer: they reconnect like a browser, and are timed. */
  watchersPerBoard: number;
  /** Edits per second on each board; one measured load per rate and phase. */
  ratesPerBoard: number[];
  load: { warmupMs: number; measureMs: number; drainMs: number };
  /** False (`--nodes=1`): the one node only, e.g. to check the bench itself. */
  cluster: boolean;
  /** How long to wait for every board of the killed node to be edited again. */
  recoveryLimitMs: number;
}

export type ClusterSetup = "one node" | "3 nodes, HAProxy" | "3 nodes, non-owners";

export interface ClusterLoad {
  setup: ClusterSetup;
  offeredEditsPerSecond: number;
  relayedEditsPerSecond: number;
  /** Per delivery to a watcher (a lost one counts as ∞), ms. */
  latencyMs: Percentiles;
  lostDeliveries: number;
  /** All nodes together, in % of one core. */
  nodesCpuPercent: number;
  haproxyCpuPercent: number | null;
  loadGeneratorCpuPercent: number;
  drops: number;
  /** The machine's 1-minute load average at the window's end: the machine is shared, this says how much. */
  machineLoad: number;
}

export interface ClusterRecovery {
  boardsOfKilledNode: number;
  /** Per board of the killed node whose writer lost its connection: SIGKILL → synced again (with whichever node took it), ms. */
  writerSyncedMs: Percentiles;
  /** Writers of those boards whose connection was never cut (their node was alive and forwarded them on). */
  writersKeptConnection: number;
  /** How those writers' sockets ended between the kill and their new sync ("code reason" → count): why reconnecting took what it took. */
  endsAfterKill: Record<string, number>;
  /** Per board of the killed node: SIGKILL → first edit made after it reaching a watcher, ms. */
  recoveryMs: Percentiles;
  notRecovered: number;
}

export interface ClusterFigures {
  loads: ClusterLoad[];
  recovery: ClusterRecovery | null;
  /** Boards held by each node after phase 2 (from the Board rows' ownerAddress). */
  boardsPerNode: number[] | null;
  notes: string[];
}

/** A full-document participant that also keeps the times it synced (after each reconnection). */
interface Tab extends Writer {
  readonly syncedAt: number[];
  /** Each time its socket closed or failed to open: when, and the close code and reason (or "error"). */
  readonly ends: { at: number; why: string }[];
}

interface BoardCrowd {
  writer: Tab;
  watchers: Tab[];
  raws: RawParticipant[];
}

interface Crowds {
  boards: BoardCrowd[];
  raws: RawParticipant[];
  drops(): number;
  close(): void;
}

/** The recorder of the load running now, and the recovery being watched, if any. */
let recording: Recorder | null = null;
let recovering: ((board: number, seq: number, arrivedAt: number) => void) | null = null;
let nextSeq = 1;

export async function clusterBench(plan: ClusterPlan, log: (line: string) => void): Promise<ClusterFigures> {
  const haproxyBinary = plan.cluster ? findHaproxy() : null;
  if (plan.cluster && !haproxyBinary) throw new Error("cluster: haproxy is missing (bash scripts/ensure-haproxy.sh)");
  // y-websocket's provider listens for the process's exit, one listener per full-document participant.
  process.setMaxListeners(plan.boards * (1 + plan.watchersPerBoard) + 20);
  const database = await benchDatabase("postgres");
  const figures: ClusterFigures = { loads: [], recovery: null, boardsPerNode: null, notes: [] };
  try {
    const { sessions, cookies } = await prepareBoards(database, plan);
    log(`cluster: ${sessions.length} boards and ${sessions.length * plan.participantsPerBoard} participants created`);

    // 1. One node alone.
    const alone = await startOurServer(database.url);
    try {
      await untilIdle(alone);
      const crowds = await gatherCrowds(sessions, cookies, plan, () => alone.wsBase);
      log(`cluster: one node, ${crowds.raws.length + sessions.length * (1 + plan.watchersPerBoard)} participants connected`);
      for (const rate of plan.ratesPerBoard) figures.loads.push(await measure("one node", crowds, rate, plan, [alone], null, log));
      crowds.close();
    } finally {
      await alone.stop();
    }
    if (!plan.cluster) return figures;

    // 2. Three nodes behind HAProxy.
    const cluster = await startCluster(database.url, haproxyBinary!);
    try {
      let crowds = await gatherCrowds(sessions, cookies, plan, () => cluster.viaHaproxy);
      for (const rate of plan.ratesPerBoard) {
        figures.loads.push(await measure("3 nodes, HAProxy", crowds, rate, plan, cluster.nodes, cluster.haproxy, log));
      }
      const owners = await boardOwners(database, sessions, cluster);
      figures.boardsPerNode = cluster.nodes.map((_node, index) => owners.filter((owner) => owner === index).length);
      log(`cluster: boards per node ${figures.boardsPerNode.join(" / ")}, ${owners.filter((owner) => owner < 0).length} without owner`);

      // 3. Recovery after the busiest node is killed.
      if (owners.every((owner) => owner < 0)) {
        figures.notes.push("no board row names an owner: ownership is not in this build, recovery and forwarding not measured");
        crowds.close();
        return figures;
      }
      const victim = figures.boardsPerNode.indexOf(Math.max(...figures.boardsPerNode));
      figures.recovery = await measureRecovery(crowds, owners, victim, cluster, plan, log);
      crowds.close();

      // 4. Everyone on a node that does not own their board.
      await cluster.restart(victim);
      const anchors = await inBatches(sessions, 16, async (sessionId, board) => {
        const anchor = connectRawParticipant(`${cluster.viaHaproxy}/${sessionId}`, cookies[board][0]);
        await anchor.synced;
        return anchor;
      });
      const held = await boardOwners(database, sessions, cluster);
      const unowned = held.filter((owner) => owner < 0).length;
      if (unowned > 0) figures.notes.push(`${unowned} boards had no owner when the non-owner phase started`);
      crowds = await gatherCrowds(sessions, cookies, plan, (board, participant) => {
        const owner = Math.max(0, held[board]);
        return cluster.nodes[(owner + 1 + (participant % 2)) % cluster.nodes.length].wsBase;
      });
      for (const anchor of anchors) anchor.close();
      for (const rate of plan.ratesPerBoard) {
        figures.loads.push(await measure("3 nodes, non-owners", crowds, rate, plan, cluster.nodes, cluster.haproxy, log));
      }
      crowds.close();
    } finally {
      await cluster.stop();
    }
    return figures;
  } finally {
    await database.cleanup();
  }
}

async function prepareBoards(database: BenchDatabase, plan: ClusterPlan): Promise<{ sessions: string[]; cookies: string[][] }> {
  const { user, structure, sessionId } = await createFacilitatorWithSession(database.db);
  const sessions = [sessionId];
  while (sessions.length < plan.boards) sessions.push(await createSessionFor(database.db, user.id, structure.id));
  const cookies = await inBatches(sessions, 4, (session) =>
    inBatches(
      Array.from({ length: plan.participantsPerBoard }, (_, seat) => seat),
      4,
      (seat) => participantCookie(database.db, session, `Participant ${seat + 1}`),
    ),
  );
  return { sessions, cookies };
}

interface RunningCluster {
  nodes: BenchServer[];
  haproxy: HaproxyProcess;
  viaHaproxy: string;
  addresses: string[];
  restart(index: number): Promise<void>;
  stop(): Promise<void>;
}

async function startCluster(databaseUrl: string, haproxyBinary: string): Promise<RunningCluster> {
  const ports = [await freePort(), await freePort(), await freePort()];
  const addresses = ports.map((port) => `http://127.0.0.1:${port}`);
  const secret = (name: string) => `${name}-bench-secret-of-at-least-32-characters`;
  const nodeEnv = (index: number) => ({
    PORT: String(ports[index]),
    CLUSTER_NODE_ADDRESS: addresses[index],
    CLUSTER_SECRET: secret("cluster"),
    SIGNING_SECRET: secret("signing"),
    TRUST_PROXY: "loopback",
  });
  const nodes = await Promise.all(ports.map((_port, index) => startOurServer(databaseUrl, nodeEnv(index))));
  const port = await freePort();
  const haproxy = await startHaproxy(haproxyBinary, {
    port,
    nodes: ports.map((nodePort) => `127.0.0.1:${nodePort}`) as [string, string, string],
  });
  // Servers start as up in HAProxy; two good checks (a second apart) and every node has been seen well.
  await delay(2_500);
  return {
    nodes,
    haproxy,
    viaHaproxy: `ws://127.0.0.1:${port}/yjs`,
    addresses,
    async restart(index) {
      await nodes[index].stop(); // already dead: only forgets it
      nodes[index] = await startOurServer(databaseUrl, nodeEnv(index));
      await delay(2_500); // HAProxy's two good checks
    },
    async stop() {
      await Promise.all(nodes.map((node) => node.stop()));
      await haproxy.stop();
    },
  };
}

/** Index of the node holding each board (-1: none), from the Board rows. */
async function boardOwners(database: BenchDatabase, sessions: string[], cluster: RunningCluster): Promise<number[]> {
  const rows = await database.db.board.findMany({
    where: { sessionId: { in: sessions } },
    select: { sessionId: true, ownerAddress: true },
  });
  const owner = new Map(rows.map((row) => [row.sessionId, row.ownerAddress ? cluster.addresses.indexOf(row.ownerAddress) : -1]));
  return sessions.map((sessionId) => owner.get(sessionId) ?? -1);
}

/**
 * A tab's provider as the board page makes it (default reconnection: 100 ms, doubling up to 2.5 s),
 * without the compressed sync; reports every marked edit it integrates.
 */
function connectTab(wsBase: string, room: string, cookie: string, author: number, onEdit: OnEdit): Tab {
  const startedAt = performance.now();
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(wsBase, room, doc, {
    WebSocketPolyfill: browserLikeSocket(cookie) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  let drops = 0;
  let closing = false;
  let wasSynced = false;
  const syncedAt: number[] = [];
  provider.on("sync", (isSynced: boolean) => isSynced && syncedAt.push(performance.now()));
  const ends: { at: number; why: string }[] = [];
  provider.on("connection-close", (event: CloseEvent | null) => {
    ends.push({ at: performance.now(), why: event ? `${event.code} ${event.reason}`.trim() : "closed" });
  });
  provider.on("connection-error", () => ends.push({ at: performance.now(), why: "error" }));
  const synced = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${wsBase}/${room}: no sync within 30 s`)), 30_000);
    provider.once("sync", () => {
      clearTimeout(timer);
      wasSynced = true;
      resolve(performance.now() - startedAt);
    });
  });
  doc.on("update", (update: Uint8Array, origin: unknown) => {
    if (origin !== provider) return;
    const arrivedAt = performance.now();
    sequencesInUpdate(Buffer.from(update.buffer, update.byteOffset, update.byteLength), (seq) => onEdit(seq, arrivedAt));
  });
  provider.on("status", ({ status }: { status: string }) => {
    if (status === "disconnected" && wasSynced && !closing) drops += 1;
  });
  return {
    synced,
    syncedAt,
    ends,
    get drops() {
      return drops;
    },
    edit: (editNumber, seq) => applyMarkedEdit(doc, author, editNumber, seq),
    close() {
      closing = true;
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Participant 0 of each board writes, 1..watchers watch, the rest are raw; `wsBaseOf` says where each connects. */
async function gatherCrowds(
  sessions: string[],
  cookies: string[][],
  plan: ClusterPlan,
  wsBaseOf: (board: number, participant: number) => string,
): Promise<Crowds> {
  const onProbe = (board: number) => (seq: number, arrivedAt: number) => {
    recording?.arrived(seq, arrivedAt, true);
    recovering?.(board, seq, arrivedAt);
  };
  const onCount = (seq: number, arrivedAt: number) => recording?.arrived(seq, arrivedAt, false);
  const boards = await inBatches(sessions, 8, async (sessionId, board): Promise<BoardCrowd> => {
    const tab = (participant: number) =>
      connectTab(wsBaseOf(board, participant), sessionId, cookies[board][participant], 0, onProbe(board));
    const writer = tab(0);
    const watchers = Array.from({ length: plan.watchersPerBoard }, (_, index) => tab(index + 1));
    const raws = cookies[board]
      .slice(1 + plan.watchersPerBoard)
      .map((cookie, index) => connectRawParticipant(`${wsBaseOf(board, index + 1 + plan.watchersPerBoard)}/${sessionId}`, cookie, onCount));
    await Promise.all([writer, ...watchers, ...raws].map((participant) => participant.synced));
    return { writer, watchers, raws };
  });
  const everyone = boards.flatMap((crowd) => [crowd.writer, ...crowd.watchers, ...crowd.raws]);
  return {
    boards,
    raws: boards.flatMap((crowd) => crowd.raws),
    drops: () => everyone.reduce((sum, participant) => sum + participant.drops, 0),
    close: () => everyone.forEach((participant) => participant.close()),
  };
}

/** One load: every board's writer edits at `ratePerBoard`; warm-up, measured window, drain. */
async function measure(
  setup: ClusterSetup,
  crowds: Crowds,
  ratePerBoard: number,
  plan: ClusterPlan,
  nodes: BenchServer[],
  haproxy: HaproxyProcess | null,
  log: (line: string) => void,
): Promise<ClusterLoad> {
  const boards = crowds.boards.length;
  const total = ratePerBoard * boards;
  const spec = plan.load;
  const planned = Math.ceil((total * (spec.warmupMs + spec.measureMs)) / 1000);
  const firstSeq = nextSeq;
  nextSeq += planned;
  const recorder = new Recorder(firstSeq, planned, plan.participantsPerBoard - 1, plan.watchersPerBoard);
  const dropsBefore = crowds.drops();
  const pids = nodes.map((node) => node.pid);
  let from: { nodes: ProcessSample[]; haproxy: ProcessSample | null; own: NodeJS.CpuUsage } | undefined;
  let to: { nodes: ProcessSample[]; haproxy: ProcessSample | null; ownMs: number } | undefined;
  const haproxyPid = haproxy?.child.pid;
  recording = recorder;
  const stopBatching = readInBatches(crowds.raws);
  const start = performance.now();
  recorder.windowStart = start + spec.warmupMs;
  recorder.windowEnd = recorder.windowStart + spec.measureMs;
  await new Promise<void>((resolve) => {
    let issued = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      if (!from && now >= recorder.windowStart) {
        from = { nodes: pids.map(sampleProcess), haproxy: haproxyPid ? sampleProcess(haproxyPid) : null, own: process.cpuUsage() };
      }
      const due = Math.min(planned, Math.floor(((now - start) * total) / 1000));
      for (; issued < due; issued++) {
        recorder.markSent(firstSeq + issued, performance.now());
        crowds.boards[issued % boards].writer.edit(Math.floor(issued / boards), firstSeq + issued);
      }
      if (now >= recorder.windowEnd) {
        const own = process.cpuUsage(from!.own);
        to = {
          nodes: pids.map(sampleProcess),
          haproxy: haproxyPid ? sampleProcess(haproxyPid) : null,
          ownMs: (own.user + own.system) / 1000,
        };
        clearInterval(timer);
        resolve();
      }
    }, 2);
  });
  const drainUntil = performance.now() + spec.drainMs;
  while (!recorder.complete() && performance.now() < drainUntil) await delay(10);
  stopBatching();
  recording = null;
  const { latencyMs, lost } = recorder.results();
  const result: ClusterLoad = {
    setup,
    offeredEditsPerSecond: total,
    relayedEditsPerSecond: recorder.arrivalsInWindow / (plan.participantsPerBoard - 1) / (spec.measureMs / 1000),
    latencyMs,
    lostDeliveries: lost,
    nodesCpuPercent: from!.nodes.reduce((sum, sample, index) => sum + cpuPercent(sample, to!.nodes[index]), 0),
    haproxyCpuPercent: from!.haproxy && to!.haproxy ? cpuPercent(from!.haproxy, to!.haproxy) : null,
    loadGeneratorCpuPercent: (100 * to!.ownMs) / (to!.nodes[0].at - from!.nodes[0].at),
    drops: crowds.drops() - dropsBefore,
    machineLoad: os.loadavg()[0],
  };
  log(
    `cluster: ${setup}, ${total} edits/s offered: ${fixed(result.relayedEditsPerSecond)} relayed/s, ` +
      `p99 ${ms(latencyMs.p99)} ms, lost ${lost}, nodes CPU ${fixed(result.nodesCpuPercent)} %`,
  );
  return result;
}

/**
 * Writers edit at the lowest rate; the node `victim` is killed (SIGKILL); for each board it held, the time
 * until one of its watchers receives an edit made after the kill (its writer and watcher reconnected
 * through HAProxy, another node took the board from PostgreSQL).
 */
async function measureRecovery(
  crowds: Crowds,
  owners: number[],
  victim: number,
  cluster: RunningCluster,
  plan: ClusterPlan,
  log: (line: string) => void,
): Promise<ClusterRecovery> {
  const affected = new Set(owners.flatMap((owner, board) => (owner === victim ? [board] : [])));
  const recoveredAt = new Map<number, number>();
  const boards = crowds.boards.length;
  const total = Math.min(...plan.ratesPerBoard) * boards;
  let killSeq = Infinity;
  let killedAt = 0;
  recovering = (board, seq, arrivedAt) => {
    if (seq >= killSeq && affected.has(board) && !recoveredAt.has(board)) recoveredAt.set(board, arrivedAt - killedAt);
  };
  const start = performance.now();
  let issued = 0;
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - start) * total) / 1000);
    for (; issued < due; issued++) crowds.boards[issued % boards].writer.edit(Math.floor(issued / boards), nextSeq++);
  }, 2);
  try {
    await delay(1_000);
    killSeq = nextSeq;
    killedAt = performance.now();
    process.kill(cluster.nodes[victim].pid, "SIGKILL");
    const until = killedAt + plan.recoveryLimitMs;
    while (recoveredAt.size < affected.size && performance.now() < until) await delay(20);
  } finally {
    clearInterval(timer);
    recovering = null;
  }
  const times = [...affected].map((board) => recoveredAt.get(board) ?? Infinity);
  const writerSynced = [...affected].flatMap((board) => {
    const after = crowds.boards[board].writer.syncedAt.find((at) => at > killedAt);
    return after === undefined ? [] : [after - killedAt];
  });
  const recovery = {
    boardsOfKilledNode: affected.size,
    writerSyncedMs: summarize(Float64Array.from(writerSynced)),
    writersKeptConnection: affected.size - writerSynced.length,
    endsAfterKill: endsAfter(
      killedAt,
      [...affected].map((board) => crowds.boards[board].writer),
    ),
    recoveryMs: summarize(Float64Array.from(times)),
    notRecovered: affected.size - recoveredAt.size,
  };
  log(
    `cluster: node ${victim + 1} killed with ${affected.size} boards: writers synced again after p50 ${ms(recovery.writerSyncedMs.p50)} ms, ` +
      `editing again after p50 ${ms(recovery.recoveryMs.p50)} ms, ` +
      `p99 ${ms(recovery.recoveryMs.p99)} ms, ${recovery.notRecovered} not within ${plan.recoveryLimitMs / 1000} s; ` +
      `sockets ended meanwhile: ${JSON.stringify(recovery.endsAfterKill)}`,
  );
  return recovery;
}

/** Each writer's socket ends after `from` and before its next sync, counted by code and reason. */
function endsAfter(from: number, writers: Tab[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const writer of writers) {
    const until = writer.syncedAt.find((at) => at > from) ?? Infinity;
    for (const end of writer.ends) if (end.at > from && end.at < until) counts[end.why] = (counts[end.why] ?? 0) + 1;
  }
  return counts;
}

export function renderCluster(figures: ClusterFigures, plan: ClusterPlan): string {
  const rows = figures.loads.map((load) => [
    load.setup,
    String(load.offeredEditsPerSecond),
    fixed(load.relayedEditsPerSecond),
    ms(load.latencyMs.p50),
    ms(load.latencyMs.p99),
    String(load.lostDeliveries),
    fixed(load.nodesCpuPercent),
    load.haproxyCpuPercent === null ? "—" : fixed(load.haproxyCpuPercent),
    fixed(load.loadGeneratorCpuPercent),
    String(load.drops),
    fixed(load.machineLoad, 1),
  ]);
  const lines = [
    `Several nodes (issue 18): ${plan.boards} boards × ${plan.participantsPerBoard} participants, PostgreSQL, this machine`,
    renderTable(
      [
        "setup",
        "edits/s offered",
        "relayed/s",
        "p50 ms",
        "p99 ms",
        "lost",
        "nodes CPU %",
        "haproxy CPU %",
        "loadgen CPU %",
        "drops",
        "load avg",
      ],
      rows,
    ),
  ];
  for (const rate of plan.ratesPerBoard) {
    const of = (setup: ClusterSetup) =>
      figures.loads.find((load) => load.setup === setup && load.offeredEditsPerSecond === rate * plan.boards);
    const one = of("one node");
    const three = of("3 nodes, HAProxy");
    const forwarded = of("3 nodes, non-owners");
    const ratio = (a: number | undefined, b: number | undefined) =>
      a && b && Number.isFinite(a) && Number.isFinite(b) ? (a / b).toFixed(2) : "—";
    lines.push(
      `${rate * plan.boards} edits/s: relayed, three / one ${ratio(three?.relayedEditsPerSecond, one?.relayedEditsPerSecond)}; ` +
        `p99, three / one ${ratio(three?.latencyMs.p99, one?.latencyMs.p99)}; ` +
        `p99, non-owners / owners (the forwarding hop) ${ratio(forwarded?.latencyMs.p99, three?.latencyMs.p99)}`,
    );
  }
  if (figures.boardsPerNode) lines.push(`Boards per node through HAProxy: ${figures.boardsPerNode.join(" / ")}`);
  if (figures.recovery) {
    const recovery = figures.recovery;
    lines.push(
      `Owner killed (SIGKILL) with ${recovery.boardsOfKilledNode} boards: writers synced again after p50 ${ms(recovery.writerSyncedMs.p50)} ms, ` +
        `p99 ${ms(recovery.writerSyncedMs.p99)} ms (${recovery.writersKeptConnection} never cut; their sockets ended meanwhile: ${JSON.stringify(recovery.endsAfterKill)}); editing again after p50 ${ms(recovery.recoveryMs.p50)} ms, ` +
        `p99 ${ms(recovery.recoveryMs.p99)} ms, max ${ms(recovery.recoveryMs.max)} ms; ${recovery.notRecovered} not within ${plan.recoveryLimitMs / 1000} s`,
    );
  }
  lines.push("Two cores run every node, HAProxy, PostgreSQL and the load generator: no speed-up can show here.");
  lines.push(...figures.notes.map((note) => `Note: ${note}`));
  return lines.join("\n");
}

function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
