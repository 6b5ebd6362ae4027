// Fan-out: N participants on one board, our server and the reference taking turns cell by cell,
// then the saturation search (the highest rate relayed to 200 participants with p99 ≤ 50 ms).
import { createFacilitatorWithSession, createTestDatabase, participantCookie } from "../test/support/fixtures.js";
import { gatherCrowd, runLoad, untilIdle, type Crowd, type LoadFigures, type LoadSpec } from "./load.js";
import { inBatches } from "./participants.js";
import { startOurServer, startReferenceServer, type BenchServer, type ServerName } from "./servers.js";
import { median } from "./stats.js";

export interface FanoutPlan {
  sizes: number[];
  rates: number[];
  /** Participants with a full document who make the edits; the others only receive. */
  writers: number;
  load: Omit<LoadSpec, "editsPerSecond">;
  /** Cells measured several times (our server and the reference alternating); medians reported. */
  repeated: { size: number; rate: number; times: number }[];
  saturation: {
    size: number;
    p99LimitMs: number;
    startRate: number;
    factor: number;
    maxRate: number;
    load: Omit<LoadSpec, "editsPerSecond">;
  } | null;
}

export interface FanoutCell {
  size: number;
  rate: number;
  ours: LoadFigures;
  reference: LoadFigures;
  /** p99 of every run, when the cell was repeated. */
  runsP99: Record<ServerName, number[]>;
}

export interface SaturationStep {
  offered: number;
  relayed: number;
  p99Ms: number;
  serverCpuPercent: number;
  loadGeneratorCpuPercent: number;
  passed: boolean;
}

export interface Saturation {
  size: number;
  p99LimitMs: number;
  /** Highest edits/s relayed before p99 passed the limit (null: even the first step failed). */
  ours: { editsPerSecond: number | null; steps: SaturationStep[] };
  reference: { editsPerSecond: number | null; steps: SaturationStep[] };
}

type Pair<T> = Record<ServerName, T>;

export async function fanout(
  plan: FanoutPlan,
  log: (line: string) => void,
): Promise<{ cells: FanoutCell[]; saturation: Saturation | null }> {
  const database = await createTestDatabase();
  const servers: BenchServer[] = [];
  try {
    const { sessionId } = await createFacilitatorWithSession(database.db);
    const seats = Array.from({ length: Math.max(...plan.sizes) }, (_, seat) => seat);
    const cookies = await inBatches(seats, 8, (seat) => participantCookie(database.db, sessionId, `Participant ${seat + 1}`));
    // Edits come from a few writers at hundreds a second each: lift the per-connection rate limit.
    const ours = await startOurServer(database.url, { BOARD_MAX_MESSAGES_PER_SECOND: "1000000" });
    servers.push(ours);
    const reference = await startReferenceServer();
    servers.push(reference);
    const pair: Pair<BenchServer> = { ours, reference };
    const cells: FanoutCell[] = [];
    let saturation: Saturation | null = null;
    let turn = 0;

    for (const size of plan.sizes) {
      const crowds: Pair<Crowd> = {
        ours: await gatherCrowd(ours, sessionId, cookies, size, plan.writers),
        reference: await gatherCrowd(reference, sessionId, cookies, size, plan.writers),
      };
      try {
        for (const rate of plan.rates) {
          const times = plan.repeated.find((cell) => cell.size === size && cell.rate === rate)?.times ?? 1;
          const runs: Pair<LoadFigures[]> = { ours: [], reference: [] };
          for (let run = 0; run < times; run++) {
            // Alternate who goes first, so neither always runs on a machine warmed by the other.
            for (const name of turn++ % 2 === 0 ? (["ours", "reference"] as const) : (["reference", "ours"] as const)) {
              runs[name].push(await runLoad(crowds[name], { editsPerSecond: rate, ...plan.load }));
              await untilIdle(pair[name]);
            }
          }
          const cell: FanoutCell = {
            size,
            rate,
            ours: medianFigures(runs.ours),
            reference: medianFigures(runs.reference),
            runsP99: { ours: runs.ours.map((run) => run.latencyMs.p99), reference: runs.reference.map((run) => run.latencyMs.p99) },
          };
          cells.push(cell);
          log(
            `fan-out ${size} × ${rate}/s: p99 ours ${cell.ours.latencyMs.p99.toFixed(1)} ms, reference ${cell.reference.latencyMs.p99.toFixed(1)} ms`,
          );
        }
        if (plan.saturation && plan.saturation.size === size) saturation = await findSaturation(crowds, pair, plan.saturation, log);
      } finally {
        crowds.ours.close();
        crowds.reference.close();
      }
    }
    return { cells, saturation };
  } finally {
    for (const server of servers) await server.stop();
    await database.cleanup();
  }
}

/**
 * Raises the rate by `factor` while p99 stays within the limit and nothing is lost, both servers
 * taking turns; after the first failure, one step halfway (geometrically) refines the figure.
 */
async function findSaturation(
  crowds: Pair<Crowd>,
  servers: Pair<BenchServer>,
  plan: NonNullable<FanoutPlan["saturation"]>,
  log: (line: string) => void,
): Promise<Saturation> {
  const state: Pair<{
    rate: number;
    best: number | null;
    lastPass: number | null;
    failedAt: number | null;
    refined: boolean;
    steps: SaturationStep[];
  }> = {
    ours: { rate: plan.startRate, best: null, lastPass: null, failedAt: null, refined: false, steps: [] },
    reference: { rate: plan.startRate, best: null, lastPass: null, failedAt: null, refined: false, steps: [] },
  };
  const done = (name: ServerName) => state[name].rate > plan.maxRate || (state[name].failedAt !== null && state[name].refined);
  for (let round = 0; round < 40 && !(done("ours") && done("reference")); round++) {
    for (const name of round % 2 === 0 ? (["ours", "reference"] as const) : (["reference", "ours"] as const)) {
      if (done(name)) continue;
      const current = state[name];
      const figures = await runLoad(crowds[name], { editsPerSecond: Math.round(current.rate), ...plan.load });
      await untilIdle(servers[name]);
      const passed = figures.latencyMs.p99 <= plan.p99LimitMs && figures.lostDeliveries === 0;
      current.steps.push({
        offered: Math.round(current.rate),
        relayed: figures.relayedEditsPerSecond,
        p99Ms: figures.latencyMs.p99,
        serverCpuPercent: figures.serverCpuPercent,
        loadGeneratorCpuPercent: figures.loadGeneratorCpuPercent,
        passed,
      });
      log(`saturation ${name} @ ${Math.round(current.rate)}/s: p99 ${figures.latencyMs.p99.toFixed(1)} ms ${passed ? "ok" : "over"}`);
      if (passed) {
        current.best = Math.max(current.best ?? 0, figures.relayedEditsPerSecond);
        current.lastPass = current.rate;
      }
      if (current.failedAt === null && passed) current.rate *= plan.factor;
      else if (current.failedAt === null) {
        current.failedAt = current.rate;
        if (current.lastPass === null) current.refined = true;
        else current.rate = Math.sqrt(current.lastPass * current.failedAt);
      } else current.refined = true;
    }
  }
  return {
    size: plan.size,
    p99LimitMs: plan.p99LimitMs,
    ours: { editsPerSecond: state.ours.best, steps: state.ours.steps },
    reference: { editsPerSecond: state.reference.best, steps: state.reference.steps },
  };
}

/** The median of each figure over repeated runs (one run: itself). */
function medianFigures(runs: LoadFigures[]): LoadFigures {
  if (runs.length === 1) return runs[0];
  const of = (pick: (run: LoadFigures) => number) => median(runs.map(pick));
  const percentiles = (pick: (run: LoadFigures) => LoadFigures["latencyMs"]) => ({
    p50: of((run) => pick(run).p50),
    p95: of((run) => pick(run).p95),
    p99: of((run) => pick(run).p99),
    max: of((run) => pick(run).max),
    count: of((run) => pick(run).count),
  });
  return {
    offeredEditsPerSecond: runs[0].offeredEditsPerSecond,
    relayedEditsPerSecond: of((run) => run.relayedEditsPerSecond),
    latencyMs: percentiles((run) => run.latencyMs),
    allReachedMs: percentiles((run) => run.allReachedMs),
    editsMeasured: of((run) => run.editsMeasured),
    timedParticipants: runs[0].timedParticipants,
    lostDeliveries: of((run) => run.lostDeliveries),
    serverCpuPercent: of((run) => run.serverCpuPercent),
    serverRssMiB: of((run) => run.serverRssMiB),
    loadGeneratorCpuPercent: of((run) => run.loadGeneratorCpuPercent),
    loadGeneratorLagP99Ms: of((run) => run.loadGeneratorLagP99Ms),
    serverEventLoop: {
      count: of((run) => run.serverEventLoop.count),
      minMs: of((run) => run.serverEventLoop.minMs ?? Number.NaN),
      p50Ms: of((run) => run.serverEventLoop.p50Ms ?? Number.NaN),
      p99Ms: of((run) => run.serverEventLoop.p99Ms ?? Number.NaN),
      maxMs: of((run) => run.serverEventLoop.maxMs ?? Number.NaN),
    },
    drops: runs.reduce((sum, run) => sum + run.drops, 0),
  };
}
