// Every date a person picks in a form (a session's day, a sharing's last day, an action's due date)
// is a calendar day in Paris, whatever the server's or the browser's time zone. These helpers are
// the one way from a "YYYY-MM-DD" field to an instant and back, so a day never drifts by one
// around midnight or a daylight-saving change.
import { TZDate } from "@date-fns/tz";

export const PARIS_TIME_ZONE = "Europe/Paris";

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The parts of a real calendar day ("2027-02-30" is not one), or null. */
export function calendarDayParts(value: string): { year: number; month: number; day: number } | null {
  const match = ISO_DAY.exec(value);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return { year, month, day };
}

export function isCalendarDay(value: string): boolean {
  return calendarDayParts(value) !== null;
}

/** The instant a Paris wall clock shows `time` ("HH:MM", default midnight) on `day`. */
export function parisInstant(day: string, time = "00:00"): Date {
  const parts = calendarDayParts(day);
  const clock = ISO_TIME.exec(time);
  if (!parts || !clock) throw new RangeError(`not a day and time: ${day} ${time}`);
  return new Date(new TZDate(parts.year, parts.month - 1, parts.day, Number(clock[1]), Number(clock[2]), PARIS_TIME_ZONE).getTime());
}

/** The last millisecond of that day in Paris (23 or 25 hours long on daylight-saving days). */
export function endOfParisDay(day: string): Date {
  const parts = calendarDayParts(day);
  if (!parts) throw new RangeError(`not a day: ${day}`);
  const nextMidnight = new TZDate(parts.year, parts.month - 1, parts.day + 1, 0, 0, PARIS_TIME_ZONE);
  return new Date(nextMidnight.getTime() - 1);
}

/** The Paris calendar day an instant falls on, as a form field writes it. */
export function parisCalendarDay(instant: Date | string): string {
  const local = new TZDate(new Date(instant).getTime(), PARIS_TIME_ZONE);
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
}

export function todayInParis(now: Date = new Date()): string {
  return parisCalendarDay(now);
}
