// The one shape every indicator takes once computed (issue 16): a small table with French labels,
// already masked. Pages draw it (chart + data table), exports write it (CSV, XLSX, PDF) — none of
// them needs to know what the figures mean, and none can show a figure the computation masked.

/** A figure about fewer people than this is shown as "< 5", everywhere. */
export const SMALL_NUMBER_THRESHOLD = 5;

export type IndicatorCell =
  /** A label: a kind of session, a template's title, a question, a structure's name, a period. */
  | { text: string }
  /** A count (sessions, people, answers…). */
  | { count: number }
  /** A rate between 0 and 1 (attendance, satisfaction). */
  | { rate: number }
  /** A figure hidden because it concerns fewer than SMALL_NUMBER_THRESHOLD people, or would reveal one. */
  | { masked: true }
  /** Nothing to show (no previous period, no answers). */
  | { empty: true };

export interface IndicatorColumn {
  key: string;
  /** French header, from the catalogue. */
  label: string;
}

export interface IndicatorTable {
  /** Stable id, used in anchors, file names and export sheets: "sessions-by-kind". */
  id: string;
  /** French title, from the catalogue. */
  title: string;
  /** The criterion of the SIAE quality grid this indicator serves, where one applies. */
  criterion?: { id: string; label: string };
  columns: IndicatorColumn[];
  rows: Record<string, IndicatorCell>[];
  /** How to draw it: bars of one or more count/rate columns against the label column. */
  chart?: {
    kind: "bars" | "stacked-bars";
    labelKey: string;
    valueKeys: string[];
    /** The rows drawn (indexes), when not all: a rate among counts stays in the table only. */
    rows?: number[];
  };
  /** A sentence under the table (how a rate is computed, what "< 5" means here). */
  note?: string;
}

/** What a scope (a structure, a series, a coordinator's network) looks like over a period. */
export interface IndicatorReport {
  /** French name of the scope: the structure's name, the series' title, "Réseau du territoire…". */
  scopeLabel: string;
  /** French labels of the period and of the one it is compared with. */
  period: { label: string; from: string; to: string };
  previous: { label: string; from: string; to: string };
  tables: IndicatorTable[];
}

export const masked: IndicatorCell = { masked: true };

/** A count of people, masked under the threshold (0 stays 0: nobody is revealed by an empty cell). */
export function peopleCount(n: number): IndicatorCell {
  return n > 0 && n < SMALL_NUMBER_THRESHOLD ? masked : { count: n };
}

/** A rate over a number of people, masked when that number is under the threshold. */
export function peopleRate(numerator: number, denominator: number): IndicatorCell {
  if (denominator === 0) return { empty: true };
  if (denominator < SMALL_NUMBER_THRESHOLD) return masked;
  return { rate: numerator / denominator };
}

/** How a cell reads in French in a table, a CSV or a PDF. */
export function cellText(cell: IndicatorCell): string {
  if ("text" in cell) return cell.text;
  if ("count" in cell) return new Intl.NumberFormat("fr-FR").format(cell.count);
  if ("rate" in cell) return new Intl.NumberFormat("fr-FR", { style: "percent", maximumFractionDigits: 0 }).format(cell.rate);
  if ("masked" in cell) return `< ${SMALL_NUMBER_THRESHOLD}`;
  return "—";
}
