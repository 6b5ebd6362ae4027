// A person's end of accompaniment (Person.accompanimentEndedAt): set or cleared by a professional of
// her referent structure on her page, set by erasure. The retention periods of her data count from it
// (app/privacy/retention.ts, "document" and "person"). The page shows and takes it as a Paris calendar day.
import { z } from "zod";
import type { Db } from "../../prisma/db.js";
import type { MessageKey } from "../i18n/index.js";
import { notFound, parseForm, type FieldErrors, type FormValues } from "../lib/forms.js";
import { isCalendarDay, parisCalendarDay, parisInstant, todayInParis } from "../lib/paris-dates.js";
import { retentionDays } from "./retention.js";
import { retentionOverridesOf } from "./retention.server.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const dayError: MessageKey = "privacy.accompaniment.error.day";

/** Where `userId` belongs to the person's referent structure: the only professionals who set the date. */
const referentPerson = (db: Db, userId: string, personId: string) =>
  db.person.findFirst({
    where: { id: personId, structure: { memberships: { some: { userId } } } },
    select: { id: true, structureId: true, accompanimentEndedAt: true },
  });

/** What the person's page shows a referent; null for anyone else (a grantee sees nothing of it). */
export async function accompanimentFor(db: Db, userId: string, personId: string, now: Date = new Date()) {
  const person = await referentPerson(db, userId, personId);
  if (!person) return null;
  const ended = person.accompanimentEndedAt;
  const days = retentionDays("person", await retentionOverridesOf(db, person.structureId));
  return {
    endedOn: ended ? parisCalendarDay(ended) : null,
    /** The day her data goes, with her structure's period. */
    erasedOn: ended ? parisCalendarDay(new Date(ended.getTime() + days * DAY_MS)) : null,
    today: todayInParis(now),
  };
}

/** Set (a day, today at the latest) or clear. */
export const accompanimentFormSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("clear") }),
    z.object({ intent: z.literal("set"), endedOn: z.string({ message: dayError }).trim().refine(isCalendarDay, { message: dayError }) }),
  ],
  { message: dayError },
);

export type AccompanimentAnswer = { errors: FieldErrors; values: FormValues; status: number };

/** A referent saves the date. Anyone else: a thrown 404 (they learn nothing of the person). */
export async function saveAccompaniment(
  db: Db,
  userId: string,
  personId: string,
  form: FormData | Record<string, unknown>,
  now: Date = new Date(),
): Promise<AccompanimentAnswer> {
  const person = await referentPerson(db, userId, personId);
  if (!person) throw notFound();
  const parsed = parseForm(accompanimentFormSchema, form);
  if (!parsed.ok) return { errors: parsed.errors, values: parsed.values, status: 400 };
  if (parsed.data.intent === "set" && parsed.data.endedOn > todayInParis(now)) {
    return { errors: { endedOn: dayError }, values: parsed.values, status: 400 };
  }
  // Noon in Paris: the day reads back the same whatever the time zone or a daylight-saving change.
  const endedAt = parsed.data.intent === "set" ? parisInstant(parsed.data.endedOn, "12:00") : null;
  await db.person.updateMany({ where: { id: person.id, structureId: person.structureId }, data: { accompanimentEndedAt: endedAt } });
  return { errors: {}, values: {}, status: 200 };
}
