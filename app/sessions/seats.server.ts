// One person, one seat: a session takes at most its capacity of participants (or a named default),
// counted over the seats that are not revoked, waiting ones included.
import type { Db } from "../../prisma/db.js";
import { openParticipantSeat } from "../auth/auth.server.js";

/** Participants of a session without a capacity of its own (env SESSION_MAX_PARTICIPANTS). */
export const DEFAULT_MAX_PARTICIPANTS = 60;

export type SeatResult = { ok: true; cookie: string; waiting: boolean } | { ok: false; reason: "full" };

const seated = (sessionId: string) => ({ sessionId, revokedAt: null });

/**
 * Seats a new participant unless the session is full. Two people may take the last seat at the same
 * moment: each is seated, then each counts the seats taken before theirs (by creation time, then id);
 * the one past the cap gives theirs back. No lock, and exactly `cap` people get in, on SQLite and PostgreSQL.
 */
export async function takeSeat(
  db: Db,
  request: Request,
  session: { id: string; capacity: number | null; waitingRoom: boolean },
  displayName: string,
  defaultCap: number,
): Promise<SeatResult> {
  const cap = session.capacity ?? defaultCap;
  if ((await db.participant.count({ where: seated(session.id) })) >= cap) return { ok: false, reason: "full" };
  const { cookie, participant } = await openParticipantSeat(db, request, session.id, displayName, { waiting: session.waitingRoom });
  const rank = await db.participant.count({
    where: {
      ...seated(session.id),
      OR: [{ createdAt: { lt: participant.createdAt } }, { createdAt: participant.createdAt, id: { lte: participant.id } }],
    },
  });
  if (rank > cap) {
    await db.participant.delete({ where: { id: participant.id } });
    return { ok: false, reason: "full" };
  }
  return { ok: true, cookie, waiting: session.waitingRoom };
}
