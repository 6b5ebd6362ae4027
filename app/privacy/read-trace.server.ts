// Reads of sensitive things by a professional, traced (issue 15.6, docs/decisions/015): a session's
// report and its files, the attendance list, the participants' list, the registrations (names and
// contacts) and the closing page (who wrote which card). Who, for which structure, when,
// what. A person's diagnostic page is not traced here: readDiagnostic already writes its read to
// DiagnosticAudit (with the part seen), and one read makes one row; access-log.server.ts shows the
// two tables as one list to the structure's admins and to the person.
import type { Db } from "../../prisma/db.js";
import { findProfessional } from "../auth/auth.server.js";

/**
 * What can be traced. A file leaves the product each time it is downloaded: every download is a row.
 * A page or a list may be reloaded or polled (the board's panel asks for the participants every few
 * seconds): the same professional reading the same thing again within REPEAT_WINDOW_MS is one read.
 */
export const TRACED_READS = {
  "session.report": { file: false },
  "session.participants": { file: false },
  "session.registrations": { file: false },
  "session.closing": { file: false },
  "session.report.pdf": { file: true },
  "session.report.md": { file: true },
  "session.cards.csv": { file: true },
  "session.attendance.csv": { file: true },
  // A document a person shows to the structure (app/documents/shares.server.ts): each opening is one.
  "person.document": { file: true },
} as const;

export type TracedRead = keyof typeof TRACED_READS;

export const REPEAT_WINDOW_MS = 30 * 60 * 1000;

/** The professional who reads: the request's signed-in one, or one the loader already has. */
type Reader = Request | { id: string };

/**
 * Records that the professional read `what` of a session, for the structure through which they may
 * read it (the session's own, else the co-host structure they belong to). Nothing is recorded for
 * someone who is not signed in or not a member of either (the loader refused them already).
 */
export async function traceSessionRead(db: Db, reader: Reader, what: TracedRead, sessionId: string, now: Date = new Date()): Promise<void> {
  // Told apart by shape, not by class: a request built by another fetch implementation is still one.
  const userId = "id" in reader ? reader.id : (await findProfessional(db, reader.headers.get("Cookie")))?.id;
  if (!userId) return;
  const session = await db.groupSession.findUnique({
    where: { id: sessionId },
    select: { structureId: true, coHosts: { select: { structureId: true } } },
  });
  if (!session) return;
  const candidates = [session.structureId, ...session.coHosts.map((coHost) => coHost.structureId)];
  const memberships = await db.membership.findMany({ where: { userId, structureId: { in: candidates } }, select: { structureId: true } });
  const mine = new Set(memberships.map((membership) => membership.structureId));
  const structureId = candidates.find((candidate) => mine.has(candidate));
  if (!structureId) return;
  if (!TRACED_READS[what].file) {
    const recent = await db.readTrace.findFirst({
      where: { actorUserId: userId, structureId, what, sessionId, createdAt: { gt: new Date(now.getTime() - REPEAT_WINDOW_MS) } },
      select: { id: true },
    });
    if (recent) return;
  }
  await db.readTrace.create({ data: { actorUserId: userId, structureId, what, sessionId, createdAt: now } });
}
