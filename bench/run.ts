// `npm run bench`: every benchmark of bench/README.md, a table on stdout, bench/results/latest.json.
//   --quick           a small version of each (a minute or so), to check that the bench itself works
//   --only=a,b        run only some of: fanout, rooms, cold, hostile, storm, longday
//                     (hostile, storm and longday run only when named: see bench/README.md)
//   --only=phone      the participant's phone in Chromium, throttled (bench/phone.ts), also only when named
//   --only=cluster    one node vs three behind HAProxy, 300 boards × 10 participants on PostgreSQL
//                     (bench/cluster.ts), only when named; --nodes=1: the one node only
//   --only=indicators the indicators page on two years of history (bench/indicators.ts), SQLite and
//                     PostgreSQL (--db=sqlite or --db=postgres: one of them), also only when named
//   --db=postgres     storm on PostgreSQL instead of SQLite, without the reference; longday on
//                     PostgreSQL only (--db=sqlite: SQLite only; neither: both)
//   --no-reference    storm without the reference server; --gzip=only: only newcomers asking for the gzipped board, --gzip=no: only plain ones
//   --notes=20000 --newcomers=400   only those storm cells (comma-separated lists)
//   --counters=apart  the long day's untimed participants in a niced process of their own (bench/counters.ts)
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { coldLoad, type ColdLoadPlan } from "./cold-load.js";
import { fanout, type FanoutPlan } from "./fanout.js";
import { benchmarkResults, evaluateTargets, renderTables, renderTargets, type Outcome } from "./report.js";
import { renderLongDay, renderStorm } from "./growth-report.js";
import { longDay, type LongDay, type LongDayPlan } from "./longday.js";
import { joinStorm, type StormCell, type StormPlan } from "./storm.js";
import { hostile, renderHostile, type HostileCell, type HostilePlan } from "./hostile.js";
import { roomsPerNode, type RoomsPlan } from "./rooms.js";
import { phoneBench, phoneTargets, PROFILES, renderPhone, type PhoneCell } from "./phone.js";
import { writeMergedResults } from "./results-file.js";
import { indicatorsBench, indicatorsPlan, renderIndicators, type IndicatorsCell } from "./indicators.js";
import { clusterBench, renderCluster, type ClusterFigures, type ClusterPlan } from "./cluster.js";

const quick = process.argv.includes("--quick");
const only = process.argv
  .find((arg) => arg.startsWith("--only="))
  ?.slice("--only=".length)
  .split(",");
const wanted = (name: string) => !only || only.includes(name);

// The full grid of the issue fits the 10-minute budget with 3-second windows; see README.
const fanoutPlan: FanoutPlan = quick
  ? {
      sizes: [10, 50],
      rates: [50, 200],
      writers: 4,
      load: { warmupMs: 300, measureMs: 1000, drainMs: 1000 },
      repeated: [],
      saturation: {
        size: 50,
        p99LimitMs: 50,
        startRate: 200,
        factor: 2,
        maxRate: 800,
        load: { warmupMs: 300, measureMs: 1000, drainMs: 1000 },
      },
    }
  : {
      sizes: [10, 50, 100, 200, 400],
      rates: [50, 200, 500],
      writers: 4,
      load: { warmupMs: 500, measureMs: 3000, drainMs: 2000 },
      repeated: [{ size: 400, rate: 200, times: 3 }],
      saturation: {
        size: 200,
        p99LimitMs: 50,
        startRate: 100,
        factor: 1.3,
        maxRate: 3000,
        load: { warmupMs: 500, measureMs: 3000, drainMs: 2000 },
      },
    };
const roomsPlan: RoomsPlan = quick ? { rooms: 50, participantsPerRoom: 3 } : { rooms: 1000, participantsPerRoom: 3 };
const coldLoadPlan: ColdLoadPlan = quick
  ? { updates: 10_000, notes: 100, boards: 1, snapshotLoads: 2 }
  : { updates: 100_000, notes: 400, boards: 3, snapshotLoads: 3 };

const hostilePlan: HostilePlan = {
  participants: 50,
  writers: 10,
  editsPerSecond: 50,
  load: quick ? { warmupMs: 300, measureMs: 2000, drainMs: 1000 } : { warmupMs: 500, measureMs: 5000, drainMs: 2000 },
  rssBoundMiB: 512,
};

/** `--notes=20000` or `--newcomers=400` (comma-separated) runs only those storm cells. */
function listArg(name: string): number[] | undefined {
  const value = process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  return value ? value.split(",").map(Number) : undefined;
}

const stormPlan: StormPlan = {
  boardNotes: listArg("notes") ?? (quick ? [1_000] : [1_000, 10_000, 20_000]),
  newcomers: listArg("newcomers") ?? (quick ? [50] : [200, 400]),
  spreadMs: 5_000,
  connected: 10,
  editsPerSecond: 50,
  warmupMs: 1_000,
  drainMs: 2_000,
  database: process.argv.includes("--db=postgres") ? "postgres" : "sqlite",
  // The reference keeps no database: its figures are the SQLite run's.
  reference: !process.argv.includes("--db=postgres") && !process.argv.includes("--no-reference"),
  // Our newcomers plain, then asking for the gzipped board (decision 010); `--gzip=only` skips the plain cells.
  gzip: process.argv.includes("--gzip=only") ? [true] : process.argv.includes("--gzip=no") ? [false] : [false, true],
};

// 3,000 notes at the start, plus 200 × 8.5 s of added notes per run: about 20,000 after ten runs.
const longDayPlan: LongDayPlan = {
  participants: quick ? 50 : 200,
  writers: quick ? 10 : 20,
  editsPerSecond: quick ? 50 : 200,
  runs: quick ? 2 : 10,
  initialNotes: quick ? 500 : 3_000,
  load: quick ? { warmupMs: 300, measureMs: 2_000, drainMs: 1_000 } : { warmupMs: 500, measureMs: 8_000, drainMs: 2_000 },
  // `--db=sqlite` or `--db=postgres` runs the long day on that database only.
  databases: process.argv.includes("--db=postgres")
    ? ["postgres"]
    : process.argv.includes("--db=sqlite")
      ? ["sqlite"]
      : ["sqlite", "postgres"],
  // As the board page asks (app/board/Board.client.tsx); `--sync=plain` for clients that cannot inflate.
  compressedSync: !process.argv.includes("--sync=plain"),
  // `--counters=apart`: the untimed participants read from a niced process of their own
  // (bench/counters.ts); by default they stay in the load generator (the A/B of 2026-12-03 did not
  // settle which measures better, bench/README.md).
  countersApart: process.argv.includes("--counters=apart"),
};

// Issue 18: one node vs three behind HAProxy; a board's writer edits at each rate (edits/s per board).
const clusterPlan: ClusterPlan = {
  boards: quick ? 10 : 300,
  participantsPerBoard: quick ? 5 : 10,
  watchersPerBoard: 2,
  ratesPerBoard: quick ? [1] : [1, 3],
  load: quick ? { warmupMs: 300, measureMs: 2_000, drainMs: 1_000 } : { warmupMs: 1_000, measureMs: 5_000, drainMs: 2_000 },
  cluster: !process.argv.includes("--nodes=1"),
  recoveryLimitMs: 60_000,
};

const loadAtStart = os.loadavg().map((value) => Number(value.toFixed(2)));
const startedAt = performance.now();
const log = (line: string) => console.log(`[${((performance.now() - startedAt) / 1000).toFixed(0).padStart(3)} s] ${line}`);

const outcome: Outcome = {
  cells: [],
  saturation: null,
  rooms: null,
  coldLoad: null,
  fanoutParameters: { writers: fanoutPlan.writers, ...fanoutPlan.load, saturation: fanoutPlan.saturation },
  roomsParameters: { ...roomsPlan },
  coldLoadParameters: { ...coldLoadPlan, compactAfter: 500 },
};

if (wanted("fanout")) Object.assign(outcome, await fanout(fanoutPlan, log));
if (wanted("rooms")) outcome.rooms = await roomsPerNode(roomsPlan, log);
if (wanted("cold")) outcome.coldLoad = await coldLoad(coldLoadPlan, log);
// Only when asked for by name: it measures defences, not speed (bench/README.md).
const hostileCells: HostileCell[] | null = only?.includes("hostile") ? await hostile(hostilePlan, log) : null;
// Issue 19; only by name too: together they take about 10 minutes.
const stormCells: StormCell[] | null = only?.includes("storm") ? await joinStorm(stormPlan, log) : null;
const longDays: LongDay[] | null = only?.includes("longday") ? await longDay(longDayPlan, log) : null;
// Issue 13: pages in a throttled Chromium, about 5 minutes.
const phonePlan = { runs: quick ? 2 : 5, profiles: PROFILES };
const phoneCells: PhoneCell[] | null = only?.includes("phone") ? await phoneBench(phonePlan, log) : null;
// Issue 16.7: the indicators page on two years of history, about 3 minutes.
const indicatorsParameters = indicatorsPlan(quick, longDayPlan.databases);
const indicatorsCells: IndicatorsCell[] | null = only?.includes("indicators") ? await indicatorsBench(indicatorsParameters, log) : null;
// Issue 18, only by name: about 6 minutes (3,000 connections per phase).
const clusterFigures: ClusterFigures | null = only?.includes("cluster") ? await clusterBench(clusterPlan, log) : null;

const targets = evaluateTargets(outcome);
const durationSeconds = (performance.now() - startedAt) / 1000;
console.log(`\n${renderTables(outcome)}\n\nTargets\n${renderTargets(targets)}\n\nRan in ${durationSeconds.toFixed(0)} s.`);
if (hostileCells) console.log(`\n${renderHostile(hostileCells, hostilePlan)}`);
if (stormCells) console.log(`\n${renderStorm(stormCells)}`);
if (longDays) console.log(`\n${renderLongDay(longDays)}`);
if (phoneCells) console.log(`\n${renderPhone(phoneCells)}\n${renderTargets(phoneTargets(phoneCells), 13)}`);
if (indicatorsCells) console.log(`\n${renderIndicators(indicatorsCells, indicatorsParameters)}`);
if (clusterFigures) console.log(`\n${renderCluster(clusterFigures, clusterPlan)}`);

const resultsDir = path.join(import.meta.dirname, "results");
mkdirSync(resultsDir, { recursive: true });
const results = {
  generatedAt: new Date().toISOString(),
  quick,
  durationSeconds: Math.round(durationSeconds),
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    // The machine is shared: how busy it was says how far the figures can be trusted.
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: os.loadavg().map((value) => Number(value.toFixed(2))),
  },
  commit: gitCommit(),
  benchmarks: benchmarkResults(outcome),
  ...(hostileCells ? { hostile: { parameters: hostilePlan, cells: hostileCells } } : {}),
  ...(stormCells ? { joinStorm: { parameters: stormPlan, cells: stormCells } } : {}),
  ...(longDays ? { longDay: { parameters: longDayPlan, days: longDays } } : {}),
  ...(phoneCells ? { phone: { parameters: phonePlan, cells: phoneCells } } : {}),
  ...(indicatorsCells ? { indicators: { parameters: indicatorsParameters, cells: indicatorsCells } } : {}),
  ...(clusterFigures ? { cluster: { parameters: clusterPlan, ...clusterFigures } } : {}),
  targets: [...targets, ...(phoneCells ? phoneTargets(phoneCells) : [])],
};
writeMergedResults(path.join(resultsDir, "latest.json"), results);
console.log(`Written to ${path.relative(process.cwd(), path.join(resultsDir, "latest.json"))}`);
process.exit(0);

function gitCommit(): string | null {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "server"], { encoding: "utf8" }).trim() !== "";
    return dirty ? `${commit} (server/ modified)` : commit;
  } catch {
    return null;
  }
}
