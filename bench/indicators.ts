// Indicators on two years of history (issue 16.7): a structure's history written by
// bench/indicators-data.ts into a fresh SQLite file and a fresh PostgreSQL database, then
//   - computeIndicators called in the bench's own process (the queries and the tables, no HTTP);
//   - GET /structures/<id>/indicateurs?period=year&year=2026 on the production server, as a signed-in
//     member, timed from the request to the last byte of the page over loopback.
// Target: the page in ≤ 300 ms p50 on both databases.
import { computeIndicators, parsePeriod } from "../app/indicators/indicators.server.js";
import { professionalCookie } from "../test/support/fixtures.js";
import { benchDatabase, type DatabaseKind } from "./boards.js";
import { FULL_HISTORY, writeHistory, type HistoryPlan } from "./indicators-data.js";
import { startOurServer } from "./servers.js";
import { fixed, percentile, renderTable } from "./stats.js";

export interface IndicatorsPlan {
  history: HistoryPlan;
  databases: DatabaseKind[];
  /** Timed runs, after `warmup` untimed ones (the first compiles the queries and fills caches). */
  runs: number;
  warmup: number;
  /** A cell stops taking samples after this long (at least 3 are taken): a slow query must not stall the bench. */
  budgetMs: number;
  targetP50Ms: number;
}

export const indicatorsPlan = (quick: boolean, databases: DatabaseKind[]): IndicatorsPlan => ({
  history: quick ? { ...FULL_HISTORY, sessions: 100, outcomes: 500, ballots: 250, people: 300 } : FULL_HISTORY,
  databases,
  runs: quick ? 5 : 30,
  warmup: quick ? 1 : 3,
  budgetMs: quick ? 20_000 : 90_000,
  targetP50Ms: 300,
});

interface Timing {
  p50: number;
  p90: number;
  min: number;
  max: number;
  runs: number;
}

export interface IndicatorsCell {
  database: DatabaseKind;
  rows: Record<string, number>;
  writeMs: number;
  direct: Timing;
  page: Timing;
  pageBytes: number;
}

const QUERY = "period=year&year=2026";
// The history ends on 1 December 2026: "now" for the direct calls, like the page's explicit year.
const NOW = new Date("2026-12-01T10:00:00Z");

async function timed(plan: IndicatorsPlan, run: () => Promise<unknown>): Promise<Timing> {
  const started = performance.now();
  const samples: number[] = [];
  const sample = async () => {
    const before = performance.now();
    await run();
    return performance.now() - before;
  };
  for (let index = 0; index < plan.warmup; index++) {
    const cold = await sample();
    // A run too slow to warm up with is a sample in itself (its figure says enough).
    if (cold > plan.budgetMs / 3) {
      samples.push(cold);
      break;
    }
  }
  while (samples.length < plan.runs && (samples.length === 0 || performance.now() - started < plan.budgetMs)) samples.push(await sample());
  const sorted = Float64Array.from(samples).sort();
  return {
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    runs: samples.length,
  };
}

export async function indicatorsBench(plan: IndicatorsPlan, log: (line: string) => void): Promise<IndicatorsCell[]> {
  const cells: IndicatorsCell[] = [];
  for (const kind of plan.databases) {
    const database = await benchDatabase(kind);
    try {
      const writeStarted = performance.now();
      const history = await writeHistory(database.db, plan.history);
      const writeMs = performance.now() - writeStarted;
      // PostgreSQL's autovacuum analyses a table within a minute of a bulk load; measured straight after
      // the load, its planner would still estimate one row per table (nested loops: minutes, not ms).
      // SQLite gathers no statistics by itself: it is measured as the product leaves it.
      if (kind === "postgres") await database.db.$executeRawUnsafe("ANALYZE");
      log(`indicators ${kind}: history written in ${fixed(writeMs / 1000, 1)} s (${JSON.stringify(history.rows)})`);

      const scope = { kind: "structure", structureId: history.structureId } as const;
      const period = parsePeriod(new URLSearchParams(QUERY), NOW);
      const direct = await timed(plan, () => computeIndicators(database.db, scope, period));
      log(`indicators ${kind}: computeIndicators p50 ${fixed(direct.p50)} ms, p90 ${fixed(direct.p90)} ms`);

      const server = await startOurServer(database.url);
      let pageBytes = 0;
      try {
        const base = `http://localhost:${new URL(server.wsBase).port}`;
        const cookie = await professionalCookie(database.db, history.memberId);
        const url = `${base}/structures/${history.structureId}/indicateurs?${QUERY}`;
        const page = await timed(plan, async () => {
          const response = await fetch(url, { headers: { Cookie: cookie } });
          const body = await response.text();
          if (response.status !== 200) throw new Error(`GET ${url}: ${response.status}`);
          pageBytes = body.length;
        });
        log(`indicators ${kind}: page p50 ${fixed(page.p50)} ms, p90 ${fixed(page.p90)} ms`);
        cells.push({ database: kind, rows: history.rows, writeMs, direct, page, pageBytes });
      } finally {
        await server.stop();
      }
    } finally {
      await database.cleanup();
    }
  }
  return cells;
}

export function renderIndicators(cells: IndicatorsCell[], plan: IndicatorsPlan): string {
  const rows = cells.map((cell) => [
    cell.database,
    `${fixed(cell.writeMs / 1000, 1)} s`,
    `${fixed(cell.direct.p50)} / ${fixed(cell.direct.p90)} (${cell.direct.runs} runs)`,
    `${fixed(cell.page.p50)} / ${fixed(cell.page.p90)} (${fixed(cell.page.min)}–${fixed(cell.page.max)}, ${cell.page.runs} runs)`,
    cell.page.p50 <= plan.targetP50Ms ? "yes" : "no",
  ]);
  return `Indicators on two years of history (up to ${plan.runs} runs after ${plan.warmup} of warm-up, within ${plan.budgetMs / 1000} s; ms)\n${renderTable(
    ["database", "history written", "computeIndicators p50 / p90", "page p50 / p90 (min–max)", `page p50 ≤ ${plan.targetP50Ms} ms`],
    rows,
  )}`;
}
