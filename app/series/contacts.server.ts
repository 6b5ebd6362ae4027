import { z } from "zod";
import type { Db } from "../../prisma/db.js";
import type { MessageKey } from "../i18n";
import { constraintsOf, dispatchIntent, parseForm, type FieldErrors, type FormValues } from "../lib/forms.js";

/**
 * The contact book of a practice-exchange series: a professional shares a card with the other
 * members' professionals, and withdraws it (the row is deleted) whenever they want.
 * Callers check that the series is the professional's first (`findSeriesForUser`).
 */

const message = (key: MessageKey) => ({ message: key });
const optional = (max: number, key: MessageKey) =>
  z
    .string()
    .trim()
    .max(max, message(key))
    .optional()
    .transform((value) => value || null);

export const contactCardSchema = z
  .object({
    structureId: z.string().min(1, message("series.contacts.error.structure")),
    name: z.string().trim().min(2, message("series.contacts.error.name")).max(80, message("series.contacts.error.name")),
    role: z.string().trim().min(2, message("series.contacts.error.role")).max(80, message("series.contacts.error.role")),
    email: optional(160, "series.contacts.error.email").refine(
      (value) => value === null || z.email().safeParse(value).success,
      message("series.contacts.error.email"),
    ),
    phone: optional(30, "series.contacts.error.phone").refine(
      (value) => value === null || /^[+\d][\d .-]{5,}$/.test(value),
      message("series.contacts.error.phone"),
    ),
    helpWith: z.string().trim().min(3, message("series.contacts.error.helpWith")).max(500, message("series.contacts.error.helpWith")),
  })
  .superRefine((card, ctx) => {
    if (!card.email && !card.phone) ctx.addIssue({ code: "custom", path: ["email"], message: "series.contacts.error.reach" });
  });

export type ContactCardInput = z.infer<typeof contactCardSchema>;

/** The card form's inputs, their lengths and what is required, from the schema. */
export const contactCardFields = constraintsOf(contactCardSchema);

export type ContactCardAnswer = { done: "shared" | "withdrawn" } | { done: null; errors: FieldErrors; values: FormValues };

/** The contact page's form: share (or update) the card, or withdraw it. Unknown intent: a thrown 400. */
export function answerContactCardForm(db: Db, userId: string, seriesId: string, form: FormData): Promise<ContactCardAnswer> {
  return dispatchIntent(form, {
    withdraw: async (): Promise<ContactCardAnswer> => {
      await withdrawContactCard(db, userId, seriesId);
      return { done: "withdrawn" };
    },
    share: async (): Promise<ContactCardAnswer> => {
      const parsed = parseForm(contactCardSchema, form);
      if (!parsed.ok) return { done: null, errors: parsed.errors, values: parsed.values };
      const exchange = parsed.values.exchange || undefined;
      const result = await shareContactCard(db, userId, seriesId, parsed.data, exchange);
      return result.ok ? { done: "shared" } : { done: null, errors: result.errors, values: parsed.values };
    },
  });
}

/** Lower case, without accents: "Logement" finds "logement", "Sante" finds "santé". */
export function foldForSearch(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();
}

export async function listContactCards(db: Db, seriesId: string, filters: { structureId?: string; topic?: string }) {
  const cards = await db.contactCard.findMany({
    where: { seriesId, ...(filters.structureId ? { structureId: filters.structureId } : {}) },
    orderBy: { name: "asc" },
    select: {
      id: true,
      userId: true,
      name: true,
      role: true,
      email: true,
      phone: true,
      helpWith: true,
      structure: { select: { name: true } },
    },
  });
  const topic = foldForSearch(filters.topic?.trim() ?? "");
  return topic ? cards.filter((card) => foldForSearch(card.helpWith).includes(topic)) : cards;
}

export function findOwnCard(db: Db, userId: string, seriesId: string) {
  return db.contactCard.findUnique({
    where: { userId_seriesId: { userId, seriesId } },
    select: { structureId: true, name: true, role: true, email: true, phone: true, helpWith: true },
  });
}

/**
 * Shares (or updates) the professional's card in the series, in the name of one of their structures
 * that is a member. Returns field errors when the structure is not one of those.
 */
export async function shareContactCard(
  db: Db,
  userId: string,
  seriesId: string,
  input: ContactCardInput,
  /** The exchange at whose end the card is shared, when it is one of this series': its report lists the card. */
  sessionId?: string,
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const member = await db.seriesMember.findFirst({
    where: { seriesId, structureId: input.structureId, structure: { memberships: { some: { userId } } } },
    select: { structureId: true },
  });
  if (!member) return { ok: false, errors: { structureId: "series.contacts.error.structure" } };
  const exchange = sessionId ? await db.groupSession.findFirst({ where: { id: sessionId, seriesId }, select: { id: true } }) : null;
  const card = { ...input, structureId: member.structureId, ...(exchange ? { sessionId: exchange.id } : {}) };
  await db.contactCard.upsert({
    where: { userId_seriesId: { userId, seriesId } },
    create: { ...card, userId, seriesId },
    update: card,
  });
  return { ok: true };
}

/** Withdrawing consent deletes the card: nothing of it stays in the series. */
export async function withdrawContactCard(db: Db, userId: string, seriesId: string): Promise<void> {
  await db.contactCard.deleteMany({ where: { userId, seriesId } });
}

/** The professional's structures that are members of the series, to sign a card with. */
export function ownMemberStructures(db: Db, userId: string, seriesId: string) {
  return db.structure.findMany({
    where: { memberships: { some: { userId } }, seriesMemberships: { some: { seriesId } } },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
}
