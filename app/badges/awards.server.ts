// A badge from a workshop to a person: the facilitator proposes it at the session's closing, she
// accepts it (then it is signed and becomes one of her documents) or declines it (then the row is
// deleted: a declined proposal leaves nothing). The structure may revoke an issued badge.
import type { Db } from "../../prisma/db.js";
import { isUniqueViolation, sessionsRunBy } from "../sessions/sessions.server.js";
import { signCredential } from "./credential.server.js";
import type { Issuing } from "./keys.server.js";

/**
 * Proposes a badge to the person a participant was recognised as, from her structure's catalogue
 * (a structure the facilitator belongs to). "ok" | "notLinked" (the participant is no one's record
 * of the facilitator's structures) | "badge" (not an awardable badge of that structure) | null (not
 * a session this professional runs). Proposing the same badge again is harmless.
 */
export async function awardBadge(
  db: Db,
  userId: string,
  sessionId: string,
  input: { participantId: string; badgeClassId: string },
): Promise<"ok" | "notLinked" | "badge" | null> {
  const session = await db.groupSession.findFirst({ where: { id: sessionId, ...sessionsRunBy(userId) }, select: { id: true } });
  if (!session) return null;
  const participant = await db.participant.findFirst({
    where: { id: input.participantId, sessionId, person: { structure: { memberships: { some: { userId } } } } },
    select: { person: { select: { id: true, structureId: true } } },
  });
  const person = participant?.person;
  if (!person) return "notLinked";
  const badge = await db.badgeClass.findFirst({
    where: { id: input.badgeClassId, structureId: person.structureId, archivedAt: null },
    select: { id: true },
  });
  if (!badge) return "badge";
  const key = { badgeClassId: badge.id, personId: person.id, sessionId };
  try {
    await db.badgeAward.upsert({
      where: { badgeClassId_personId_sessionId: key },
      update: {},
      create: { ...key, structureId: person.structureId, awardedById: userId },
    });
  } catch (error) {
    // Two taps at once: the other one created it.
    if (!isUniqueViolation(error)) throw error;
  }
  return "ok";
}

/** The session's awards, for the closing page: which badge for which participant's person. */
export function sessionAwards(db: Db, sessionId: string) {
  return db.badgeAward.findMany({
    where: { sessionId },
    orderBy: { createdAt: "asc" },
    select: { id: true, personId: true, status: true, revokedAt: true, badgeClass: { select: { name: true } } },
  });
}

/** The badges proposed to her, not yet answered. */
export function badgeProposals(db: Db, personId: string) {
  return db.badgeAward.findMany({
    where: { personId, status: "proposed" },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      badgeClass: { select: { name: true, description: true, criteria: true } },
      structure: { select: { name: true } },
      session: { select: { title: true, startsAt: true } },
    },
  });
}

/** Her issued badges, newest first. */
export function personBadges(db: Db, personId: string) {
  return db.badgeAward.findMany({
    where: { personId, status: "accepted" },
    orderBy: { issuedAt: "desc" },
    select: {
      id: true,
      issuedAt: true,
      revokedAt: true,
      revokedReason: true,
      badgeClass: { select: { name: true, description: true } },
      structure: { select: { name: true } },
      document: { select: { id: true } },
    },
  });
}

/**
 * She accepts: the credential is signed with her structure's key and kept as one of her documents
 * (kind "badge"). Null when the proposal is not hers or no longer open.
 */
export async function acceptBadge(db: Db, issuing: Issuing, personId: string, awardId: string) {
  const award = await db.badgeAward.findFirst({
    where: { id: awardId, personId, status: "proposed" },
    select: {
      id: true,
      structure: { select: { id: true, name: true } },
      badgeClass: { select: { id: true, name: true, description: true, criteria: true } },
      person: { select: { displayName: true } },
    },
  });
  if (!award) return null;
  const issuedAt = new Date();
  const { keyId, credential } = await signCredential(db, issuing, {
    awardId: award.id,
    structure: award.structure,
    badgeClass: award.badgeClass,
    holderName: award.person.displayName,
    validFrom: issuedAt,
  });
  const json = JSON.stringify(credential, null, 2);
  return db.$transaction(async (tx) => {
    // Only one answer wins when she taps twice.
    const { count } = await tx.badgeAward.updateMany({
      where: { id: award.id, personId, status: "proposed" },
      data: { status: "accepted", credential: json, signingKeyId: keyId, issuedAt },
    });
    if (count !== 1) return null;
    const content = Buffer.from(json, "utf8");
    return tx.personDocument.create({
      data: {
        personId,
        badgeAwardId: award.id,
        kind: "badge",
        title: award.badgeClass.name,
        fileName: badgeFileName(award.badgeClass.name),
        mimeType: "application/json",
        size: content.length,
        content,
      },
      select: { id: true },
    });
  });
}

/** A file name a phone keeps: the badge's name in plain letters. */
export function badgeFileName(name: string): string {
  const slug = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return `badge-${slug || "atelier"}.json`;
}

/** She declines: the proposal is deleted, nothing stays. False when it was not hers to answer. */
export async function declineBadge(db: Db, personId: string, awardId: string): Promise<boolean> {
  const { count } = await db.badgeAward.deleteMany({ where: { id: awardId, personId, status: "proposed" } });
  return count === 1;
}

/** Her signed credential, for the download; null when it is not hers or not issued. */
export async function personCredential(db: Db, personId: string, awardId: string) {
  const award = await db.badgeAward.findFirst({
    where: { id: awardId, personId, status: "accepted" },
    select: { credential: true, badgeClass: { select: { name: true } } },
  });
  if (!award?.credential) return null;
  return { json: award.credential, fileName: badgeFileName(award.badgeClass.name) };
}

/** The structure's issued badges, for its admins: which, for whom, revoked or not. */
export function structureAwards(db: Db, structureId: string) {
  return db.badgeAward.findMany({
    where: { structureId, status: "accepted" },
    orderBy: { issuedAt: "desc" },
    take: 200,
    select: {
      id: true,
      issuedAt: true,
      revokedAt: true,
      revokedReason: true,
      badgeClass: { select: { name: true } },
      person: { select: { displayName: true } },
    },
  });
}

/** The structure revokes an issued badge, with a reason; false when it is not one of its issued badges. */
export async function revokeBadge(db: Db, structureId: string, awardId: string, reason: string): Promise<boolean> {
  const { count } = await db.badgeAward.updateMany({
    where: { id: awardId, structureId, status: "accepted", revokedAt: null },
    data: { revokedAt: new Date(), revokedReason: reason },
  });
  return count === 1;
}
