// Deleting a session (issue 15.2, docs/decisions/015): its board and log, participants, registrations
// and their outbox messages go; the facilitator may first keep an anonymous report (SessionArchive:
// counts and cards by zone, no name). Allowed to the professional who created the session and to the
// admins of its host structure; a co-host structure runs the session but does not own it.
import { z } from "zod";
import type { Db } from "../../prisma/db.js";
import type { LiveBoards } from "../lib/load-context.js";
import { gatherReport } from "../report/gather.server.js";
import { sessionsRunBy } from "./sessions.server.js";

/** The sessions a professional may delete: created by them in a structure they still belong to, or hosted by a structure they administer. */
export function sessionsDeletableBy(userId: string) {
  return {
    OR: [
      { createdById: userId, structure: { memberships: { some: { userId } } } },
      { structure: { memberships: { some: { userId, role: "admin" } } } },
    ],
  };
}

/** What a professional may do with a session: delete it, only see it, or nothing (404). */
async function deletionRight(db: Db, userId: string, sessionId: string): Promise<"notFound" | "forbidden" | "allowed"> {
  const visible = await db.groupSession.count({ where: { id: sessionId, ...sessionsRunBy(userId) } });
  if (visible === 0) return "notFound";
  const deletable = await db.groupSession.count({ where: { id: sessionId, ...sessionsDeletableBy(userId) } });
  return deletable === 0 ? "forbidden" : "allowed";
}

/** Whether the session page offers deletion to this professional. */
export async function canDeleteSession(db: Db, userId: string, sessionId: string): Promise<boolean> {
  return (await deletionRight(db, userId, sessionId)) === "allowed";
}

/** The outbox messages of a session: those written to one of its registrations. */
const sessionMessages = (sessionId: string) => ({ registration: { sessionId } });

export interface DeletionPreview {
  id: string;
  title: string;
  startsAt: Date;
  counts: { participants: number; registrations: number; messages: number; cards: number };
}

/** What the confirmation page says will go, counted from the session's rows and its stored board. */
export async function deletionPreview(db: Db, userId: string, sessionId: string): Promise<DeletionPreview | "notFound" | "forbidden"> {
  const right = await deletionRight(db, userId, sessionId);
  if (right !== "allowed") return right;
  const report = await gatherReport(db, userId, sessionId);
  const session = await db.groupSession.findUniqueOrThrow({
    where: { id: sessionId },
    select: { id: true, title: true, startsAt: true, _count: { select: { participants: true, registrations: true } } },
  });
  return {
    id: session.id,
    title: session.title,
    startsAt: session.startsAt,
    counts: {
      participants: session._count.participants,
      registrations: session._count.registrations,
      messages: await db.outboxMessage.count({ where: sessionMessages(sessionId) }),
      cards: report ? report.zones.reduce((sum, zone) => sum + zone.cards.length, 0) : 0,
    },
  };
}

/** The stored anonymous report: counts and the cards' texts by zone. Never an author, a contact, a name. */
export const archivedReportSchema = z.object({
  counts: z.object({
    registered: z.number(),
    waiting: z.number(),
    cancelled: z.number(),
    present: z.number(),
    absent: z.number(),
    excused: z.number(),
    joinedBoard: z.number(),
    cards: z.number(),
  }),
  zones: z.array(z.object({ title: z.string(), phase: z.string(), cards: z.array(z.object({ text: z.string(), votes: z.number() })) })),
});
export type ArchivedReport = z.infer<typeof archivedReportSchema>;

/** The anonymous report of a session, from the report domain's own reading of it (zones as the report has them). */
async function anonymousReport(db: Db, userId: string, sessionId: string): Promise<ArchivedReport | null> {
  const report = await gatherReport(db, userId, sessionId);
  if (!report) return null;
  const zones = report.zones.map((zone) => ({
    title: zone.label,
    phase: zone.phaseTitle,
    cards: zone.cards.map((card) => ({ text: card.text, votes: card.votes })),
  }));
  return {
    counts: { ...report.attendance, cards: zones.reduce((sum, zone) => sum + zone.cards.length, 0) },
    zones: zones.filter((zone) => zone.cards.length > 0),
  };
}

export type DeletionResult = { outcome: "notFound" | "forbidden" } | { outcome: "deleted"; archiveId: string | null };

/**
 * Deletes the session. The live board is closed and unloaded first (so nothing writes it while its
 * rows go), then, in one transaction: the anonymous report is kept if asked, the session's outbox
 * messages are deleted, and the session with everything that hangs on it (board, log, participants,
 * registrations, outcomes, co-hosts) by cascade.
 */
export async function deleteSession(
  context: { db: Db; boards?: Pick<LiveBoards, "forgetBoard"> },
  userId: string,
  sessionId: string,
  options: { keepReport: boolean; now: Date },
): Promise<DeletionResult> {
  const { db, boards } = context;
  const right = await deletionRight(db, userId, sessionId);
  if (right !== "allowed") return { outcome: right };
  await boards?.forgetBoard(sessionId);
  const report = options.keepReport ? await anonymousReport(db, userId, sessionId) : null;
  const session = await db.groupSession.findUniqueOrThrow({
    where: { id: sessionId },
    select: { structureId: true, title: true, kind: true, startsAt: true },
  });
  return db.$transaction(async (tx) => {
    const archive = report
      ? await tx.sessionArchive.create({
          data: { ...session, deletedById: userId, deletedAt: options.now, report },
          select: { id: true },
        })
      : null;
    await tx.outboxMessage.deleteMany({ where: sessionMessages(sessionId) });
    await tx.groupSession.delete({ where: { id: sessionId } });
    return { outcome: "deleted" as const, archiveId: archive?.id ?? null };
  });
}

/** The archived reports of the structures the professional belongs to, newest first. */
export function listArchives(db: Db, userId: string) {
  return db.sessionArchive.findMany({
    where: { structure: { memberships: { some: { userId } } } },
    orderBy: { deletedAt: "desc" },
    select: { id: true, title: true, kind: true, startsAt: true, deletedAt: true, structure: { select: { name: true } } },
  });
}

/** One archived report, for a member of its structure; null otherwise (a 404 for the page). */
export async function findArchive(db: Db, userId: string, archiveId: string) {
  const archive = await db.sessionArchive.findFirst({
    where: { id: archiveId, structure: { memberships: { some: { userId } } } },
    select: { id: true, title: true, kind: true, startsAt: true, deletedAt: true, report: true, structure: { select: { name: true } } },
  });
  if (!archive) return null;
  const report = archivedReportSchema.safeParse(archive.report);
  return { ...archive, report: report.success ? report.data : null };
}

/** The confirmation form: an unchecked box is absent from the post. */
export const deleteSessionSchema = z.object({ keepReport: z.preprocess((value) => value === "on", z.boolean()) });
