// Who read what, as one list: the traced reads of sessions (ReadTrace) and the reads of diagnostics
// (DiagnosticAudit, written by readDiagnostic and diagnosticHistory). A structure's admins page
// through the reads made for their structure, newest first; a person reads the entries about her.
import { z } from "zod";
import type { Db } from "../../prisma/db.js";
import { auditLogFor } from "../diagnostic/grants.server.js";
import { DOCUMENT_READ, documentOpenings } from "../documents/shares.server.js";
import type { TracedRead } from "./read-trace.server.js";

export type AccessWhat = TracedRead | "person.page" | "person.history";

export interface AccessEntry {
  id: string;
  at: Date;
  /** The professional's name as their account says it; empty when the account is gone. */
  who: string;
  what: AccessWhat;
  /** The person whose diagnostic was read (admins' view only), or null. */
  person: string | null;
  /** The session read, or null; `title` is empty when the session was deleted since. */
  session: { title: string; startsAt: Date | null } | null;
}

export const ACCESS_PAGE_SIZE = 50;

/** A page's position: the last entry shown (time and id), so that entries of the same millisecond are neither lost nor repeated. */
const cursorSchema = z
  .string()
  .regex(/^\d{1,15}\.[A-Za-z0-9_-]{1,64}$/)
  .transform((value) => {
    const [ms, id] = value.split(".");
    return { at: new Date(Number(ms)), id };
  });

export type AccessCursor = z.infer<typeof cursorSchema>;

/** The `?avant=` of a page link; null (the first page) for anything else. */
export function parseAccessCursor(value: string | null): AccessCursor | null {
  const parsed = cursorSchema.safeParse(value ?? "");
  return parsed.success ? parsed.data : null;
}

const olderThan = (cursor: AccessCursor | null) =>
  cursor ? { OR: [{ createdAt: { lt: cursor.at } }, { createdAt: cursor.at, id: { lt: cursor.id } }] } : {};
const newestFirst = [{ createdAt: "desc" as const }, { id: "desc" as const }];

/** The reads made for a structure, newest first, one page; `next` is the cursor of the following page. */
export async function structureAccessLog(db: Db, structureId: string, cursor: AccessCursor | null, size = ACCESS_PAGE_SIZE) {
  const [traces, audits] = await Promise.all([
    db.readTrace.findMany({
      where: { structureId, ...olderThan(cursor) },
      orderBy: newestFirst,
      take: size + 1,
      select: { id: true, createdAt: true, actorUserId: true, what: true, sessionId: true, personId: true },
    }),
    db.diagnosticAudit.findMany({
      where: { actorOrgId: structureId, action: "read", ...olderThan(cursor) },
      orderBy: newestFirst,
      take: size + 1,
      select: { id: true, createdAt: true, actorUserId: true, part: true, person: { select: { displayName: true } } },
    }),
  ]);
  const merged = [
    ...traces.map((row) => ({ ...row, kind: "trace" as const })),
    ...audits.map((row) => ({ ...row, kind: "audit" as const })),
  ].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const page = merged.slice(0, size);
  const last = page.at(-1);
  const names = await userNames(
    db,
    page.map((row) => row.actorUserId),
  );
  const sessions = await sessionTitles(
    db,
    page.flatMap((row) => (row.kind === "trace" && row.sessionId ? [row.sessionId] : [])),
  );
  const people = await personNames(
    db,
    page.flatMap((row) => (row.kind === "trace" && row.personId ? [row.personId] : [])),
  );
  const entries: AccessEntry[] = page.map((row) => ({
    id: row.id,
    at: row.createdAt,
    who: names.get(row.actorUserId) ?? "",
    ...(row.kind === "audit"
      ? { what: row.part === "history" ? "person.history" : "person.page", person: row.person.displayName, session: null }
      : {
          what: row.what as AccessWhat,
          person: row.personId ? (people.get(row.personId) ?? null) : null,
          session: sessionOf(sessions, row.sessionId),
        }),
  }));
  return { entries, next: merged.length > size && last ? `${last.createdAt.getTime()}.${last.id}` : null };
}

export type JournalEntry =
  | { kind: "diagnostic"; id: string; at: Date; who: string; structure: string; action: string; part: string }
  /** A document she shows, opened: by a professional (who, structure) or through the link (who null). */
  | { kind: "document"; id: string; at: Date; who: string | null; structure: string | null; title: string }
  | { kind: "session"; id: string; at: Date; who: string; structure: string; what: TracedRead; title: string; startsAt: Date | null };

/**
 * What a person sees in her journal: reads and changes of her diagnostic, reads of the sessions she
 * took part in, and each opening of a document she shows (a professional's opening is also a read
 * trace of the structure: shown once, from the opening).
 */
export async function personJournal(db: Db, personId: string, limit = 500): Promise<JournalEntry[]> {
  const participations = await db.participant.findMany({ where: { personId }, select: { sessionId: true } });
  const sessionIds = [...new Set(participations.map((participation) => participation.sessionId))];
  const [diagnostic, traces, openings] = await Promise.all([
    auditLogFor(db, personId),
    db.readTrace.findMany({
      where: {
        OR: [{ personId }, ...(sessionIds.length > 0 ? [{ sessionId: { in: sessionIds } }] : [])],
        what: { not: DOCUMENT_READ },
      },
      orderBy: newestFirst,
      take: limit,
      select: { id: true, createdAt: true, actorUserId: true, structureId: true, what: true, sessionId: true },
    }),
    documentOpenings(db, personId, limit),
  ]);
  const names = await userNames(
    db,
    traces.map((trace) => trace.actorUserId),
  );
  const structures = await structureNames(
    db,
    traces.map((trace) => trace.structureId),
  );
  const sessions = await sessionTitles(
    db,
    traces.flatMap((trace) => (trace.sessionId ? [trace.sessionId] : [])),
  );
  const entries: JournalEntry[] = [
    ...diagnostic.map((event) => ({ kind: "diagnostic" as const, ...event, at: event.createdAt })),
    ...traces.map((trace) => {
      const session = sessionOf(sessions, trace.sessionId);
      return {
        kind: "session" as const,
        id: trace.id,
        at: trace.createdAt,
        who: names.get(trace.actorUserId) ?? "",
        structure: structures.get(trace.structureId) ?? "",
        what: trace.what as TracedRead,
        title: session?.title ?? "",
        startsAt: session?.startsAt ?? null,
      };
    }),
    ...openings.map((opening) => ({ kind: "document" as const, ...opening })),
  ];
  return entries.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, limit);
}

async function userNames(db: Db, ids: string[]) {
  const users = await db.user.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, displayName: true } });
  return new Map(users.map((user) => [user.id, user.displayName]));
}

async function personNames(db: Db, ids: string[]) {
  const people = await db.person.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, displayName: true } });
  return new Map(people.map((person) => [person.id, person.displayName]));
}

async function structureNames(db: Db, ids: string[]) {
  const structures = await db.structure.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } });
  return new Map(structures.map((structure) => [structure.id, structure.name]));
}

async function sessionTitles(db: Db, ids: string[]) {
  const sessions = await db.groupSession.findMany({
    where: { id: { in: [...new Set(ids)] } },
    select: { id: true, title: true, startsAt: true },
  });
  return new Map(sessions.map((session) => [session.id, session]));
}

function sessionOf(sessions: Map<string, { title: string; startsAt: Date }>, sessionId: string | null) {
  if (!sessionId) return null;
  const session = sessions.get(sessionId);
  return { title: session?.title ?? "", startsAt: session?.startsAt ?? null };
}
