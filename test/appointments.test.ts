// Appointments (issue 17.2): a professional publishes times, a person books one (from an information
// session, her space or a link), cancels or moves it with her own link; the reminder waits in the
// outbox until 10:00 Paris the day before, across daylight-saving changes; two bookings of one slot at
// once: one wins, the other gets a French message (SQLite and PostgreSQL); nobody outside the
// structure sees or touches anything.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  appointmentByToken,
  bookSlot,
  cancelAppointment,
  clearFollowUp,
  createInvite,
  dayAppointments,
  followUps,
  freeSlots,
  markAppointment,
  moveAppointment,
  publishSlots,
  upcomingSlots,
  withdrawSlot,
  type Booker,
} from "../app/appointments/appointments.server.js";
import { dayBefore, reminderTime, slotStarts } from "../app/appointments/times.js";
import { runOutboxRound } from "../app/appointments/reminders.server.js";
import { sendDueMessages, sendMessage, listOutbox, type Mailer } from "../app/registrations/outbox.server.js";
import { signInPerson } from "../app/auth/auth.server.js";
import { action as sessionBookAction, loader as sessionBookLoader } from "../app/routes/rdv.atelier.$sessionId.js";
import { action as inviteBookAction, loader as inviteBookLoader } from "../app/routes/rdv.invitation.$token.js";
import { action as ownAction, loader as ownLoader } from "../app/routes/rdv.$token.js";
import { loader as icsLoader } from "../app/routes/rdv.$token[.]ics.js";
import { action as dayAction, loader as dayLoader } from "../app/routes/rendez-vous._index.js";
import { action as slotsAction } from "../app/routes/rendez-vous.creneaux.js";
import { action as spaceAction } from "../app/routes/espace.rendez-vous.js";
import { t } from "../app/i18n/index.js";
import { parisInstant } from "../app/lib/paris-dates.js";
import { createDb, type Db } from "../prisma/db.js";
import { migrateDeploy } from "../scripts/migrate-engine.js";
import { answerOf } from "./support/route-answer.js";
import {
  createFacilitatorWithSession,
  createTestDatabase,
  participantCookie,
  professionalCookie,
  type TestDatabase,
} from "./support/fixtures.js";
import { adminQuery, postgresForTests, postgresUrl } from "./support/postgres.js";

const ORIGIN = "http://localhost";
const BEFORE_2026 = new Date("2026-01-05T09:00:00Z");

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => {
  await database?.cleanup();
});

function fakeMailer() {
  const sent: { to: string; subject: string; text: string }[] = [];
  const mailer: Mailer = { from: "test@exemple.fr", sendMail: async (message) => void sent.push(message) };
  return { mailer, sent };
}

/** A structure with a professional, and one time on `day` at `time` Paris (45 min, on site). */
async function structureWithSlot(target: Db, day: string, time = "09:00", now = BEFORE_2026) {
  const setup = await createFacilitatorWithSession(target);
  const published = await publishSlots(
    target,
    setup.user.id,
    {
      structureId: setup.structure.id,
      day,
      time,
      minutes: 45,
      count: 1,
      gap: 0,
      mode: "place",
      location: "12 rue de la Paix",
      purpose: "diagnostic",
    },
    now,
  );
  expect(published).toEqual({ ok: true, count: 1 });
  const [slot] = await freeSlots(target, setup.structure.id, ["diagnostic"], now);
  return { ...setup, slotId: slot!.id };
}

const booker = (structureId: string, extra: Partial<Booker> = {}): Booker => ({
  structureId,
  purposes: ["diagnostic"],
  via: "link",
  ...extra,
});

describe("Paris times", () => {
  it("cuts a morning into back-to-back slots, on Paris wall-clock times", () => {
    const starts = slotStarts("2026-03-30", "09:00", 45, 4, 0);
    expect(starts.map((start) => start.toISOString())).toEqual([
      "2026-03-30T07:00:00.000Z",
      "2026-03-30T07:45:00.000Z",
      "2026-03-30T08:30:00.000Z",
      "2026-03-30T09:15:00.000Z",
    ]);
    expect(slotStarts("2026-01-10", "23:00", 45, 5)).toHaveLength(2); // stops at midnight
  });

  it("reminds at 10:00 Paris the day before, whichever side of a daylight-saving change", () => {
    expect(dayBefore("2026-03-01")).toBe("2026-02-28");
    // Monday 30 March 2026: the day before is the Sunday summer time starts (UTC+2 by 10:00).
    expect(reminderTime(parisInstant("2026-03-30", "09:00"), BEFORE_2026)?.toISOString()).toBe("2026-03-29T08:00:00.000Z");
    // Monday 26 October 2026: the day before is the Sunday winter time starts (UTC+1 by 10:00).
    expect(reminderTime(parisInstant("2026-10-26", "09:00"), BEFORE_2026)?.toISOString()).toBe("2026-10-25T09:00:00.000Z");
    // Booked after 10:00 the day before: no reminder (her confirmation and calendar file are enough).
    expect(reminderTime(parisInstant("2026-03-30", "09:00"), new Date("2026-03-29T08:30:00Z"))).toBeNull();
  });
});

describe("booking, cancelling, moving", () => {
  it("books, queues the reminder at the right Paris time across both changes, and gives her own link", async () => {
    for (const [day, expected] of [
      ["2026-03-30", "2026-03-29T08:00:00.000Z"],
      ["2026-10-26", "2026-10-25T09:00:00.000Z"],
    ] as const) {
      const { structure, slotId } = await structureWithSlot(db, day);
      const booked = await bookSlot(db, booker(structure.id), slotId, { name: "Awa", email: "awa@exemple.fr" }, ORIGIN, BEFORE_2026);
      if (!booked.ok) throw new Error(booked.reason);
      const messages = await db.outboxMessage.findMany({ where: { appointmentId: booked.appointmentId } });
      expect(messages).toHaveLength(1);
      expect(messages[0]!.channel).toBe("email");
      expect(messages[0]!.notBefore?.toISOString()).toBe(expected);
      expect(messages[0]!.body).toContain(`${ORIGIN}/rdv/${booked.token}`);
      const stored = await db.appointment.findUniqueOrThrow({ where: { id: booked.appointmentId } });
      expect(stored.tokenHash).not.toContain(booked.token); // only the hash is kept
      expect(stored.heldSlotId).toBe(slotId);
      expect((await appointmentByToken(db, booked.token))?.id).toBe(booked.appointmentId);
      expect(await freeSlots(db, structure.id, ["diagnostic"], BEFORE_2026)).toHaveLength(0);
    }
  });

  it("an SMS reminder waits on the outbox page with its time; no contact, no message", async () => {
    const { structure, slotId, user } = await structureWithSlot(db, "2026-06-15");
    const booked = await bookSlot(db, booker(structure.id), slotId, { name: "Bilal", phone: "06 12 34 56 78" }, ORIGIN, BEFORE_2026);
    if (!booked.ok) throw new Error(booked.reason);
    const listed = await listOutbox(db, user.id, true);
    expect(listed.map((message) => message.channel)).toEqual(["sms"]);
    expect(listed[0]!.notBefore?.toISOString()).toBe("2026-06-14T08:00:00.000Z");
    const other = await structureWithSlot(db, "2026-06-15");
    expect(await listOutbox(db, other.user.id)).toHaveLength(0); // another structure's professional sees nothing
    const quiet = await bookSlot(db, booker(other.structure.id), other.slotId, { name: "Chloé" }, ORIGIN, BEFORE_2026);
    if (!quiet.ok) throw new Error(quiet.reason);
    expect(await db.outboxMessage.count({ where: { appointmentId: quiet.appointmentId } })).toBe(0);
  });

  it("cancels: the slot is free again and the reminder gone", async () => {
    const { structure, slotId } = await structureWithSlot(db, "2026-04-20");
    const booked = await bookSlot(db, booker(structure.id), slotId, { name: "Awa", email: "awa@exemple.fr" }, ORIGIN, BEFORE_2026);
    if (!booked.ok) throw new Error(booked.reason);
    expect(await cancelAppointment(db, booked.appointmentId, BEFORE_2026)).toBe(true);
    expect(await cancelAppointment(db, booked.appointmentId, BEFORE_2026)).toBe(false);
    const stored = await db.appointment.findUniqueOrThrow({ where: { id: booked.appointmentId } });
    expect([stored.status, stored.heldSlotId]).toEqual(["cancelled", null]);
    expect(await db.outboxMessage.count({ where: { appointmentId: booked.appointmentId } })).toBe(0);
    expect((await freeSlots(db, structure.id, ["diagnostic"], BEFORE_2026)).map((slot) => slot.id)).toEqual([slotId]);
    // Someone else can now take it.
    expect((await bookSlot(db, booker(structure.id), slotId, { name: "Bilal" }, ORIGIN, BEFORE_2026)).ok).toBe(true);
  });

  it("moves to another free time: the old one is freed, the reminder replaced, her link unchanged; a taken one is refused", async () => {
    const { structure, user } = await structureWithSlot(db, "2026-03-30", "09:00");
    await publishSlots(
      db,
      user.id,
      { structureId: structure.id, day: "2026-10-26", time: "14:00", minutes: 45, count: 2, gap: 15, mode: "phone", purpose: "diagnostic" },
      BEFORE_2026,
    );
    const [march, octoberA, octoberB] = await freeSlots(db, structure.id, ["diagnostic"], BEFORE_2026);
    const booked = await bookSlot(db, booker(structure.id), march!.id, { name: "Awa", email: "awa@exemple.fr" }, ORIGIN, BEFORE_2026);
    if (!booked.ok) throw new Error(booked.reason);
    expect(await moveAppointment(db, booked.token, octoberA!.id, ORIGIN, BEFORE_2026)).toEqual({ ok: true });
    const moved = await db.appointment.findUniqueOrThrow({ where: { id: booked.appointmentId }, include: { messages: true } });
    expect([moved.slotId, moved.heldSlotId, moved.status]).toEqual([octoberA!.id, octoberA!.id, "booked"]);
    expect(moved.messages.map((message) => message.notBefore?.toISOString())).toEqual(["2026-10-25T09:00:00.000Z"]);
    expect((await freeSlots(db, structure.id, ["diagnostic"], BEFORE_2026)).map((slot) => slot.id)).toEqual([march!.id, octoberB!.id]);
    // Another person takes B; moving there is refused and she keeps A.
    expect((await bookSlot(db, booker(structure.id), octoberB!.id, { name: "Bilal" }, ORIGIN, BEFORE_2026)).ok).toBe(true);
    expect(await moveAppointment(db, booked.token, octoberB!.id, ORIGIN, BEFORE_2026)).toEqual({ ok: false, reason: "taken" });
    expect((await db.appointment.findUniqueOrThrow({ where: { id: booked.appointmentId } })).heldSlotId).toBe(octoberA!.id);
    // Another structure's time is not hers to move to.
    const other = await structureWithSlot(db, "2026-10-27");
    expect(await moveAppointment(db, booked.token, other.slotId, ORIGIN, BEFORE_2026)).toEqual({ ok: false, reason: "gone" });
  });

  it("withdrawing a booked time cancels it and tells her; a free one just goes", async () => {
    const { structure, user, slotId } = await structureWithSlot(db, "2026-05-11");
    const booked = await bookSlot(db, booker(structure.id), slotId, { name: "Awa", email: "awa@exemple.fr" }, ORIGIN, BEFORE_2026);
    if (!booked.ok) throw new Error(booked.reason);
    expect(await withdrawSlot(db, user.id, slotId, BEFORE_2026)).toBe(true);
    const stored = await db.appointment.findUniqueOrThrow({ where: { id: booked.appointmentId }, include: { messages: true } });
    expect(stored.status).toBe("cancelled");
    expect(stored.messages).toHaveLength(1);
    expect(stored.messages[0]!.subject).toBe(t("appointments.message.withdrawn.subject"));
    expect(stored.messages[0]!.notBefore?.toISOString()).toBe(BEFORE_2026.toISOString());
    expect(await upcomingSlots(db, user.id, BEFORE_2026)).toHaveLength(0);
  });
});

describe("the outbox never sends before its time", () => {
  it("sendMessage and the round leave a reminder alone until notBefore, then send it once", async () => {
    const { structure, slotId } = await structureWithSlot(db, "2026-09-07");
    const email = `rappel-${randomUUID()}@exemple.fr`;
    const booked = await bookSlot(db, booker(structure.id), slotId, { name: "Awa", email }, ORIGIN, BEFORE_2026);
    if (!booked.ok) throw new Error(booked.reason);
    const reminder = await db.outboxMessage.findFirstOrThrow({ where: { appointmentId: booked.appointmentId } });
    const at = reminder.notBefore!;
    expect(at.toISOString()).toBe("2026-09-06T08:00:00.000Z");
    const { mailer, sent } = fakeMailer();
    const hers = () => sent.filter((message) => message.to === email);
    expect(await sendMessage(db, reminder.id, mailer, new Date(at.getTime() - 1))).toBe("skipped");
    await sendDueMessages(db, mailer, new Date(at.getTime() - 1));
    await runOutboxRound(db, mailer, new Date(at.getTime() - 60_000));
    expect(hers()).toHaveLength(0);
    expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: reminder.id } })).status).toBe("queued");
    expect(await runOutboxRound(db, mailer, at)).toBeGreaterThanOrEqual(1);
    expect(hers()).toHaveLength(1);
    expect(hers()[0]!.text).toContain(booked.token);
    expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: reminder.id } })).status).toBe("sent");
    await sendDueMessages(db, mailer, new Date(at.getTime() + 60_000));
    expect(hers()).toHaveLength(1); // not twice
  });

  // Two rounds at once, and a claim left by a node that died: test/outbox-claims.test.ts.
});

/** Two people tap the same time at once: one gets it, the other a French message, never an error. */
async function raceForOneSlot(target: Db) {
  const { structure, slotId } = await structureWithSlot(target, "2026-11-16");
  const results = await Promise.all([
    bookSlot(target, booker(structure.id), slotId, { name: "Awa", phone: "0612345678" }, ORIGIN, BEFORE_2026),
    bookSlot(target, booker(structure.id), slotId, { name: "Bilal", phone: "0698765432" }, ORIGIN, BEFORE_2026),
  ]);
  expect(results.filter((result) => result.ok)).toHaveLength(1);
  expect(results.filter((result) => !result.ok)).toEqual([{ ok: false, reason: "taken" }]);
  expect(await target.appointment.count({ where: { slotId, heldSlotId: slotId } })).toBe(1);
  expect(await target.appointment.count({ where: { slotId } })).toBe(1);
  // The one who lost has no reminder either.
  expect(await target.outboxMessage.count({ where: { appointment: { slotId } } })).toBe(1);
}

describe("two bookings of one slot at once (SQLite)", () => {
  it("one wins, the other is told", async () => {
    for (let round = 0; round < 5; round++) await raceForOneSlot(db);
  });

  it("through the booking page: the loser gets 409, the French message and the times that remain", async () => {
    const setup = await structureWithSlot(db, "2026-12-21", "09:00", new Date());
    await db.groupSession.update({ where: { id: setup.sessionId }, data: { kind: "information_session" } });
    await publishSlots(
      db,
      setup.user.id,
      {
        structureId: setup.structure.id,
        day: "2026-12-21",
        time: "10:00",
        minutes: 45,
        count: 1,
        gap: 0,
        mode: "phone",
        purpose: "diagnostic",
      },
      new Date(),
    );
    const [awa, bilal] = await Promise.all([
      participantCookie(db, setup.sessionId, "Awa"),
      participantCookie(db, setup.sessionId, "Bilal"),
    ]);
    const post = (cookie: string, name: string) =>
      answerOf(() =>
        sessionBookAction({
          request: new Request(`${ORIGIN}/rdv/atelier/${setup.sessionId}`, {
            method: "POST",
            headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ slotId: setup.slotId, name }),
          }),
          params: { sessionId: setup.sessionId },
          context: { db },
        } as never),
      );
    const answers = await Promise.all([post(awa, "Awa"), post(bilal, "Bilal")]);
    const won = answers.find((answer) => answer.status === 302)!;
    const lost = answers.find((answer) => answer.status === 409)!;
    expect(won.location).toMatch(/^\/rdv\/[\w-]+\?confirme=1$/);
    expect((lost.body as { problem: string }).problem).toBe("appointments.book.taken");
    expect(t("appointments.book.taken")).toMatch(/quelqu'un vient de prendre cet horaire/);
    const page = await answerOf(() =>
      sessionBookLoader({
        request: new Request(`${ORIGIN}/rdv/atelier/${setup.sessionId}?jour=2026-12-21&heure=${setup.slotId}`, {
          headers: { Cookie: bilal },
        }),
        params: { sessionId: setup.sessionId },
        context: { db },
      } as never),
    );
    const picker = (page.body as { picker: { chosen: unknown; times: { clock: string }[] } }).picker;
    expect(picker.chosen).toBeNull();
    expect(picker.times.map((time) => time.clock)).toEqual(["10:00"]);
    const stored = await db.appointment.findFirstOrThrow({ where: { heldSlotId: setup.slotId } });
    expect([stored.bookedVia, stored.sessionId, stored.personId]).toEqual(["session", setup.sessionId, null]);
    expect(stored.participantId).not.toBeNull();
  });
});

describe("who may see and do what", () => {
  it("another structure's professional sees nothing and can change nothing (404)", async () => {
    const { structure, slotId, user } = await structureWithSlot(db, "2026-12-28", "09:00", new Date());
    const booked = await bookSlot(db, booker(structure.id), slotId, { name: "Awa" }, ORIGIN);
    if (!booked.ok) throw new Error(booked.reason);
    const stranger = await createFacilitatorWithSession(db);
    expect(await dayAppointments(db, stranger.user.id, "2026-12-28")).toHaveLength(0);
    expect((await dayAppointments(db, user.id, "2026-12-28")).map((appointment) => appointment.id)).toEqual([booked.appointmentId]);
    expect(await markAppointment(db, stranger.user.id, booked.appointmentId, "missed")).toBe(false);
    expect(await withdrawSlot(db, stranger.user.id, slotId)).toBe(false);
    expect(await createInvite(db, stranger.user.id, structure.id, null)).toBeNull();
    const cookie = await professionalCookie(db, stranger.user.id);
    const post = (action: (args: never) => Promise<unknown>, path: string, fields: Record<string, string>) =>
      answerOf(() =>
        action({
          request: new Request(`${ORIGIN}${path}`, {
            method: "POST",
            headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams(fields),
          }),
          params: {},
          context: { db },
        } as never),
      );
    expect((await post(dayAction, "/rendez-vous", { intent: "mark", appointmentId: booked.appointmentId, mark: "honoured" })).status).toBe(
      404,
    );
    expect((await post(slotsAction, "/rendez-vous/creneaux", { intent: "withdraw", slotId })).status).toBe(404);
    expect((await post(slotsAction, "/rendez-vous/creneaux", { intent: "invite", structureId: structure.id })).status).toBe(404);
    expect(
      (
        await post(slotsAction, "/rendez-vous/creneaux", {
          intent: "publish",
          structureId: structure.id,
          day: "2027-01-04",
          time: "09:00",
          minutes: "45",
          count: "1",
          mode: "phone",
          purpose: "diagnostic",
        })
      ).status,
    ).toBe(404);
    const page = await answerOf(() =>
      dayLoader({
        request: new Request(`${ORIGIN}/rendez-vous?jour=2026-12-28`, { headers: { Cookie: cookie } }),
        params: {},
        context: { db },
      } as never),
    );
    expect((page.body as { appointments: unknown[] }).appointments).toHaveLength(0);
    // Their own professional marks it missed: flagged for a follow-up until cleared.
    expect(await markAppointment(db, user.id, booked.appointmentId, "missed")).toBe(true);
    expect((await followUps(db, user.id)).map((item) => item.id)).toEqual([booked.appointmentId]);
    expect(await followUps(db, stranger.user.id)).toHaveLength(0);
    expect(await clearFollowUp(db, stranger.user.id, booked.appointmentId)).toBe(false);
    expect(await clearFollowUp(db, user.id, booked.appointmentId)).toBe(true);
    expect(await followUps(db, user.id)).toHaveLength(0);
  });

  it("her link opens hers only: another token, a made-up one or a mangled one gets 404; the .ics says Paris time right", async () => {
    const { structure, slotId } = await structureWithSlot(db, "2026-12-29", "09:30", new Date());
    const booked = await bookSlot(db, booker(structure.id), slotId, { name: "Awa" }, ORIGIN);
    if (!booked.ok) throw new Error(booked.reason);
    const open = (token: string) =>
      answerOf(() => ownLoader({ request: new Request(`${ORIGIN}/rdv/x`), params: { token }, context: { db } } as never));
    expect((await open(booked.token)).status).toBe(200);
    for (const token of [
      "",
      "x",
      booked.token.toUpperCase(),
      encodeURIComponent(booked.token) + "%00",
      booked.token.slice(1),
      "a".repeat(5000),
    ])
      expect((await open(token)).status).toBe(404);
    const cancelWith = (token: string) =>
      answerOf(() =>
        ownAction({
          request: new Request(`${ORIGIN}/rdv/x`, {
            method: "POST",
            headers: { "Content-Type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ intent: "cancel" }),
          }),
          params: { token },
          context: { db },
        } as never),
      );
    expect((await cancelWith(booked.token.slice(0, -1))).status).toBe(404);
    const ics = (await icsLoader({
      request: new Request(`${ORIGIN}/rdv/x.ics`),
      params: { token: booked.token },
      context: { db },
    } as never)) as Response;
    const text = await ics.text();
    expect(text).toContain("DTSTART:20261229T083000Z"); // 09:30 in Paris in winter
    expect(text).toContain("DURATION:PT45M");
    expect((await cancelWith(booked.token)).status).toBe(200);
    expect((await open(booked.token)).status).toBe(200); // she still sees it, cancelled
    expect((await cancelWith(booked.token)).status).toBe(409);
  });

  it("an invite link books once, for its person; expired or used it opens nothing (410)", async () => {
    const { structure, slotId, user } = await structureWithSlot(db, "2026-12-30", "09:00", new Date());
    const person = await db.person.create({ data: { structureId: structure.id, displayName: "Awa Diallo" } });
    const stranger = await createFacilitatorWithSession(db);
    const strangerPerson = await db.person.create({ data: { structureId: stranger.structure.id, displayName: "Autre" } });
    expect(await createInvite(db, user.id, structure.id, strangerPerson.id)).toBeNull(); // not a person of the structure
    const invite = await createInvite(db, user.id, structure.id, person.id);
    const expired = await createInvite(db, user.id, structure.id, null, new Date(Date.now() - 15 * 86_400_000));
    const call = (fn: (args: never) => Promise<unknown>, token: string, body?: Record<string, string>) =>
      answerOf(() =>
        fn({
          request: new Request(`${ORIGIN}/rdv/invitation/${token}`, {
            method: body ? "POST" : "GET",
            headers: body ? { "Content-Type": "application/x-www-form-urlencoded" } : {},
            body: body ? new URLSearchParams(body) : undefined,
          }),
          params: { token },
          context: { db },
        } as never),
      );
    expect((await call(inviteBookLoader, expired!.token)).status).toBe(410);
    expect((await call(inviteBookAction, expired!.token, { slotId, name: "X" })).status).toBe(410);
    const page = await call(inviteBookLoader, invite!.token);
    expect((page.body as { name: string }).name).toBe("Awa Diallo");
    expect((await call(inviteBookAction, invite!.token, { slotId, name: "" })).status).toBe(400); // field error, in French
    const booked = await call(inviteBookAction, invite!.token, { slotId, name: "Awa" });
    expect(booked.status).toBe(302);
    const stored = await db.appointment.findFirstOrThrow({ where: { heldSlotId: slotId } });
    expect([stored.personId, stored.bookedVia]).toEqual([person.id, "link"]);
    expect((await call(inviteBookLoader, invite!.token)).status).toBe(410); // used
    expect((await call(inviteBookAction, invite!.token, { slotId, name: "Awa" })).status).toBe(410);
  });

  it("a participant of another session, or nobody, cannot book from a session's page (404)", async () => {
    const setup = await createFacilitatorWithSession(db);
    await db.groupSession.update({ where: { id: setup.sessionId }, data: { kind: "information_session" } });
    const other = await createFacilitatorWithSession(db);
    const elsewhere = await participantCookie(db, other.sessionId, "Eve");
    const load = (cookie: string | null) =>
      answerOf(() =>
        sessionBookLoader({
          request: new Request(`${ORIGIN}/rdv/atelier/${setup.sessionId}`, { headers: cookie ? { Cookie: cookie } : {} }),
          params: { sessionId: setup.sessionId },
          context: { db },
        } as never),
      );
    expect((await load(null)).status).toBe(404);
    expect((await load(elsewhere)).status).toBe(404);
    expect((await load(await participantCookie(db, setup.sessionId, "Awa"))).status).toBe(200);
    // A peer workshop offers no booking.
    const workshop = await participantCookie(db, other.sessionId, "Awa");
    const notInfo = await answerOf(() =>
      sessionBookLoader({
        request: new Request(`${ORIGIN}/rdv/atelier/${other.sessionId}`, { headers: { Cookie: workshop } }),
        params: { sessionId: other.sessionId },
        context: { db },
      } as never),
    );
    expect(notInfo.status).toBe(404);
  });

  it("from her space she books with her structure, and cannot cancel another person's appointment", async () => {
    const { structure, slotId } = await structureWithSlot(db, "2026-12-31", "09:00", new Date());
    const awa = await db.person.create({ data: { structureId: structure.id, displayName: "Awa" } });
    const bilal = await db.person.create({ data: { structureId: structure.id, displayName: "Bilal" } });
    const cookieOf = async (personId: string) => (await signInPerson(db, new Request(`${ORIGIN}/`), personId)).split(";")[0]!;
    const post = async (personId: string, fields: Record<string, string>) => {
      const cookie = await cookieOf(personId);
      return answerOf(() =>
        spaceAction({
          request: new Request(`${ORIGIN}/espace/rendez-vous`, {
            method: "POST",
            headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams(fields),
          }),
          params: {},
          context: { db },
        } as never),
      );
    };
    expect((await post(awa.id, { slotId, name: "Awa" })).status).toBe(302);
    const hers = await db.appointment.findFirstOrThrow({ where: { personId: awa.id } });
    expect(hers.bookedVia).toBe("space");
    expect((await post(bilal.id, { intent: "cancel", appointmentId: hers.id })).status).toBe(404);
    expect((await db.appointment.findUniqueOrThrow({ where: { id: hers.id } })).status).toBe("booked");
    expect((await post(awa.id, { intent: "cancel", appointmentId: hers.id })).status).toBe(200);
  });
});

describe("privacy", () => {
  it("erasure removes her appointments' name and contact, frees her coming times, drops their messages and links made for her; the export lists them first", async () => {
    const { structure, user, slotId } = await structureWithSlot(db, "2027-02-01", "09:00", new Date());
    await publishSlots(
      db,
      user.id,
      { structureId: structure.id, day: "2027-02-02", time: "09:00", minutes: 45, count: 1, gap: 0, mode: "phone", purpose: "diagnostic" },
      new Date(),
    );
    const [, second] = await freeSlots(db, structure.id, ["diagnostic"]);
    const email = `efface-${randomUUID()}@exemple.fr`;
    const person = await db.person.create({ data: { structureId: structure.id, displayName: "Awa Effacée", email } });
    const mine = await bookSlot(
      db,
      booker(structure.id, { via: "space", personId: person.id }),
      slotId,
      { name: "Awa Effacée", phone: "0611223344" },
      ORIGIN,
    );
    // Booked through a link with her address only, before anyone linked it to her.
    const byMail = await bookSlot(db, booker(structure.id), second!.id, { name: "Awa", email }, ORIGIN);
    if (!mine.ok || !byMail.ok) throw new Error("not booked");
    await createInvite(db, user.id, structure.id, person.id);
    const { exportPersonData } = await import("../app/diagnostic/export.server.js");
    expect((await exportPersonData(db, person.id)).appointments.map((appointment) => appointment.id).sort()).toEqual(
      [mine.appointmentId, byMail.appointmentId].sort(),
    );
    const { erasePerson } = await import("../app/privacy/erase-person.server.js");
    const counts = await erasePerson({ db }, person.id, new Date());
    expect(counts.appointments).toBe(2);
    const after = await db.appointment.findMany({ where: { id: { in: [mine.appointmentId, byMail.appointmentId] } } });
    for (const appointment of after) {
      expect([appointment.email, appointment.phone, appointment.personId, appointment.heldSlotId, appointment.status]).toEqual([
        null,
        null,
        null,
        null,
        "cancelled",
      ]);
      expect(appointment.name).not.toContain("Awa");
    }
    expect(await db.outboxMessage.count({ where: { appointmentId: { in: [mine.appointmentId, byMail.appointmentId] } } })).toBe(0);
    expect(await db.appointmentInvite.count({ where: { personId: person.id } })).toBe(0);
    expect(await freeSlots(db, structure.id, ["diagnostic"])).toHaveLength(2);
  });
});

const postgres = await postgresForTests();

describe.runIf(postgres)("two bookings of one slot at once (PostgreSQL)", () => {
  const name = `atelier_test_${randomUUID().replaceAll("-", "")}`;
  let pgDb: Db;
  beforeAll(async () => {
    await adminQuery(`CREATE DATABASE "${name}"`);
    await migrateDeploy(postgresUrl(name));
    pgDb = createDb(postgresUrl(name));
  });
  afterAll(async () => {
    await pgDb?.$disconnect();
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  it("one wins, the other is told; moving onto a slot taken at the same moment is refused too", async () => {
    for (let round = 0; round < 5; round++) await raceForOneSlot(pgDb);
    const { structure, slotId } = await structureWithSlot(pgDb, "2026-03-30");
    const [free] = await freeSlots(pgDb, structure.id, ["diagnostic"], BEFORE_2026);
    expect(free!.id).toBe(slotId);
    const { slotId: second, structure: s2, user } = await structureWithSlot(pgDb, "2026-10-26");
    await publishSlots(
      pgDb,
      user.id,
      { structureId: s2.id, day: "2026-10-27", time: "09:00", minutes: 45, count: 1, gap: 0, mode: "phone", purpose: "diagnostic" },
      BEFORE_2026,
    );
    const [, third] = await freeSlots(pgDb, s2.id, ["diagnostic"], BEFORE_2026);
    const mover = await bookSlot(pgDb, booker(s2.id), second, { name: "Awa", email: "awa@exemple.fr" }, ORIGIN, BEFORE_2026);
    if (!mover.ok) throw new Error(mover.reason);
    const [moved, booked] = await Promise.all([
      moveAppointment(pgDb, mover.token, third!.id, ORIGIN, BEFORE_2026),
      bookSlot(pgDb, booker(s2.id), third!.id, { name: "Bilal" }, ORIGIN, BEFORE_2026),
    ]);
    expect([moved.ok, booked.ok].filter(Boolean)).toHaveLength(1);
    expect(await pgDb.appointment.count({ where: { heldSlotId: third!.id } })).toBe(1);
    const reminder = await pgDb.outboxMessage.findFirstOrThrow({ where: { appointmentId: mover.appointmentId } });
    expect(reminder.notBefore?.toISOString()).toBe(moved.ok ? "2026-10-26T09:00:00.000Z" : "2026-10-25T09:00:00.000Z");
  });
});
