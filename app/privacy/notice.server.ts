// The periods a notice tells: those of the structure that holds the data (its own choices within the
// policy's bounds, else the defaults), found from a session or a person.
import type { Db } from "../../prisma/db.js";
import { DEFAULT_PERIODS, type NoticePeriods } from "./notice.js";
import { effectiveRetention } from "./retention.server.js";

/** The periods of the structure that runs a session (the defaults when the session is not found). */
export async function sessionNoticePeriods(db: Db, sessionId: string): Promise<NoticePeriods> {
  const session = await db.groupSession.findUnique({ where: { id: sessionId }, select: { structureId: true } });
  return session ? effectiveRetention(db, session.structureId) : DEFAULT_PERIODS;
}

/** The periods of a person's referent structure, which keeps her diagnostic and documents. */
export async function personNoticePeriods(db: Db, personId: string): Promise<NoticePeriods> {
  const person = await db.person.findUnique({ where: { id: personId }, select: { structureId: true } });
  return person ? effectiveRetention(db, person.structureId) : DEFAULT_PERIODS;
}
