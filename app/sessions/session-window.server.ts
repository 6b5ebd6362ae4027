// When a session stops taking people in, and when a participant's token stops opening anything.
// Sessions have a start, not an end: the end of the session's day (Europe/Paris) stands for it.
import { TZDate } from "@date-fns/tz";
import { SESSION_TIME_ZONE } from "./sessions.server.js";

/** Joins are taken until this long after the end of the session's day (late arrivals, a session past midnight). */
export const JOINS_CLOSE_HOURS_AFTER_SESSION_DAY = 12;
/** A participant's token opens the session's pages this long after the end of its day, then never again. */
export const PARTICIPANT_TOKEN_HOURS_AFTER_SESSION_DAY = 48;

const HOUR_MS = 3_600_000;

/** Midnight after the session's day, in the product's time zone. */
export function endOfSessionDay(startsAt: Date): Date {
  const local = new TZDate(startsAt.getTime(), SESSION_TIME_ZONE);
  return new Date(new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + 1, 0, 0, SESSION_TIME_ZONE).getTime());
}

export function participantTokenExpiresAt(startsAt: Date): Date {
  return new Date(endOfSessionDay(startsAt).getTime() + PARTICIPANT_TOKEN_HOURS_AFTER_SESSION_DAY * HOUR_MS);
}

/** False once the facilitator has closed the session, or once it is long past. */
export function acceptsJoins(session: { startsAt: Date; closedAt: Date | null }, now = new Date()): boolean {
  if (session.closedAt) return false;
  return now.getTime() < endOfSessionDay(session.startsAt).getTime() + JOINS_CLOSE_HOURS_AFTER_SESSION_DAY * HOUR_MS;
}
