// Hostile checks of issue 17 (her ways in, appointments, badges, shared documents), written while
// attacking what was built: a forged Host header that would make her e-mailed sign-in link point to
// someone else's server, her appointment's link posted with another structure's slot or odd bodies,
// a professional of another structure marking an appointment.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slotStarts } from "../app/appointments/times.js";
import type { AppLoadContext } from "@remix-run/node";
import { bookSlot, freeSlots, markAppointment, publishSlots, type Booker } from "../app/appointments/appointments.server.js";
import { action as signInPageAction, loader as signInPageLoader } from "../app/routes/espace.connexion.js";
import { action as ownAction } from "../app/routes/rdv.$token.js";
import { action as referentAction } from "../app/routes/people.$personId.referent.js";
import type { Db } from "../prisma/db.js";
import { answerOf } from "./support/route-answer.js";
import { action as atelierBookAction } from "../app/routes/rdv.atelier.$sessionId.js";
import { issuingFor } from "../app/badges/issuing.server.js";
import { originForOthers } from "../app/lib/public-origin.js";
import { formPost } from "./support/form-post.js";
import {
  createFacilitatorWithSession,
  createTestDatabase,
  daysFromToday,
  participantCookie,
  professionalCookie,
  type TestDatabase,
} from "./support/fixtures.js";

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => {
  await database?.cleanup();
});

let clients = 0;
const newClient = () => `203.0.113.${++clients}`;

describe("her sign-in link and a forged Host", () => {
  it("without PUBLIC_ORIGIN no link is offered nor stored: the Host a sender picks would be where her link points", async () => {
    const { structure } = await createFacilitatorWithSession(db);
    const person = await db.person.create({ data: { structureId: structure.id, displayName: "Awa", email: "awa.hote@exemple.fr" } });
    const saved = process.env.SMTP_URL;
    process.env.SMTP_URL = "smtp://127.0.0.1:9";
    try {
      const context = { db, clientIp: newClient() } as AppLoadContext;
      expect(await signInPageLoader({ request: new Request("https://pirate.exemple/espace/connexion"), context, params: {} })).toEqual({
        linkAvailable: false,
      });
      const answer = await answerOf(() =>
        signInPageAction({
          request: formPost("https://pirate.exemple/espace/connexion", { intent: "link", email: "awa.hote@exemple.fr" }),
          context,
          params: {},
        }),
      );
      expect(answer.status).toBe(400);
      expect(await db.personSignInCode.count({ where: { personId: person.id, kind: "link" } })).toBe(0);
      expect(await db.outboxMessage.count({ where: { recipient: "awa.hote@exemple.fr" } })).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.SMTP_URL;
      else process.env.SMTP_URL = saved;
    }
  });
});

describe("a series of slots across a daylight-saving night", () => {
  it("spring: never two slots at the same instant; autumn: no hour skipped (cut in real minutes)", () => {
    const iso = (starts: Date[]) => starts.map((start) => start.toISOString());
    // Paris 01:30 CET, then 02:00 does not exist: 03:00 CEST, 03:30, 04:00. The wall clock gave 03:00 twice.
    expect(iso(slotStarts("2026-03-29", "01:30", 30, 4, 0))).toEqual([
      "2026-03-29T00:30:00.000Z",
      "2026-03-29T01:00:00.000Z",
      "2026-03-29T01:30:00.000Z",
      "2026-03-29T02:00:00.000Z",
    ]);
    // Paris 01:30 CEST, 02:00 CEST, 02:30 CEST, 02:00 CET: the wall clock skipped the first 02:00-03:00.
    expect(iso(slotStarts("2026-10-25", "01:30", 30, 4, 0))).toEqual([
      "2026-10-24T23:30:00.000Z",
      "2026-10-25T00:00:00.000Z",
      "2026-10-25T00:30:00.000Z",
      "2026-10-25T01:00:00.000Z",
    ]);
    // Still stops at Paris midnight, and an ordinary day is unchanged.
    expect(slotStarts("2026-10-24", "23:00", 30, 5, 0)).toHaveLength(2);
    expect(iso(slotStarts("2026-03-30", "09:00", 45, 2, 15))).toEqual(["2026-03-30T07:00:00.000Z", "2026-03-30T08:00:00.000Z"]);
  });
});

async function structureWithSlots(count: number) {
  const setup = await createFacilitatorWithSession(db);
  const day = daysFromToday(12);
  const published = await publishSlots(db, setup.user.id, {
    structureId: setup.structure.id,
    day,
    time: "09:00",
    minutes: 30,
    count,
    gap: 0,
    mode: "place",
    location: "1 rue du Port",
    purpose: "diagnostic",
  });
  expect(published).toEqual({ ok: true, count });
  const slots = await freeSlots(db, setup.structure.id, ["diagnostic"]);
  return { ...setup, slotIds: slots.map((slot) => slot.id) };
}
const booker = (structureId: string): Booker => ({ structureId, purposes: ["diagnostic"], via: "link" });

function postOwn(token: string, body: BodyInit, contentType?: string) {
  const headers: Record<string, string> = {};
  if (contentType) headers["Content-Type"] = contentType;
  const request = new Request(`http://localhost/rdv/${token}`, { method: "POST", headers, body });
  return answerOf(() => ownAction({ request, params: { token }, context: { db } } as never));
}

describe("her appointment's link, posted by a hostile holder", () => {
  it("cannot move it onto another structure's time, nor with repeated, JSON, multipart-file or huge fields; never a 500", async () => {
    const ours = await structureWithSlots(2);
    const theirs = await structureWithSlots(1);
    const booked = await bookSlot(db, booker(ours.structure.id), ours.slotIds[0]!, { name: "Awa" }, "http://localhost");
    if (!booked.ok) throw new Error(booked.reason);

    const moveTo = (slotId: string) => new URLSearchParams({ intent: "move", slotId });
    expect((await postOwn(booked.token, moveTo(theirs.slotIds[0]!))).status).toBe(409);
    const repeated = new URLSearchParams([
      ["intent", "move"],
      ["slotId", ours.slotIds[1]!],
      ["slotId", theirs.slotIds[0]!],
    ]);
    const refusedBodies: [BodyInit, string | undefined][] = [
      [repeated, undefined],
      [JSON.stringify({ intent: "move", slotId: theirs.slotIds[0] }), "application/json"],
      [JSON.stringify({ intent: "cancel" }), "application/json"],
      [new URLSearchParams({ intent: "move", slotId: "x".repeat(200_000) }), undefined],
      [new URLSearchParams({ intent: "Cancel" }), undefined],
      [new URLSearchParams({ intent: "cancel\u200b" }), undefined],
    ];
    const file = new FormData();
    file.set("intent", "move");
    file.set("slotId", new Blob([theirs.slotIds[0]!]), "slot.txt");
    refusedBodies.push([file, undefined]);
    for (const [body, type] of refusedBodies) {
      const answer = await postOwn(booked.token, body, type);
      expect(answer.status, String(body).slice(0, 60)).toBeGreaterThanOrEqual(400);
      expect(answer.status, String(body).slice(0, 60)).toBeLessThan(500);
    }
    const still = await db.appointment.findUniqueOrThrow({ where: { id: booked.appointmentId } });
    expect(still).toMatchObject({ status: "booked", heldSlotId: ours.slotIds[0] });
    // The other structure's time is still free for its own people.
    expect((await freeSlots(db, theirs.structure.id, ["diagnostic"])).map((slot) => slot.id)).toEqual(theirs.slotIds);
  });

  it("a professional of another structure cannot mark it missed (nor see it flagged)", async () => {
    const ours = await structureWithSlots(1);
    const theirs = await createFacilitatorWithSession(db);
    const booked = await bookSlot(db, booker(ours.structure.id), ours.slotIds[0]!, { name: "Awa" }, "http://localhost");
    if (!booked.ok) throw new Error(booked.reason);
    expect(await markAppointment(db, theirs.user.id, booked.appointmentId, "missed")).toBe(false);
    expect(await db.appointment.findUniqueOrThrow({ where: { id: booked.appointmentId } })).toMatchObject({
      status: "booked",
      followUpAt: null,
    });
  });

  it("two tabs at once (cancel, move here, move there): she ends with one time or none, never two held, never a 500", async () => {
    const ours = await structureWithSlots(3);
    const booked = await bookSlot(db, booker(ours.structure.id), ours.slotIds[0]!, { name: "Awa" }, "http://localhost");
    if (!booked.ok) throw new Error(booked.reason);
    const answers = await Promise.all([
      postOwn(booked.token, new URLSearchParams({ intent: "move", slotId: ours.slotIds[1]! })),
      postOwn(booked.token, new URLSearchParams({ intent: "cancel" })),
      postOwn(booked.token, new URLSearchParams({ intent: "move", slotId: ours.slotIds[2]! })),
    ]);
    for (const answer of answers) expect(answer.status).toBeLessThan(500);
    const after = await db.appointment.findUniqueOrThrow({ where: { id: booked.appointmentId } });
    const free = (await freeSlots(db, ours.structure.id, ["diagnostic"])).map((slot) => slot.id);
    if (after.status === "cancelled") expect(free).toHaveLength(3);
    else {
      expect(after.heldSlotId).toBe(after.slotId);
      expect(free).toHaveLength(2);
      expect(free).not.toContain(after.heldSlotId);
    }
  });

  it("once its time has come her link neither cancels nor moves it: a missed one stays for the professional to mark", async () => {
    const ours = await structureWithSlots(2);
    const booked = await bookSlot(db, booker(ours.structure.id), ours.slotIds[0]!, { name: "Awa" }, "http://localhost");
    if (!booked.ok) throw new Error(booked.reason);
    // Its time passes (the slot is moved into the past, as the clock would).
    await db.appointmentSlot.update({ where: { id: ours.slotIds[0]! }, data: { startsAt: new Date(Date.now() - 60 * 60_000) } });
    expect((await postOwn(booked.token, new URLSearchParams({ intent: "cancel" }))).status).toBe(409);
    expect((await postOwn(booked.token, new URLSearchParams({ intent: "move", slotId: ours.slotIds[1]! }))).status).toBe(409);
    expect(await db.appointment.findUniqueOrThrow({ where: { id: booked.appointmentId } })).toMatchObject({
      status: "booked",
      heldSlotId: ours.slotIds[0],
    });
    expect(await markAppointment(db, ours.user.id, booked.appointmentId, "missed")).toBe(true);
    expect((await db.appointment.findUniqueOrThrow({ where: { id: booked.appointmentId } })).followUpAt).not.toBeNull();
  });
});

describe("her referent, set with odd bodies", () => {
  it("repeated fields (ours then another structure's), JSON, a file, a huge id: 4xx, never a 500, nothing saved", async () => {
    const { structure, user } = await createFacilitatorWithSession(db);
    const elsewhere = await createFacilitatorWithSession(db);
    const person = await db.person.create({ data: { structureId: structure.id, displayName: "Awa" } });
    const cookie = await professionalCookie(db, user.id);
    const post = (body: BodyInit, contentType?: string) => {
      const headers: Record<string, string> = { Cookie: cookie };
      if (contentType) headers["Content-Type"] = contentType;
      const request = new Request(`http://localhost/people/${person.id}/referent`, { method: "POST", headers, body });
      return answerOf(() => referentAction({ request, params: { personId: person.id }, context: { db } } as never));
    };
    const file = new FormData();
    file.set("referentUserId", new Blob([user.id]), "id.txt");
    for (const [body, type] of [
      [
        new URLSearchParams([
          ["referentUserId", user.id],
          ["referentUserId", elsewhere.user.id],
        ]),
        undefined,
      ],
      [JSON.stringify({ referentUserId: elsewhere.user.id }), "application/json"],
      [file, undefined],
      [new URLSearchParams({ referentUserId: "x".repeat(300_000) }), undefined],
      [new URLSearchParams({ referentUserId: ` ${elsewhere.user.id}` }), undefined],
    ] as [BodyInit, string | undefined][]) {
      const answer = await post(body, type);
      expect(answer.status, String(body).slice(0, 60)).toBeGreaterThanOrEqual(400);
      expect(answer.status, String(body).slice(0, 60)).toBeLessThan(500);
    }
    expect((await db.person.findUniqueOrThrow({ where: { id: person.id } })).referentUserId).toBeNull();
  });
});

describe("a Host header the sender chose, without PUBLIC_ORIGIN", () => {
  it("never becomes our address in what leaves the product: a reminder's link, a credential's ids", async () => {
    for (const url of [
      "https://pirate.exemple/x",
      "http://atelier.exemple.fr:3000/x",
      "http://localhost.pirate.exemple/x",
      "http://127.0.0.1.nip.io/x",
    ]) {
      expect(originForOthers(new Request(url), null), url).toBeNull();
      expect(() => issuingFor(new Request(url), { publicOrigin: null, signingSecret: async () => "s".repeat(32) } as never), url).toThrow();
    }
    expect(originForOthers(new Request("http://localhost:3000/x"), null)).toBe("http://localhost:3000");
    expect(originForOthers(new Request("https://pirate.exemple/x"), "https://atelier.exemple.fr")).toBe("https://atelier.exemple.fr");

    // A participant books from an information session through a forged host: her reminder carries no link.
    const { structure, sessionId, slotIds } = await structureWithSlots(1);
    await db.groupSession.update({ where: { id: sessionId }, data: { kind: "information_session" } });
    const cookie = await participantCookie(db, sessionId, "Awa");
    const request = new Request(`https://pirate.exemple/rdv/atelier/${sessionId}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
      body: new URLSearchParams({ slotId: slotIds[0]!, name: "Awa", email: "awa@exemple.fr" }),
    });
    await answerOf(() => atelierBookAction({ request, params: { sessionId }, context: { db, publicOrigin: null } } as never));
    const messages = await db.outboxMessage.findMany({ where: { structureId: structure.id } });
    expect(messages.length).toBeGreaterThan(0); // her reminder was queued…
    for (const message of messages) expect(message.body).not.toContain("pirate"); // …without the sender's address
  });
});
