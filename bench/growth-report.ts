// Tables and targets of the join-storm and long-day benches (issue 19).
import type { LongDay } from "./longday.js";
import type { StormCell } from "./storm.js";
import { fixed, ms, renderTable } from "./stats.js";

export const STORM_TARGETS = { newcomers: 400, boardNotes: 20_000, allSyncedMs: 3_000, connectedP99Ms: 50 };
export const LONG_DAY_TARGETS = { p99Ms: 25, maxMs: 100, eventLoopMaxMs: 50 };

export function renderStorm(cells: StormCell[]): string {
  const rows = cells.map((cell) => [
    cell.server + (cell.database ? ` (${cell.database})` : "") + (cell.gzip ? " gzip" : ""),
    String(cell.boardNotes),
    `${fixed(cell.boardBytes / 2 ** 20, 1)} (${fixed(cell.wholeMiB ?? cell.boardBytes / 2 ** 20, 2)})`,
    String(cell.newcomers),
    `${ms(cell.syncMs.p50)} / ${ms(cell.syncMs.p99)} / ${ms(cell.syncMs.max)}`,
    String(cell.failed),
    `${ms(cell.connectedLatencyMs.p50)} / ${ms(cell.connectedLatencyMs.p99)} / ${ms(cell.connectedLatencyMs.max)}`,
    `${cell.lostDeliveries}${cell.writerDrops ? ` (${cell.writerDrops} dropped)` : ""}`,
    `${ms(cell.serverEventLoop.p50Ms)} / ${ms(cell.serverEventLoop.p99Ms)} / ${ms(cell.serverEventLoop.maxMs)}`,
    fixed(cell.peakRssMiB),
    `${fixed(cell.serverCpuPercent)} (${fixed(cell.mainThreadCpuPercent)})`,
    // Older result files have no newcomers' share.
    `${fixed(cell.loadGeneratorCpuPercent)}${cell.newcomersCpuPercent === undefined ? "" : ` (${fixed(cell.newcomersCpuPercent)})`}`,
  ]);
  return [
    "Join storm: newcomers within 5 s while 10 connected participants edit at 50 edits/s (ms)",
    renderTable(
      [
        "server",
        "notes",
        "MiB (sent)",
        "newcomers",
        "sync p50/p99/max",
        "failed",
        "connected fan-out p50/p99/max",
        "lost",
        "loop delay p50/p99/max",
        "peak RSS MiB",
        "server CPU % (main)",
        "loadgen CPU % (newcomers)",
      ],
      rows,
    ),
    ...stormTargets(cells),
  ].join("\n");
}

function stormTargets(cells: StormCell[]): string[] {
  const lines: string[] = [];
  for (const cell of cells.filter((cell) => cell.server === "ours")) {
    const big = cell.newcomers === STORM_TARGETS.newcomers && cell.boardNotes === STORM_TARGETS.boardNotes;
    if (big)
      lines.push(
        verdict(
          `${cell.newcomers} onto ${cell.boardNotes} notes all synced within 3 s${cell.gzip ? " (gzip)" : ""}`,
          cell.syncMs.max,
          STORM_TARGETS.allSyncedMs,
        ),
      );
    const how = cell.gzip ? " (gzip)" : "";
    lines.push(
      verdict(
        `connected p99 < 50 ms, ${cell.boardNotes} notes × ${cell.newcomers}${how}`,
        cell.connectedLatencyMs.p99,
        STORM_TARGETS.connectedP99Ms,
      ),
    );
  }
  return lines;
}

export function renderLongDay(days: LongDay[]): string {
  const parts: string[] = [];
  for (const day of days) {
    const rows = day.runs.map((run) => [
      String(run.run),
      String(run.boardNotes),
      `${fixed(run.connectAllMs)} (${ms(run.syncMs.p50)} / ${ms(run.syncMs.max)})`,
      ms(run.connectEventLoop.maxMs),
      ms(run.figures.latencyMs.p50),
      ms(run.figures.latencyMs.p99),
      ms(run.figures.latencyMs.max),
      String(run.figures.lostDeliveries),
      `${ms(run.figures.serverEventLoop.p99Ms)} / ${ms(run.figures.serverEventLoop.maxMs)}`,
      `${fixed(run.mainThreadCpuPercent)} + ${fixed(run.otherThreadsCpuPercent)}`,
      fixed(run.rssMiB),
      // The counters' own process, when they had one (bench/counters.ts), after the plus.
      `${fixed(run.figures.loadGeneratorCpuPercent)}${run.figures.countersCpuPercent === undefined ? "" : ` + ${fixed(run.figures.countersCpuPercent)}`}`,
      ms(run.figures.loadGeneratorLagP99Ms),
      run.hostStolenPercent ? `${fixed(run.hostStolenPercent.joining)} / ${fixed(run.hostStolenPercent.run)}` : "–",
      run.waitedForCoreMsPerSecond
        ? `${fixed(run.waitedForCoreMsPerSecond.server)} / ${fixed(run.waitedForCoreMsPerSecond.loadGenerator)}`
        : "–",
    ]);
    parts.push(
      `Long day on ${day.database}: 200 participants, 200 edits/s (each adds a note), one board (ms); server at ${day.serverCommit}` +
        (day.countersApart === undefined
          ? ""
          : `; untimed participants ${day.countersApart ? "in their own niced process" : "in the load generator"}`),
      renderTable(
        [
          "run",
          "notes",
          "connect+sync all (p50 / max each)",
          "loop max while joining",
          "p50",
          "p99",
          "max",
          "lost",
          "loop delay p99 / max",
          "server CPU % main + others",
          "RSS MiB",
          "loadgen CPU % (+ counters)",
          "loadgen loop delay p99",
          "host CPU stolen % joining / run",
          "waited for a core ms/s server / loadgen",
        ],
        rows,
      ),
    );
    const worst = (pick: (run: LongDay["runs"][number]) => number | null) => Math.max(...day.runs.map((run) => pick(run) ?? Number.NaN));
    parts.push(
      verdict(
        `${day.database}: every run's p99 < 25 ms`,
        worst((run) => run.figures.latencyMs.p99),
        LONG_DAY_TARGETS.p99Ms,
      ),
      verdict(
        `${day.database}: every run's max < 100 ms`,
        worst((run) => run.figures.latencyMs.max),
        LONG_DAY_TARGETS.maxMs,
      ),
      verdict(
        `${day.database}: event-loop delay max < 50 ms (runs)`,
        worst((run) => run.figures.serverEventLoop.maxMs),
        LONG_DAY_TARGETS.eventLoopMaxMs,
      ),
      verdict(
        `${day.database}: event-loop delay max < 50 ms (joining)`,
        worst((run) => run.connectEventLoop.maxMs),
        LONG_DAY_TARGETS.eventLoopMaxMs,
      ),
    );
  }
  return parts.join("\n");
}

function verdict(target: string, measured: number, limit: number): string {
  const met = measured < limit;
  return `  ${met ? "met   " : "missed"} ${target}: ${ms(measured)} ms${met ? "" : ` (×${(measured / limit).toFixed(1)})`}`;
}
