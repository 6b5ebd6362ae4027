// The people a professional's structures accompany, and the forms a professional fills about them.
// Minimal data on purpose: a first name or pseudonym, and contact details only if the person gave
// them (to send a sign-in code). What a professional may see is decided in access.server.ts; the
// lists here only ever name people of the professional's structures or who granted one of them access.
import { z } from "zod";
import type { Db } from "../../prisma/db.js";
import { DIAGNOSTIC_DIMENSIONS, type DiagnosticDimension } from "../../workshops/schema.js";
import type { MessageKey } from "../i18n";
import { ORGANISER_ROLES } from "../structures/roles.js";
import { isCalendarDay, parisInstant } from "../lib/paris-dates.js";
import { grantedDimensions, widestGrant } from "./access.server.js";
import { ACTION_STATUSES, DiagnosticNotFound, ENTRY_KINDS, type EntryInput } from "./diagnostic.server.js";
import { notFound } from "../lib/forms.js";

const message = (key: MessageKey) => ({ message: key });
/** An empty form field means "not given"; spaces around what was typed do not count. */
const blank = (value: unknown) => (typeof value === "string" ? value.trim() || undefined : value);
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** Roles that may open a record for their structure (a plain "member" reads, does not create). */

export const newPersonSchema = z.object({
  displayName: z.string().trim().min(1, message("pro.error.displayName")).max(60, message("pro.error.displayName")),
  email: z.preprocess(blank, z.email(message("pro.error.email")).max(200, message("pro.error.email")).optional()),
  phone: z.preprocess(
    blank,
    z
      .string()
      .trim()
      // French numbers as people write them: 06 12 34 56 78, 06.12.34.56.78, +33 6 12 34 56 78.
      .refine((value) => /^(0\d{9}|\+\d{8,15})$/.test(value.replace(/[\s.\-()]/g, "")), message("pro.error.phone"))
      .optional(),
  ),
  structureId: z.string().min(1, message("pro.error.structure")),
});
export type NewPersonInput = z.infer<typeof newPersonSchema>;

/** Opens a person record in one of the professional's structures; null when that structure is not theirs. */
export async function createPerson(db: Db, userId: string, input: NewPersonInput): Promise<string | null> {
  const membership = await db.membership.findFirst({
    where: { userId, structureId: input.structureId, role: { in: ORGANISER_ROLES } },
    select: { structureId: true },
  });
  if (!membership) return null;
  const person = await db.person.create({
    data: {
      structureId: membership.structureId,
      displayName: input.displayName,
      email: input.email ?? null,
      phone: input.phone ?? null,
      createdById: userId,
    },
    select: { id: true },
  });
  return person.id;
}

/** The structures where this professional may open a record. */
export function creatableStructures(memberships: { role: string; structure: { id: string; name: string } }[]) {
  return memberships.filter((membership) => ORGANISER_ROLES.includes(membership.role)).map((membership) => membership.structure);
}

/** People the professional's structures accompany, and people who granted one of them access. */
export async function listPeopleForProfessional(db: Db, userId: string, now: Date = new Date()) {
  const memberships = await db.membership.findMany({ where: { userId }, select: { structureId: true } });
  const structureIds = memberships.map((membership) => membership.structureId);
  const accompanied = await db.person.findMany({
    where: { structureId: { in: structureIds } },
    orderBy: { displayName: "asc" },
    select: { id: true, displayName: true, structure: { select: { name: true } } },
  });
  const grants = await db.consentGrant.findMany({
    where: {
      structureId: { in: structureIds },
      revokedAt: null,
      expiresAt: { gt: now },
      person: { structureId: { notIn: structureIds } },
    },
    orderBy: { expiresAt: "asc" },
    select: { personId: true, expiresAt: true, dimensions: true, person: { select: { displayName: true } } },
  });
  // A person may have granted several of the professional's structures: show the widest access once.
  const byPerson = new Map<string, typeof grants>();
  for (const grant of grants) byPerson.set(grant.personId, [...(byPerson.get(grant.personId) ?? []), grant]);
  const granted = [...byPerson.values()].map((personGrants) => {
    const grant = widestGrant(personGrants)!;
    return {
      id: grant.personId,
      displayName: grant.person.displayName,
      expiresAt: grant.expiresAt,
      dimensions: grantDimensions(grant.dimensions),
    };
  });
  return { accompanied, granted };
}

/** null: the whole diagnostic. */
function grantDimensions(stored: unknown): DiagnosticDimension[] | null {
  return stored === null || stored === undefined ? null : [...grantedDimensions(stored)];
}

/** The "add an entry" form. An action always belongs to the action plan; who/when/status only for actions. */
export const entryFormSchema = z
  .object({
    dimension: z.enum(DIAGNOSTIC_DIMENSIONS, message("pro.error.dimension")),
    kind: z.enum(ENTRY_KINDS, message("pro.error.kind")),
    text: z.string().trim().min(1, message("pro.error.text")).max(2000, message("pro.error.text")),
    who: z.preprocess(blank, z.string().trim().max(120, message("pro.error.who")).optional()),
    dueDate: z.preprocess(
      blank,
      z.string().regex(isoDate, message("pro.error.due")).refine(isCalendarDay, message("pro.error.due")).optional(),
    ),
    status: z.preprocess(blank, z.enum(ACTION_STATUSES, message("pro.error.status")).optional()),
  })
  .transform((form): EntryInput => {
    if (form.kind !== "action") return { dimension: form.dimension, kind: form.kind, text: form.text };
    return {
      dimension: "action_plan",
      kind: "action",
      text: form.text,
      who: form.who,
      // Noon in Paris: the stored instant falls on the chosen Paris day whatever the season.
      dueDate: form.dueDate ? parisInstant(form.dueDate, "12:00") : undefined,
      status: form.status ?? "todo",
    };
  });

/** Changing an entry's text, and an action's status. */
export const entryUpdateSchema = z.object({
  entryId: z.string().min(1),
  text: z.string().trim().min(1, message("pro.error.text")).max(2000, message("pro.error.text")),
  status: z.preprocess(blank, z.enum(ACTION_STATUSES, message("pro.error.status")).optional()),
});

export const summaryFormSchema = z.object({
  summary: z.string().trim().max(2000, message("pro.error.summary")),
});

/** Names behind the history's actor ids, looked up once for the whole list. */
export async function historyActors(db: Db, versions: { actorUserId: string | null; actorOrgId: string | null }[]) {
  const userIds = [...new Set(versions.flatMap((version) => (version.actorUserId ? [version.actorUserId] : [])))];
  const orgIds = [...new Set(versions.flatMap((version) => (version.actorOrgId ? [version.actorOrgId] : [])))];
  const users = await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, displayName: true } });
  const orgs = await db.structure.findMany({ where: { id: { in: orgIds } }, select: { id: true, name: true } });
  return {
    users: new Map(users.map((user) => [user.id, user.displayName])),
    orgs: new Map(orgs.map((org) => [org.id, org.name])),
  };
}

/** A refused diagnostic reads as a page that does not exist: nobody learns that it does. */
export async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof DiagnosticNotFound) throw notFound();
    throw error;
  }
}
