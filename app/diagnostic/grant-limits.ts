// How long a person's grant may last (issue 15.7, docs/decisions/016). A grant given or renewed today
// ends, at the latest, GRANT_MAX_DAYS Paris calendar days later; the server refuses a later day
// whatever is posted. Pure: the sharing form uses it for its date field's `max`.
import { calendarDayParts, parisCalendarDay } from "../lib/paris-dates";

/** The longest a grant opens a diagnostic, counted from the day it is given or renewed. */
export const GRANT_MAX_DAYS = 365;

/** The personal space points at a grant this many days before it ends, so that the person can renew it. */
export const GRANT_ENDING_SOON_DAYS = 30;

/** A Paris calendar day ("YYYY-MM-DD") moved by whole days; calendar arithmetic, so no daylight-saving drift. */
export function addCalendarDays(day: string, days: number): string {
  const parts = calendarDayParts(day);
  if (!parts) throw new RangeError(`not a day: ${day}`);
  return new Date(Date.UTC(parts.year, parts.month - 1, parts.day + days)).toISOString().slice(0, 10);
}

/** The last day a grant given (or renewed) on `today` may run to. */
export function lastGrantDay(today: string): string {
  return addCalendarDays(today, GRANT_MAX_DAYS);
}

/** Whether a grant still open at `now` ends within GRANT_ENDING_SOON_DAYS (its last day, in Paris). */
export function endsSoon(expiresAt: Date, now: Date): boolean {
  return expiresAt > now && parisCalendarDay(expiresAt) <= addCalendarDays(parisCalendarDay(now), GRANT_ENDING_SOON_DAYS);
}
