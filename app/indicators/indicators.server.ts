// Indicators of a structure, a practice-exchange series or a coordinator's network over a period,
// compared with the period just before (issue 16, docs/decisions/019). The one entry point: pages
// and exports call computeIndicators and get tables already masked (indicator-table.ts).
import type { Db } from "../../prisma/db.js";
import { loadWorkshopLibrary } from "../../workshops/library.js";
import { workshopTemplateSchema } from "../../workshops/schema.js";
import type { IndicatorReport } from "./indicator-table.js";
import type { IndicatorPeriod } from "./period.js";
import { resolveScope, type IndicatorScope } from "./scope.server.js";
import { takeSnapshot } from "./snapshot.server.js";
import { buildTables } from "./tables.js";

export { parsePeriod, periodSearch, type IndicatorPeriod, type IndicatorPeriodKind } from "./period.js";
export { coordinatesANetwork, indicatorScopeFor, type IndicatorScope, type IndicatorTarget } from "./scope.server.js";

let builtinTitles: Map<string, string> | null = null;

/** Template id → title: the built-in library (read once), and the structures' own variants used. */
async function templateTitles(db: Db, ids: string[]): Promise<Map<string, string>> {
  builtinTitles ??= new Map(loadWorkshopLibrary().templates.map((template) => [template.id, template.title]));
  const titles = new Map(builtinTitles);
  const variantIds = ids.filter((id) => !titles.has(id));
  if (variantIds.length === 0) return titles;
  const variants = await db.workshopTemplateVariant.findMany({ where: { id: { in: variantIds } }, select: { id: true, definition: true } });
  for (const variant of variants) {
    const parsed = workshopTemplateSchema.safeParse(variant.definition);
    if (parsed.success) titles.set(variant.id, parsed.data.title);
  }
  return titles;
}

export async function computeIndicators(db: Db, scope: IndicatorScope, period: IndicatorPeriod): Promise<IndicatorReport> {
  const resolved = await resolveScope(db, scope);
  const [current, previous] = await Promise.all([
    takeSnapshot(db, resolved, period, period.sessionKind),
    takeSnapshot(db, resolved, period.previous, period.sessionKind),
  ]);
  const ids = [...new Set([...current.sessions, ...previous.sessions].map((session) => session.templateId))];
  const hadExchanges = [...current.sessions, ...previous.sessions].some((session) => session.kind === "practice_exchange");
  const tables = buildTables({
    current,
    previous,
    templateTitles: await templateTitles(db, ids),
    structures: resolved.structures,
    withSteps: resolved.peopleStructureIds !== null,
    withExchanges: scope.kind === "series" || hadExchanges,
    withTerritories: scope.kind === "network",
  });
  return {
    scopeLabel: resolved.label,
    period: { label: period.label, from: period.from, to: period.to },
    previous: { label: period.previous.label, from: period.previous.from, to: period.previous.to },
    tables,
  };
}
