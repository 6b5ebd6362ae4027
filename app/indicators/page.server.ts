// What an indicators page needs (structure, series or network): the report for the period asked in
// the address, each table's chart geometry, and what the period selector shows again.
import type { Db } from "../../prisma/db.js";
import { chartOf, type ChartGeometry } from "./chart.server.js";
import { computeIndicators, indicatorScopeFor, parsePeriod, periodSearch, type IndicatorTarget } from "./indicators.server.js";
import { FIRST_YEAR } from "./period.js";

/** The export formats whose routes exist beside each indicators page (…/indicateurs.csv and so on). */
export const EXPORT_FORMATS: readonly ("csv" | "xlsx" | "pdf")[] = ["csv", "xlsx", "pdf"];

export async function indicatorsPageData(db: Db, userId: string, target: IndicatorTarget, url: URL, now = new Date()) {
  const scope = await indicatorScopeFor(db, userId, target);
  const period = parsePeriod(url.searchParams, now);
  const report = await computeIndicators(db, scope, period);
  const charts: Record<string, ChartGeometry | null> = {};
  for (const table of report.tables) charts[table.id] = chartOf(table);
  const lastYear = now.getUTCFullYear() + 1;
  const years: number[] = [];
  for (let year = lastYear; year >= Math.max(FIRST_YEAR, lastYear - 10); year--) years.push(year);
  const search = periodSearch(period);
  return {
    report,
    charts,
    years,
    search,
    exports: EXPORT_FORMATS.map((format) => ({ format, href: `${url.pathname}.${format}?${search}` })),
    choice: {
      kind: period.kind,
      year: period.year,
      month: period.month,
      quarter: period.quarter,
      from: period.kind === "custom" ? period.from : "",
      to: period.kind === "custom" ? period.to : "",
      sessionKind: period.sessionKind ?? "",
    },
  };
}

export type IndicatorsPageData = Awaited<ReturnType<typeof indicatorsPageData>>;
