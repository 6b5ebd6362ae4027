// The period an indicators page covers (issue 16): a month, a quarter, a year or a custom run of
// whole months, always in Paris calendar days, compared with the period of the same length just
// before. Custom dates are widened to whole months: a month is the narrowest slice anyone can ask
// for, so that no choice of dates singles out one session (docs/decisions/019).
import { SESSION_KINDS, type SessionKind } from "../../workshops/schema.js";
import { t } from "../i18n/index.js";
import { calendarDayParts, endOfParisDay, parisInstant, todayInParis } from "../lib/paris-dates.js";

export type IndicatorPeriodKind = "month" | "quarter" | "year" | "custom";
export const PERIOD_KINDS: readonly IndicatorPeriodKind[] = ["month", "quarter", "year", "custom"];

/** A custom period spans at most this many months. */
export const CUSTOM_MAX_MONTHS = 36;
/** The earliest year one may ask for. */
export const FIRST_YEAR = 2000;

export interface PeriodSpan {
  /** First and last Paris calendar days, inclusive ("YYYY-MM-DD"). */
  from: string;
  to: string;
  /** The instants [start, end) they cover. */
  start: Date;
  end: Date;
  label: string;
  /** The months it covers, "YYYY-MM", oldest first. */
  months: string[];
}

export interface IndicatorPeriod extends PeriodSpan {
  kind: IndicatorPeriodKind;
  /** What the period selector shows again. */
  year: number;
  month: number;
  quarter: number;
  /** Only sessions of this kind, when the page filters on one. */
  sessionKind?: SessionKind;
  previous: PeriodSpan;
}

const pad = (value: number) => String(value).padStart(2, "0");

/** Months are counted from year 0: 2026-03 is 2026 * 12 + 2. */
const monthIndex = (year: number, month: number) => year * 12 + (month - 1);
const monthOf = (index: number) => ({ year: Math.floor(index / 12), month: (index % 12) + 1 });
const monthKey = (index: number) => {
  const { year, month } = monthOf(index);
  return `${year}-${pad(month)}`;
};

const MONTH_NAMES = new Intl.DateTimeFormat("fr-FR", { month: "long", timeZone: "UTC" });
const monthName = (index: number) => {
  const { year, month } = monthOf(index);
  return `${MONTH_NAMES.format(new Date(Date.UTC(year, month - 1, 15)))} ${year}`;
};

/** The span of whole months [first, last] (month indexes), labelled. */
function span(first: number, last: number, label: string): PeriodSpan {
  const from = `${monthKey(first)}-01`;
  const lastMonth = monthOf(last);
  const lastDay = new Date(Date.UTC(lastMonth.year, lastMonth.month, 0)).getUTCDate();
  const to = `${monthKey(last)}-${pad(lastDay)}`;
  const months: string[] = [];
  for (let index = first; index <= last; index++) months.push(monthKey(index));
  return { from, to, start: parisInstant(from), end: new Date(endOfParisDay(to).getTime() + 1), label, months };
}

function labelOf(kind: IndicatorPeriodKind, first: number, last: number): string {
  const { year, month } = monthOf(first);
  if (kind === "month") return monthName(first);
  if (kind === "quarter") return t("indicators.period.quarterLabel", { quarter: Math.floor((month - 1) / 3) + 1, year });
  if (kind === "year") return String(year);
  return first === last ? monthName(first) : t("indicators.period.customLabel", { from: monthName(first), to: monthName(last) });
}

function build(kind: IndicatorPeriodKind, first: number, last: number, sessionKind?: SessionKind): IndicatorPeriod {
  const length = last - first + 1;
  const current = span(first, last, labelOf(kind, first, last));
  const previous = span(first - length, first - 1, labelOf(kind, first - length, first - 1));
  const { year, month } = monthOf(first);
  return { ...current, kind, year, month, quarter: Math.floor((month - 1) / 3) + 1, sessionKind, previous };
}

function integerIn(value: string | null, min: number, max: number): number | null {
  if (value === null || !/^\d{1,4}$/.test(value)) return null;
  const number = Number(value);
  return number >= min && number <= max ? number : null;
}

/** A "YYYY-MM-DD" or "YYYY-MM" field → its month index, or null. */
function monthField(value: string | null, lastYear: number): number | null {
  if (!value) return null;
  const day = /^\d{4}-\d{2}$/.test(value) ? `${value}-01` : value;
  const parts = calendarDayParts(day);
  if (!parts || parts.year < FIRST_YEAR || parts.year > lastYear) return null;
  return monthIndex(parts.year, parts.month);
}

/**
 * Reads the period selector's GET parameters (period, year, month, quarter, from, to, type). Never
 * throws: a missing or impossible value falls back to the current month, year or quarter in Paris.
 */
export function parsePeriod(searchParams: URLSearchParams, now: Date): IndicatorPeriod {
  const today = calendarDayParts(todayInParis(now))!;
  const lastYear = today.year + 1;
  const rawKind = searchParams.get("period");
  const kind: IndicatorPeriodKind = PERIOD_KINDS.includes(rawKind as IndicatorPeriodKind) ? (rawKind as IndicatorPeriodKind) : "month";
  const rawType = searchParams.get("type");
  const sessionKind = SESSION_KINDS.includes(rawType as SessionKind) ? (rawType as SessionKind) : undefined;
  const year = integerIn(searchParams.get("year"), FIRST_YEAR, lastYear) ?? today.year;
  if (kind === "year") return build("year", monthIndex(year, 1), monthIndex(year, 12), sessionKind);
  if (kind === "quarter") {
    const quarter = integerIn(searchParams.get("quarter"), 1, 4) ?? Math.floor((today.month - 1) / 3) + 1;
    const first = monthIndex(year, (quarter - 1) * 3 + 1);
    return build("quarter", first, first + 2, sessionKind);
  }
  if (kind === "custom") {
    const from = monthField(searchParams.get("from"), lastYear);
    const to = monthField(searchParams.get("to"), lastYear);
    if (from !== null && to !== null) {
      const [first, last] = from <= to ? [from, to] : [to, from];
      if (last - first < CUSTOM_MAX_MONTHS) return build("custom", first, last, sessionKind);
    }
  }
  const month = integerIn(searchParams.get("month"), 1, 12) ?? today.month;
  return build("month", monthIndex(year, month), monthIndex(year, month), sessionKind);
}

/** The query string that asks for this period again (links to exports keep the page's choice). */
export function periodSearch(period: IndicatorPeriod): string {
  const params = new URLSearchParams({ period: period.kind, year: String(period.year) });
  if (period.kind === "month") params.set("month", String(period.month));
  if (period.kind === "quarter") params.set("quarter", String(period.quarter));
  if (period.kind === "custom") {
    params.set("from", period.from);
    params.set("to", period.to);
  }
  if (period.sessionKind) params.set("type", period.sessionKind);
  return params.toString();
}

/** The month ("YYYY-MM") an instant falls in, in Paris. */
export function parisMonth(instant: Date): string {
  return todayInParis(instant).slice(0, 7);
}
