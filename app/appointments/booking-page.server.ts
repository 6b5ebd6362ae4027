// What the three booking pages (from a session, from her space, through a link) share: the picker's
// data and the booking post, answered with a French reason when the time went to someone else.
import { data, redirect } from "@remix-run/node";
import type { Db } from "../../prisma/db.js";
import { parseForm } from "../lib/forms.js";
import type { MessageKey } from "../i18n/index.js";
import { bookSlot, freeSlots, type Booker, type SlotPurpose } from "./appointments.server.js";
import { bookSchema } from "./appointment-forms.server.js";
import { buildPicker } from "./picker.js";
import { originForOthers, ownOrigin } from "../lib/public-origin.js";

/** Where the links shown to her point (app/lib/public-origin.ts). */
export const originOf = ownOrigin;

/** Where the links in her reminders point; null: the reminder goes without a link. */
export const messageOriginOf = originForOthers;

export async function pickerFor(db: Db, structureId: string, purposes: readonly SlotPurpose[], request: Request) {
  return buildPicker(await freeSlots(db, structureId, purposes), new URL(request.url).searchParams);
}

const PROBLEMS: Record<"taken" | "gone" | "invite", MessageKey> = {
  taken: "appointments.book.taken",
  gone: "appointments.book.gone",
  invite: "appointments.invite.spent",
};

/**
 * Books the posted time for `booker`: to her confirmation page, or the same page again with field
 * errors (400) or, when the time went to someone else meanwhile, a French reason (409) above the
 * times that remain (the loader runs again).
 */
export async function bookingAction(db: Db, form: FormData, booker: Booker, origin: string | null) {
  const parsed = parseForm(bookSchema, form);
  if (!parsed.ok) return data({ problem: null, errors: parsed.errors, values: parsed.values }, { status: 400 });
  const { slotId, ...contact } = parsed.data;
  const result = await bookSlot(db, booker, slotId, contact, origin);
  if (result.ok) throw redirect(`/rdv/${result.token}?confirme=1`);
  return data({ problem: PROBLEMS[result.reason], errors: {}, values: parsed.values }, { status: result.reason === "invite" ? 410 : 409 });
}
