// Appointments (issue 17.2): a structure's professionals publish times; a person books one in three
// taps (from an information session's phone screen, from her space, or through a link a professional
// sent), gets her own link to see, cancel or move it, and a reminder the day before through the
// outbox. No double booking: `Appointment.heldSlotId` is unique, so of two bookings of one slot the
// database keeps one and refuses the other, however close together they come.
import { createEvent } from "ics";
import type { Db } from "../../prisma/db.js";
import { hashToken, newToken } from "../auth/auth.server.js";
import { formatDateTime, t } from "../i18n/index.js";
import { endOfParisDay, parisInstant } from "../lib/paris-dates.js";
import { isUniqueViolation } from "../sessions/sessions.server.js";
import { reminderTime, slotStarts } from "./times.js";

import { INVITE_VALID_DAYS, type Mark, type SlotMode, type SlotPurpose } from "./kinds.js";

export {
  INVITE_VALID_DAYS,
  MARKS,
  MAX_SLOTS_AT_ONCE,
  SLOT_MODES,
  SLOT_PURPOSES,
  type Mark,
  type SlotMode,
  type SlotPurpose,
} from "./kinds.js";
export type BookedVia = "session" | "space" | "link";

const DAY_MS = 86_400_000;

/** The structures a professional belongs to: the only ones whose times and appointments they see. */
export async function memberStructureIds(db: Db, userId: string): Promise<string[]> {
  const rows = await db.membership.findMany({ where: { userId }, select: { structureId: true } });
  return rows.map((row) => row.structureId);
}

// ---- publishing and withdrawing times ----

export interface SlotsInput {
  structureId: string;
  day: string;
  time: string;
  minutes: number;
  count: number;
  gap: number;
  mode: SlotMode;
  location?: string;
  purpose: SlotPurpose;
}

export type PublishResult = { ok: true; count: number } | { ok: false; error: "not-member" | "past" };

/** Publishes one time or a series of them (a morning cut into slots), all in the future. */
export async function publishSlots(db: Db, userId: string, input: SlotsInput, now: Date = new Date()): Promise<PublishResult> {
  if (!(await memberStructureIds(db, userId)).includes(input.structureId)) return { ok: false, error: "not-member" };
  const starts = slotStarts(input.day, input.time, input.minutes, input.count, input.gap);
  if (starts.length === 0 || starts[0]!.getTime() <= now.getTime()) return { ok: false, error: "past" };
  const location = input.mode === "phone" ? null : (input.location?.trim() ?? null) || null;
  await db.appointmentSlot.createMany({
    data: starts.map((startsAt) => ({
      structureId: input.structureId,
      userId,
      startsAt,
      durationMinutes: input.minutes,
      mode: input.mode,
      location,
      purpose: input.purpose,
    })),
  });
  return { ok: true, count: starts.length };
}

const slotView = {
  id: true,
  startsAt: true,
  durationMinutes: true,
  mode: true,
  location: true,
  purpose: true,
  structure: { select: { name: true } },
  user: { select: { displayName: true } },
} as const;

/** The upcoming times of the professional's structures, each with who holds it, if anyone. */
export async function upcomingSlots(db: Db, userId: string, now: Date = new Date()) {
  const slots = await db.appointmentSlot.findMany({
    where: { structureId: { in: await memberStructureIds(db, userId) }, withdrawnAt: null, startsAt: { gt: now } },
    orderBy: { startsAt: "asc" },
    take: 200,
    select: { ...slotView, appointments: { where: { heldSlotId: { not: null } }, select: { id: true, name: true } } },
  });
  return slots.map(({ appointments, ...slot }) => ({ ...slot, bookedBy: appointments[0]?.name ?? null }));
}

/**
 * Withdraws a time. Booked, its appointment is cancelled and the person told through the outbox
 * (an e-mail leaves with the next round, an SMS waits on the outbox page). False: not theirs.
 */
export async function withdrawSlot(db: Db, userId: string, slotId: string, now: Date = new Date()): Promise<boolean> {
  const slot = await db.appointmentSlot.findFirst({
    where: { id: slotId, withdrawnAt: null, structureId: { in: await memberStructureIds(db, userId) } },
    select: { id: true, structureId: true, startsAt: true, structure: { select: { name: true } } },
  });
  if (!slot) return false;
  const held = await db.appointment.findUnique({
    where: { heldSlotId: slot.id },
    select: { id: true, name: true, email: true, phone: true },
  });
  await db.$transaction([
    db.appointmentSlot.update({ where: { id: slot.id }, data: { withdrawnAt: now } }),
    ...(held
      ? [
          db.appointment.update({ where: { id: held.id }, data: { heldSlotId: null, status: "cancelled", cancelledAt: now } }),
          db.outboxMessage.deleteMany({ where: { appointmentId: held.id, status: "queued" } }),
          ...contactOf(held).map((contact) =>
            db.outboxMessage.create({
              data: {
                structureId: slot.structureId,
                appointmentId: held.id,
                ...contact,
                notBefore: now, // leaves with the next round of the outbox

                subject: t("appointments.message.withdrawn.subject"),
                body: [
                  t("appointments.message.hello", { name: held.name }),
                  "",
                  t("appointments.message.withdrawn", { date: formatDateTime(slot.startsAt), structure: slot.structure.name }),
                  "",
                  t("appointments.message.bye"),
                ].join("\n"),
              },
            }),
          ),
        ]
      : []),
  ]);
  return true;
}

/** One message per appointment: by e-mail when she gave an address, otherwise by SMS; none without contact. */
function contactOf(appointment: { email: string | null; phone: string | null }) {
  if (appointment.email) return [{ channel: "email", recipient: appointment.email }];
  if (appointment.phone) return [{ channel: "sms", recipient: appointment.phone }];
  return [];
}

// ---- free times, as a person sees them ----

/** Free, future times of a structure for those purposes, soonest first. */
export function freeSlots(db: Db, structureId: string, purposes: readonly SlotPurpose[], now: Date = new Date()) {
  return db.appointmentSlot.findMany({
    where: {
      structureId,
      purpose: { in: [...purposes] },
      withdrawnAt: null,
      startsAt: { gt: now },
      appointments: { none: { heldSlotId: { not: null } } },
    },
    orderBy: { startsAt: "asc" },
    take: 200,
    select: slotView,
  });
}

export type FreeSlot = Awaited<ReturnType<typeof freeSlots>>[number];

// ---- booking ----

export interface Booker {
  structureId: string;
  purposes: readonly SlotPurpose[];
  via: BookedVia;
  personId?: string | null;
  participantId?: string | null;
  sessionId?: string | null;
  /** The invite used to book (made used in the same transaction). */
  inviteId?: string | null;
}

export interface Contact {
  name: string;
  email?: string | null;
  phone?: string | null;
}

export type BookResult = { ok: true; token: string; appointmentId: string } | { ok: false; reason: "taken" | "gone" | "invite" };

/**
 * Books `slotId` for this person. The slot must be a free, future time of the booker's structure for
 * one of the allowed purposes. Two bookings of one slot at once: the unique `heldSlotId` lets one in,
 * the other gets "taken" (never an error page). The reminder is queued with the appointment.
 */
export async function bookSlot(
  db: Db,
  booker: Booker,
  slotId: string,
  contact: Contact,
  /** Where the reminder's link points; null: the reminder goes without one (app/lib/public-origin.ts). */
  origin: string | null,
  now: Date = new Date(),
): Promise<BookResult> {
  const slot = await db.appointmentSlot.findFirst({
    where: { id: slotId, structureId: booker.structureId, purpose: { in: [...booker.purposes] }, withdrawnAt: null, startsAt: { gt: now } },
    select: { ...slotView, structureId: true },
  });
  if (!slot) return { ok: false, reason: "gone" };
  const token = newToken();
  const data = {
    slotId: slot.id,
    heldSlotId: slot.id,
    structureId: slot.structureId,
    personId: booker.personId ?? null,
    participantId: booker.participantId ?? null,
    sessionId: booker.sessionId ?? null,
    name: contact.name,
    email: contact.email || null,
    phone: contact.phone || null,
    bookedVia: booker.via,
    tokenHash: hashToken(token),
  };
  const reminders = reminderMessages(slot, data, token, origin, now);
  try {
    const created = await db.$transaction(async (tx) => {
      if (booker.inviteId) {
        const { count } = await tx.appointmentInvite.updateMany({
          where: { id: booker.inviteId, usedAt: null, expiresAt: { gt: now } },
          data: { usedAt: now },
        });
        if (count !== 1) throw new InviteSpent();
      }
      return tx.appointment.create({ data: { ...data, messages: { create: reminders } }, select: { id: true } });
    });
    return { ok: true, token, appointmentId: created.id };
  } catch (error) {
    if (isUniqueViolation(error) || isBusy(error)) return { ok: false, reason: "taken" };
    if (error instanceof InviteSpent) return { ok: false, reason: "invite" };
    throw error;
  }
}

class InviteSpent extends Error {}

/** SQLite answers a write that lost the race for its single writer lock with SQLITE_BUSY: the slot went to the other. */
function isBusy(error: unknown): boolean {
  return error instanceof Error && /SQLITE_BUSY|database is locked/i.test(error.message);
}

/** The reminder of the day before (see times.ts), by the channel she gave; none without contact or time. */
function reminderMessages(
  slot: {
    startsAt: Date;
    durationMinutes: number;
    mode: string;
    location: string | null;
    structureId: string;
    structure: { name: string };
  },
  appointment: { name: string; email: string | null; phone: string | null },
  token: string,
  origin: string | null,
  now: Date,
) {
  const notBefore = reminderTime(slot.startsAt, now);
  if (!notBefore) return [];
  return contactOf(appointment).map((contact) => ({
    structureId: slot.structureId,
    ...contact,
    notBefore,
    subject: t("appointments.message.reminder.subject", { structure: slot.structure.name }),
    body: [
      t("appointments.message.hello", { name: appointment.name }),
      "",
      t("appointments.message.reminder", { date: formatDateTime(slot.startsAt), structure: slot.structure.name }),
      whereWords(slot),
      ...(origin ? ["", t("appointments.message.link", { link: ownLink(origin, token) })] : []),
      "",
      t("appointments.message.bye"),
    ].join("\n"),
  }));
}

export function ownLink(origin: string, token: string): string {
  return `${origin}/rdv/${token}`;
}

/** Where it happens, in words: the address, "by phone", or the video link. */
export function whereWords(slot: { mode: string; location: string | null }): string {
  if (slot.mode === "phone") return t("appointments.mode.phone.words");
  if (slot.mode === "video") return t("appointments.mode.video.words", { link: slot.location ?? "" });
  return t("appointments.mode.place.words", { place: slot.location ?? "" });
}

// ---- her own link ----

const ownView = {
  id: true,
  structureId: true,
  status: true,
  name: true,
  heldSlotId: true,
  personId: true,
  slot: { select: { ...slotView, purpose: true } },
} as const;

/** The appointment behind her link, or null (unknown token: nothing more is said). */
export function appointmentByToken(db: Db, token: string) {
  if (!token || token.length > 200) return Promise.resolve(null);
  return db.appointment.findUnique({ where: { tokenHash: hashToken(token) }, select: ownView });
}

export type OwnAppointment = NonNullable<Awaited<ReturnType<typeof appointmentByToken>>>;

/**
 * Cancels it (freeing the slot at once) and its reminder; false when it no longer stands, its time
 * included: a missed appointment cancelled afterwards would leave the professional's day unmarked.
 */
export async function cancelAppointment(db: Db, appointmentId: string, now: Date = new Date()): Promise<boolean> {
  const [cancelled] = await db.$transaction([
    db.appointment.updateMany({
      where: { id: appointmentId, status: "booked", heldSlotId: { not: null }, slot: { startsAt: { gt: now } } },
      data: { heldSlotId: null, status: "cancelled", cancelledAt: now },
    }),
    db.outboxMessage.deleteMany({ where: { appointmentId, status: "queued", appointment: { status: "cancelled" } } }),
  ]);
  return cancelled.count === 1;
}

export type MoveResult = { ok: true } | { ok: false; reason: "taken" | "gone" };

/**
 * Moves it to another free time of the same structure and purpose, in one statement: the old slot is
 * freed as the new one is held, so she never holds two nor loses hers when the new one was taken.
 * Its reminder is replaced.
 */
export async function moveAppointment(
  db: Db,
  token: string,
  slotId: string,
  origin: string | null,
  now: Date = new Date(),
): Promise<MoveResult> {
  const appointment = await db.appointment.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      structureId: true,
      status: true,
      heldSlotId: true,
      name: true,
      email: true,
      phone: true,
      slot: { select: { purpose: true, startsAt: true } },
    },
  });
  if (!appointment || appointment.status !== "booked" || !appointment.heldSlotId) return { ok: false, reason: "gone" };
  // Once its time has come it stays where it was, for the professional to mark.
  if (appointment.slot.startsAt.getTime() <= now.getTime()) return { ok: false, reason: "gone" };
  if (slotId === appointment.heldSlotId) return { ok: true };
  const slot = await db.appointmentSlot.findFirst({
    where: {
      id: slotId,
      structureId: appointment.structureId,
      purpose: appointment.slot.purpose,
      withdrawnAt: null,
      startsAt: { gt: now },
    },
    select: { ...slotView, structureId: true },
  });
  if (!slot) return { ok: false, reason: "gone" };
  try {
    await db.$transaction([
      db.appointment.update({
        where: { id: appointment.id, heldSlotId: appointment.heldSlotId },
        data: { slotId: slot.id, heldSlotId: slot.id },
      }),
      db.outboxMessage.deleteMany({ where: { appointmentId: appointment.id, status: "queued" } }),
      ...reminderMessages(slot, appointment, token, origin, now).map((message) =>
        db.outboxMessage.create({ data: { ...message, appointmentId: appointment.id } }),
      ),
    ]);
    return { ok: true };
  } catch (error) {
    if (isUniqueViolation(error) || isBusy(error)) return { ok: false, reason: "taken" };
    if ((error as { code?: string }).code === "P2025") return { ok: false, reason: "gone" };
    throw error;
  }
}

/** Her appointment as a calendar event (the UID stays the same when she moves it: calendars update it). */
export function appointmentIcs(appointment: OwnAppointment, link: string): string {
  const result = createEvent({
    uid: `rendez-vous-${appointment.id}@atelier-commun`,
    productId: "atelier-commun",
    start: appointment.slot.startsAt.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    duration: { minutes: appointment.slot.durationMinutes },
    title: t("appointments.ics.title", { structure: appointment.slot.structure.name }),
    description: [whereWords(appointment.slot), t("appointments.message.link", { link })].join("\n"),
    location: appointment.slot.mode === "place" ? (appointment.slot.location ?? undefined) : undefined,
    url: link,
  });
  if (result.error || !result.value) throw result.error ?? new Error("calendar event not created");
  return result.value;
}

// ---- the professional's day ----

/** The appointments of a Paris day in the professional's structures, in time order (cancelled ones left out). */
export async function dayAppointments(db: Db, userId: string, day: string) {
  return db.appointment.findMany({
    where: {
      structureId: { in: await memberStructureIds(db, userId) },
      status: { not: "cancelled" },
      slot: { startsAt: { gte: parisInstant(day), lte: endOfParisDay(day) } },
    },
    orderBy: { slot: { startsAt: "asc" } },
    select: {
      id: true,
      name: true,
      email: true,
      phone: true,
      status: true,
      followUpAt: true,
      bookedVia: true,
      person: { select: { id: true, displayName: true } },
      slot: { select: slotView },
    },
  });
}

/** Missed appointments flagged for a follow-up, until a professional clears the flag. */
export async function followUps(db: Db, userId: string) {
  return db.appointment.findMany({
    where: { structureId: { in: await memberStructureIds(db, userId) }, followUpAt: { not: null } },
    orderBy: { followUpAt: "asc" },
    take: 100,
    select: { id: true, name: true, phone: true, email: true, person: { select: { id: true } }, slot: { select: { startsAt: true } } },
  });
}

/**
 * Honoured, missed or excused: a missed one is flagged for a follow-up, the others are not. Only a
 * member of its structure may mark it; false otherwise (or when cancelled).
 */
export async function markAppointment(db: Db, userId: string, appointmentId: string, mark: Mark, now: Date = new Date()): Promise<boolean> {
  const { count } = await db.appointment.updateMany({
    where: { id: appointmentId, status: { not: "cancelled" }, structureId: { in: await memberStructureIds(db, userId) } },
    data: { status: mark, followUpAt: mark === "missed" ? now : null },
  });
  return count === 1;
}

/** The follow-up was done: the flag goes. */
export async function clearFollowUp(db: Db, userId: string, appointmentId: string): Promise<boolean> {
  const { count } = await db.appointment.updateMany({
    where: { id: appointmentId, followUpAt: { not: null }, structureId: { in: await memberStructureIds(db, userId) } },
    data: { followUpAt: null },
  });
  return count === 1;
}

// ---- links a professional sends ----

/**
 * A link to book one of the structure's times, valid INVITE_VALID_DAYS, once; for one person of the
 * structure when `personId` is given. Null when the professional is not a member (or the person not
 * the structure's). Only the token's hash is kept.
 */
export async function createInvite(db: Db, userId: string, structureId: string, personId: string | null, now: Date = new Date()) {
  if (!(await memberStructureIds(db, userId)).includes(structureId)) return null;
  if (personId && !(await db.person.findFirst({ where: { id: personId, structureId }, select: { id: true } }))) return null;
  const token = newToken();
  const expiresAt = new Date(now.getTime() + INVITE_VALID_DAYS * DAY_MS);
  await db.appointmentInvite.create({ data: { structureId, userId, personId, tokenHash: hashToken(token), expiresAt } });
  return { token, expiresAt };
}

/** The invite behind a link, while it can still be used; null otherwise (unknown, expired, used). */
export async function usableInvite(db: Db, token: string, now: Date = new Date()) {
  if (!token || token.length > 200) return null;
  const invite = await db.appointmentInvite.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, structureId: true, personId: true, expiresAt: true, usedAt: true },
  });
  if (!invite || invite.usedAt || invite.expiresAt.getTime() <= now.getTime()) return null;
  const person = invite.personId ? await db.person.findUnique({ where: { id: invite.personId }, select: { displayName: true } }) : null;
  return { ...invite, personName: person?.displayName ?? null };
}

/** Where a booking from an information session goes: the session's structure, for a participant still let in. */
export async function sessionBooking(db: Db, sessionId: string) {
  return db.groupSession.findFirst({
    where: { id: sessionId, kind: "information_session" },
    select: { id: true, structureId: true, title: true, structure: { select: { name: true } } },
  });
}
