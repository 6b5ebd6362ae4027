// A person shows one of her documents (a CV, a certificate, a badge) to a structure she already works
// with, until a Paris calendar day she picks, or to anyone holding a link (an employer) for a short
// duration. She sees her open shares and revokes any at once: every opening is checked against the
// share's row on that request (not revoked, not past its end), and each one is recorded for her
// journal (DocumentShareOpen). Only the link's hash is kept. Every query about her names her in its
// `where`; a professional reaches a share only through one of the structures they belong to.
import { z } from "zod";
import type { Db } from "../../prisma/db.js";
import { hashToken, newToken } from "../auth/auth.server.js";
import type { DiagnosticViewer } from "../diagnostic/access.server.js";
import { grantEndProblem } from "../diagnostic/grants.server.js";
import type { MessageKey } from "../i18n/index.js";
import { endOfParisDay, isCalendarDay } from "../lib/paris-dates.js";
import { SHARE_TOKEN_PATTERN, isShareLinkDays, type ShareLinkDays } from "./share-limits.js";

const DAY_MS = 86_400_000;

/** What a professional's opening is traced as (ReadTrace.what, app/privacy/read-trace.server.ts). */
export const DOCUMENT_READ = "person.document";

export const structureShareSchema = z.object({
  documentId: z.string().min(1).max(64),
  structureId: z.string().min(1).max(64),
  /** Last day the structure sees it, a Paris calendar day as the date field writes it. */
  until: z.string().refine(isCalendarDay),
});

export const linkShareSchema = z.object({
  documentId: z.string().min(1).max(64),
  days: z.coerce
    .number()
    .int()
    .refine((value): value is ShareLinkDays => isShareLinkDays(value)),
});

export const revokeShareSchema = z.object({ shareId: z.string().min(1).max(64) });

export type StructureShareErrors = Partial<Record<"structureId" | "until", MessageKey>>;

/**
 * The structures she may show a document to: her referent structure and those she opened her
 * diagnostic to (an open grant). Nobody else: a document is not sent to a structure she never met.
 */
export async function shareableStructures(db: Db, personId: string, now: Date = new Date()) {
  const person = await db.person.findUnique({ where: { id: personId }, select: { structure: { select: { id: true, name: true } } } });
  if (!person) return [];
  const grants = await db.consentGrant.findMany({
    where: { personId, revokedAt: null, expiresAt: { gt: now }, structureId: { not: person.structure.id } },
    select: { structure: { select: { id: true, name: true } } },
  });
  const granted = new Map(grants.map((grant) => [grant.structure.id, grant.structure]));
  return [
    { ...person.structure, referent: true },
    ...[...granted.values()].sort((a, b) => a.name.localeCompare(b.name, "fr")).map((structure) => ({ ...structure, referent: false })),
  ];
}

async function ownDocument(db: Db, personId: string, documentId: string) {
  return db.personDocument.findFirst({ where: { id: documentId, personId }, select: { id: true } });
}

/**
 * Shows her document to one structure until the end of `until` (Paris). "notFound" for a document
 * that is not hers; field errors for a structure she may not pick or a day out of bounds.
 */
export async function shareWithStructure(
  db: Db,
  personId: string,
  input: { documentId: string; structureId: string; until: string },
  today: string,
  now: Date = new Date(),
): Promise<{ ok: true } | { ok: false; notFound: true } | { ok: false; errors: StructureShareErrors }> {
  if (!(await ownDocument(db, personId, input.documentId))) return { ok: false, notFound: true };
  const errors: StructureShareErrors = {};
  const structures = await shareableStructures(db, personId, now);
  if (!structures.some((structure) => structure.id === input.structureId)) errors.structureId = "documents.share.error.structure";
  const problem = isCalendarDay(input.until) ? grantEndProblem(input.until, today) : "past";
  if (problem) errors.until = problem === "past" ? "documents.share.error.until" : "documents.share.error.tooLong";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  await db.documentShare.create({
    data: { documentId: input.documentId, personId, structureId: input.structureId, expiresAt: endOfParisDay(input.until) },
  });
  return { ok: true };
}

/** A link anyone holding it may open for `days` days; the token is returned once and only its hash kept. Null for a document not hers. */
export async function createShareLink(
  db: Db,
  personId: string,
  documentId: string,
  days: ShareLinkDays,
  now: Date = new Date(),
): Promise<{ token: string; expiresAt: Date } | null> {
  if (!isShareLinkDays(days)) throw new RangeError(`a link lasts one of the offered durations, not ${days} days`);
  if (!(await ownDocument(db, personId, documentId))) return null;
  const token = newToken();
  const expiresAt = new Date(now.getTime() + days * DAY_MS);
  await db.documentShare.create({ data: { documentId, personId, tokenHash: hashToken(token), expiresAt, createdAt: now } });
  return { token, expiresAt };
}

/** Ends one of her shares now; false for someone else's, an unknown or an already ended one. */
export async function revokeShare(db: Db, personId: string, shareId: string, now: Date = new Date()): Promise<boolean> {
  const { count } = await db.documentShare.updateMany({
    where: { id: shareId, personId, revokedAt: null, expiresAt: { gt: now } },
    data: { revokedAt: now },
  });
  return count === 1;
}

/** Her open shares, by document: to which structure (or by link), until when, opened how many times. */
export async function activeShares(db: Db, personId: string, now: Date = new Date()) {
  const shares = await db.documentShare.findMany({
    where: { personId, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      documentId: true,
      expiresAt: true,
      createdAt: true,
      structure: { select: { name: true } },
      _count: { select: { opens: true } },
    },
  });
  return shares.map((share) => ({
    id: share.id,
    documentId: share.documentId,
    expiresAt: share.expiresAt,
    createdAt: share.createdAt,
    structure: share.structure?.name ?? null,
    opens: share._count.opens,
  }));
}

const servedDocument = {
  id: true,
  kind: true,
  title: true,
  url: true,
  fileName: true,
  mimeType: true,
  size: true,
  badgeAwardId: true,
} as const;

export type ShareLookup<T> = { status: "ok"; share: T } | { status: "gone" } | { status: "notFound" };

/**
 * The share a link's token opens. "gone" for a link that existed but was revoked or has expired
 * (the page says so); "notFound" for anything else: a malformed, guessed or altered token, or a
 * share erased with its person.
 */
export async function shareByToken(db: Db, token: string, now: Date = new Date()) {
  if (!SHARE_TOKEN_PATTERN.test(token)) return { status: "notFound" } as const;
  const share = await db.documentShare.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, personId: true, expiresAt: true, revokedAt: true, document: { select: servedDocument } },
  });
  if (!share) return { status: "notFound" } as const;
  if (share.revokedAt || share.expiresAt <= now) return { status: "gone" } as const;
  return { status: "ok", share } as const;
}

/** The file behind a valid link, with its bytes, after recording the opening; the same answers as shareByToken otherwise. */
export async function openByToken(db: Db, token: string, now: Date = new Date()) {
  const found = await shareByToken(db, token, now);
  if (found.status !== "ok") return found;
  const file = await db.personDocument.findUnique({ where: { id: found.share.document.id }, select: { content: true } });
  await db.documentShareOpen.create({ data: { shareId: found.share.id, personId: found.share.personId, openedAt: now } });
  return { status: "ok", share: found.share, content: file?.content ?? null } as const;
}

/** A professional's structures, as the session says (never from the request); a person sees nobody's shares here. */
export type ShareViewer = DiagnosticViewer;

/** The documents she shows to the viewer's structures, open now. */
export async function sharedWithViewer(db: Db, viewer: ShareViewer, personId: string, now: Date = new Date()) {
  if (viewer.kind !== "professional" || viewer.structureIds.length === 0) return [];
  const shares = await db.documentShare.findMany({
    where: { personId, structureId: { in: viewer.structureIds }, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
    select: { id: true, expiresAt: true, structure: { select: { name: true } }, document: { select: servedDocument } },
  });
  return shares.map((share) => ({
    id: share.id,
    expiresAt: share.expiresAt,
    structure: share.structure?.name ?? "",
    document: share.document,
  }));
}

/**
 * A professional opens one share: only one made to a structure they belong to, for this person.
 * "gone" when it was theirs but is revoked or past its end; "notFound" otherwise. The opening goes to
 * her journal and, as a read by a professional, to the read traces of the structure.
 */
export async function openForViewer(db: Db, viewer: ShareViewer, personId: string, shareId: string, now: Date = new Date()) {
  if (viewer.kind !== "professional" || viewer.structureIds.length === 0) return { status: "notFound" } as const;
  const share = await db.documentShare.findFirst({
    where: { id: shareId, personId, structureId: { in: viewer.structureIds } },
    select: {
      id: true,
      personId: true,
      structureId: true,
      expiresAt: true,
      revokedAt: true,
      document: { select: { ...servedDocument, content: true } },
    },
  });
  if (!share?.structureId) return { status: "notFound" } as const;
  if (share.revokedAt || share.expiresAt <= now) return { status: "gone" } as const;
  await db.$transaction([
    db.documentShareOpen.create({ data: { shareId: share.id, personId, actorUserId: viewer.userId, openedAt: now } }),
    db.readTrace.create({
      data: { actorUserId: viewer.userId, structureId: share.structureId, what: DOCUMENT_READ, personId, createdAt: now },
    }),
  ]);
  return { status: "ok", share } as const;
}

/** Her journal's lines about her documents: who opened which, for which structure, or someone with the link. */
export async function documentOpenings(db: Db, personId: string, limit = 500) {
  const opens = await db.documentShareOpen.findMany({
    where: { personId },
    orderBy: [{ openedAt: "desc" }, { id: "desc" }],
    take: limit,
    select: {
      id: true,
      openedAt: true,
      actorUserId: true,
      share: { select: { structure: { select: { name: true } }, document: { select: { title: true } } } },
    },
  });
  const userIds = [...new Set(opens.flatMap((open) => (open.actorUserId ? [open.actorUserId] : [])))];
  const users = await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, displayName: true } });
  const names = new Map(users.map((user) => [user.id, user.displayName]));
  return opens.map((open) => ({
    id: open.id,
    at: open.openedAt,
    /** Null: through the link, nobody named. */
    who: open.actorUserId ? (names.get(open.actorUserId) ?? "") : null,
    structure: open.share.structure?.name ?? null,
    title: open.share.document.title,
  }));
}

/** Every share she made, ended or not, with its openings: for her export. */
export async function sharesForExport(db: Db, personId: string) {
  const shares = await db.documentShare.findMany({
    where: { personId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      documentId: true,
      tokenHash: true,
      expiresAt: true,
      revokedAt: true,
      createdAt: true,
      structure: { select: { name: true } },
      document: { select: { title: true } },
    },
  });
  const openings = await documentOpenings(db, personId, 10_000);
  const byShare = new Map<string, { at: Date; who: string | null; structure: string | null }[]>();
  const opens = await db.documentShareOpen.findMany({ where: { personId }, select: { id: true, shareId: true } });
  const shareOf = new Map(opens.map((open) => [open.id, open.shareId]));
  for (const opening of openings) {
    const shareId = shareOf.get(opening.id);
    if (!shareId) continue;
    byShare.set(shareId, [...(byShare.get(shareId) ?? []), { at: opening.at, who: opening.who, structure: opening.structure }]);
  }
  return shares.map((share) => ({
    id: share.id,
    documentId: share.documentId,
    document: share.document.title,
    to: share.structure?.name ?? (share.tokenHash ? "link" : ""),
    createdAt: share.createdAt,
    expiresAt: share.expiresAt,
    revokedAt: share.revokedAt,
    openings: byShare.get(share.id) ?? [],
  }));
}
