// The person decides which structure sees their diagnostic, whole or some dimensions, until when;
// revoking takes effect on the next request (access is checked against the grants every time).
import { z } from "zod";
import type { Db } from "../../prisma/db.js";
import { diagnosticDimensionSchema } from "../../workshops/schema.js";
import { endOfParisDay, isCalendarDay, parisCalendarDay } from "../lib/paris-dates.js";
import { grantedDimensions } from "./access.server.js";
import { GRANT_ENDING_SOON_DAYS, endsSoon, lastGrantDay } from "./grant-limits.js";

export const grantInputSchema = z.object({
  structureId: z.string().min(1),
  /** Empty: the whole diagnostic. */
  dimensions: z.array(diagnosticDimensionSchema).default([]),
  /** Last day of access, a Paris calendar day as the date field writes it ("YYYY-MM-DD"). */
  until: z.string().refine(isCalendarDay),
});
export type GrantInput = z.infer<typeof grantInputSchema>;

/** The structures a person can choose from (all but their referent one, which always sees). */
export async function grantableStructures(db: Db, personId: string) {
  const person = await db.person.findUniqueOrThrow({ where: { id: personId }, select: { structureId: true } });
  return db.structure.findMany({
    where: { id: { not: person.structureId } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, kind: true, territory: true },
  });
}

/** Asked for a grant that would end after GRANT_MAX_DAYS: refused, never shortened behind the person's back. */
export class GrantTooLong extends RangeError {
  override name = "GrantTooLong";
}

/** Why a last day cannot be chosen today: before today, or past the longest a grant may last; null when it can. */
export function grantEndProblem(until: string, today: string): "past" | "tooLong" | null {
  if (until < today) return "past";
  return until > lastGrantDay(today) ? "tooLong" : null;
}

/**
 * `until` is the last day in Paris (an instant stands for the Paris day it falls on), at most
 * GRANT_MAX_DAYS after today: a later day throws GrantTooLong, whoever calls.
 */
export async function grantAccess(
  db: Db,
  personId: string,
  input: Omit<GrantInput, "until"> & { until: string | Date },
  now: Date = new Date(),
) {
  const day = typeof input.until === "string" ? input.until : parisCalendarDay(input.until);
  if (day > lastGrantDay(parisCalendarDay(now))) throw new GrantTooLong(`a grant ends at most ${lastGrantDay(parisCalendarDay(now))}`);
  // Access ends when that day ends in Paris: the UTC end of day was the next morning there, and
  // "until 31 March" was shown as "1er avril".
  const endOfDay = endOfParisDay(day);
  return db.consentGrant.create({
    data: {
      personId,
      structureId: input.structureId,
      dimensions: input.dimensions.length > 0 ? input.dimensions : undefined,
      expiresAt: endOfDay,
    },
    select: { id: true },
  });
}

/**
 * The person extends her own grant (not a revoked one: she gives a new one instead) to `until`, a
 * Paris day after its current last day and at most GRANT_MAX_DAYS from today. An expired grant may be
 * renewed too: it opens again from now. "notFound" also for someone else's grant.
 */
export async function renewGrant(
  db: Db,
  personId: string,
  grantId: string,
  until: string,
  now: Date = new Date(),
): Promise<"renewed" | "notFound" | "past" | "tooLong"> {
  const grant = await db.consentGrant.findFirst({ where: { id: grantId, personId, revokedAt: null }, select: { expiresAt: true } });
  if (!grant) return "notFound";
  const today = parisCalendarDay(now);
  const problem = grantEndProblem(until, today);
  if (problem) return problem;
  // Renewing extends: a day that does not go past the current end changes nothing.
  if (until <= parisCalendarDay(grant.expiresAt)) return "past";
  const { count } = await db.consentGrant.updateMany({
    where: { id: grantId, personId, revokedAt: null },
    data: { expiresAt: endOfParisDay(until), renewedAt: now },
  });
  return count === 1 ? "renewed" : "notFound";
}

/** Only the person's own grant can be revoked by them (the where clause says whose). */
export async function revokeGrant(db: Db, personId: string, grantId: string): Promise<boolean> {
  const { count } = await db.consentGrant.updateMany({
    where: { id: grantId, personId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count === 1;
}

export async function listGrants(db: Db, personId: string, now: Date = new Date()) {
  const grants = await db.consentGrant.findMany({
    where: { personId },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      dimensions: true,
      expiresAt: true,
      revokedAt: true,
      renewedAt: true,
      createdAt: true,
      structure: { select: { name: true } },
    },
  });
  return grants.map((grant) => ({
    ...grant,
    dimensions: grant.dimensions === null ? null : [...grantedDimensions(grant.dimensions)],
    active: grant.revokedAt === null && grant.expiresAt > now,
    endsSoon: grant.revokedAt === null && endsSoon(grant.expiresAt, now),
  }));
}

/** The person's open grants that end within GRANT_ENDING_SOON_DAYS, soonest first: her space offers to renew them. */
export async function grantsEndingSoon(db: Db, personId: string, now: Date = new Date()) {
  const grants = await db.consentGrant.findMany({
    where: { personId, revokedAt: null, expiresAt: { gt: now, lte: new Date(now.getTime() + (GRANT_ENDING_SOON_DAYS + 1) * 86_400_000) } },
    orderBy: { expiresAt: "asc" },
    select: { id: true, expiresAt: true, structure: { select: { name: true } } },
  });
  return grants
    .filter((grant) => endsSoon(grant.expiresAt, now))
    .map((grant) => ({ id: grant.id, expiresAt: grant.expiresAt, structure: grant.structure.name }));
}

/** The audit log of the person's diagnostic, newest first: who read or changed what, for which structure. */
export async function auditLogFor(db: Db, personId: string) {
  const events = await db.diagnosticAudit.findMany({
    where: { personId },
    orderBy: { createdAt: "desc" },
    take: 500,
    select: { id: true, action: true, part: true, createdAt: true, actorUserId: true, actorOrgId: true },
  });
  const users = await db.user.findMany({
    where: { id: { in: [...new Set(events.map((e) => e.actorUserId))] } },
    select: { id: true, displayName: true },
  });
  const orgs = await db.structure.findMany({
    where: { id: { in: [...new Set(events.map((e) => e.actorOrgId))] } },
    select: { id: true, name: true },
  });
  const userName = new Map(users.map((user) => [user.id, user.displayName]));
  const orgName = new Map(orgs.map((org) => [org.id, org.name]));
  return events.map((event) => ({
    id: event.id,
    action: event.action,
    part: event.part,
    createdAt: event.createdAt,
    who: userName.get(event.actorUserId) ?? "",
    structure: orgName.get(event.actorOrgId) ?? "",
  }));
}
