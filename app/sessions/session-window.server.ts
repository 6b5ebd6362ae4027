// When a session stops taking people in, and when a participant's token stops opening anything.
// Sessions have a start, not an end: the end of the session's day (Europe/Paris) stands for it.
import { TZDate } from "@date-fns/tz";
import { SESSION_TIME_ZONE } from "./sessions.server.js";

/** Joins are taken until this long after the end of the session's day (late arrivals, a session past midnight). */
export const JOINS_CLOSE_HOURS_AFTER_SESSION_DAY = 12;
/** A participant's token opens the session's pages this long after the end of its day, then never again. */
export const PARTICIPANT_TOKEN_HOURS_AFTER_SESSION_DAY = 48;

const HOUR_MS = 3_600_000;

/** Recent answers of `endOfSessionDay`, by start time: every connection to a board asks it for the same session. */
const endsOfDay = new Map<number, number>();
const ENDS_OF_DAY_KEPT = 256;

/** Midnight after the session's day, in the product's time zone. */
export function endOfSessionDay(startsAt: Date): Date {
  const start = startsAt.getTime();
  let end = endsOfDay.get(start);
  if (end === undefined) {
    // Time-zone arithmetic goes through Intl (about 60 µs): a board's 200 reconnections paid it 200 times.
    const local = new TZDate(start, SESSION_TIME_ZONE);
    end = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + 1, 0, 0, SESSION_TIME_ZONE).getTime();
    if (endsOfDay.size >= ENDS_OF_DAY_KEPT) endsOfDay.clear();
    endsOfDay.set(start, end);
  }
  return new Date(end);
}

export function participantTokenExpiresAt(startsAt: Date): Date {
  return new Date(endOfSessionDay(startsAt).getTime() + PARTICIPANT_TOKEN_HOURS_AFTER_SESSION_DAY * HOUR_MS);
}

/** False once the facilitator has closed the session, or once it is long past. */
export function acceptsJoins(session: { startsAt: Date; closedAt: Date | null }, now = new Date()): boolean {
  if (session.closedAt) return false;
  return now.getTime() < endOfSessionDay(session.startsAt).getTime() + JOINS_CLOSE_HOURS_AFTER_SESSION_DAY * HOUR_MS;
}
