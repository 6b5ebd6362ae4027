// Times of appointments, all Paris calendar times (shared by server and pages: no zod, no database).
import { TZDate } from "@date-fns/tz";
import { calendarDayParts, parisCalendarDay, parisInstant, PARIS_TIME_ZONE } from "../lib/paris-dates.js";

/** The reminder leaves at this Paris time on the day before the appointment. */
export const REMINDER_PARIS_TIME = "10:00";

/** The Paris calendar day before `day` ("2026-03-30" → "2026-03-29"). */
export function dayBefore(day: string): string {
  const parts = calendarDayParts(day);
  if (!parts) throw new RangeError(`not a day: ${day}`);
  const previous = new Date(Date.UTC(parts.year, parts.month - 1, parts.day - 1));
  return previous.toISOString().slice(0, 10);
}

/**
 * When the reminder of an appointment starting at `startsAt` may leave: 10:00 Paris on the day
 * before (whatever the daylight-saving offset of either day). Null when that moment is already past
 * at `now` (booked less than a day ahead, or the evening before): her confirmation page and its
 * calendar file are then reminder enough, and a "reminder" sent at once would only repeat them.
 */
export function reminderTime(startsAt: Date, now: Date): Date | null {
  const at = parisInstant(dayBefore(parisCalendarDay(startsAt)), REMINDER_PARIS_TIME);
  return at.getTime() > now.getTime() ? at : null;
}

/** "09:45": the Paris clock time of an instant. */
export function parisClock(instant: Date | string): string {
  const local = new TZDate(new Date(instant).getTime(), PARIS_TIME_ZONE);
  return `${String(local.getHours()).padStart(2, "0")}:${String(local.getMinutes()).padStart(2, "0")}`;
}

/**
 * The starts of `count` slots of `minutes` from `time` on `day` (Paris), back to back with `gap`
 * minutes between them: a morning cut into 45-minute slots. The first start is a Paris wall-clock
 * time; the next ones follow in real minutes, so across a daylight-saving night they stay back to back
 * (never two at once, no hour lost).
 */
export function slotStarts(day: string, time: string, minutes: number, count: number, gap = 0): Date[] {
  // Cut in real minutes from the first start, not on the wall clock: on the spring change a wall-clock
  // 03:00 is the same instant as the missing 02:00 (two slots at once), in autumn 02:00-03:00 comes twice.
  const first = parisInstant(day, time).getTime();
  const starts: Date[] = [];
  for (let index = 0; index < count; index++) {
    const start = new Date(first + index * (minutes + gap) * 60_000);
    if (parisCalendarDay(start) !== day) break; // a series stops at midnight
    starts.push(start);
  }
  return starts;
}
