import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { loader as deleteLoader, action as deleteAction } from "../app/routes/sessions.$sessionId.delete.js";
import { loader as archiveLoader } from "../app/routes/sessions.archives.$archiveId.js";
import { listArchives } from "../app/sessions/delete-session.server.js";
import { CLOSE_BOARD_GONE } from "../board-core/close-codes.js";
import type { Db } from "../prisma/db.js";
import { startBoardServer, type InProcessBoardServer } from "./support/board-server.js";
import { originOf } from "./support/clients.js";
import { connectFacilitation } from "./support/facilitation.js";
import {
  createFacilitatorWithSession,
  createTestDatabase,
  participantCookie,
  professionalCookie,
  type TestDatabase,
} from "./support/fixtures.js";
import { answerOf } from "./support/route-answer.js";

// A facilitator deletes a session (issue 15.2, docs/decisions/015): the board, its log, participants,
// registrations and their messages go; an anonymous report may be kept first. Only the session's
// creator and the host structure's admins may; co-hosts run it but do not own it.

let database: TestDatabase;
let db: Db;
let server: InProcessBoardServer;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  server = await startBoardServer(database);
});
afterAll(async () => {
  await server?.close();
  await database?.cleanup();
});

let counter = 0;

async function professionalOf(structureId: string, role: string) {
  counter += 1;
  const user = await db.user.create({
    data: { email: `pro-${counter}-${Date.now()}@exemple.fr`, displayName: `Pro ${counter}`, passwordHash: "x" },
  });
  await db.membership.create({ data: { userId: user.id, structureId, role } });
  return { user, cookie: await professionalCookie(db, user.id) };
}

/** A session with a card posted by "Awa Zelinsky", two registrations with their messages, a co-host structure. */
async function sessionWithPeople() {
  const setup = await createFacilitatorWithSession(db);
  const awaCookie = await participantCookie(db, setup.sessionId, "Awa Zelinsky");
  const phone = await connectFacilitation(server.wsBase, setup.sessionId, awaCookie, { phone: true });
  try {
    expect(await phone.client.send({ type: "post", text: "Je sais réparer un vélo" })).toEqual({ ok: true });
  } finally {
    phone.close();
  }
  const registration = await db.registration.create({
    data: { sessionId: setup.sessionId, name: "Bérénice Oulmont", email: "berenice.oulmont@exemple.fr", attendance: "present" },
  });
  await db.registration.create({ data: { sessionId: setup.sessionId, name: "Chahid Noury", phone: "0698765432", status: "waiting" } });
  await db.outboxMessage.create({
    data: {
      structureId: setup.structure.id,
      registrationId: registration.id,
      channel: "email",
      recipient: "berenice.oulmont@exemple.fr",
      subject: "Invitation",
      body: "Bonjour Bérénice",
    },
  });
  const partner = await db.structure.create({ data: { name: `Partenaire ${setup.sessionId}` } });
  await db.sessionCoHost.create({ data: { sessionId: setup.sessionId, structureId: partner.id } });
  const owner = await professionalCookie(db, setup.user.id);
  return { ...setup, owner, partner, registration };
}

const context = () => ({ db, tldrawLicenseKey: null, boards: server.registry });
const page = (sessionId: string, cookie: string) =>
  answerOf(() =>
    deleteLoader({
      request: new Request(`http://localhost/sessions/${sessionId}/delete`, { headers: { Cookie: cookie } }),
      params: { sessionId },
      context: context(),
    }),
  );
const post = (sessionId: string, cookie: string, fields: Record<string, string>) =>
  answerOf(() =>
    deleteAction({
      request: new Request(`http://localhost/sessions/${sessionId}/delete`, {
        method: "POST",
        headers: { Cookie: cookie },
        body: new URLSearchParams(fields),
      }),
      params: { sessionId },
      context: context(),
    }),
  );

describe("deleting a session", () => {
  it("the confirmation page counts what goes, for the session's creator", async () => {
    const setup = await sessionWithPeople();
    const answer = await page(setup.sessionId, setup.owner);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      session: { id: setup.sessionId, counts: { participants: 1, registrations: 2, messages: 1, cards: 1 } },
    });
  });

  it("co-hosts and the host's other facilitators get 403, strangers 404, and crafted posts delete nothing", async () => {
    const setup = await sessionWithPeople();
    const coHost = await professionalOf(setup.partner.id, "admin");
    const colleague = await professionalOf(setup.structure.id, "facilitator");
    const stranger = await createFacilitatorWithSession(db);
    const strangerCookie = await professionalCookie(db, stranger.user.id);
    for (const [cookie, status] of [
      [coHost.cookie, 403],
      [colleague.cookie, 403],
      [strangerCookie, 404],
    ] as const) {
      expect((await page(setup.sessionId, cookie)).status).toBe(status);
      expect((await post(setup.sessionId, cookie, { keepReport: "on" })).status).toBe(status);
    }
    expect((await post("no-such-session", setup.owner, {})).status).toBe(404);
    expect(await db.groupSession.count({ where: { id: setup.sessionId } })).toBe(1);
    expect(await db.participant.count({ where: { sessionId: setup.sessionId } })).toBe(1);
    expect(await db.sessionArchive.count({ where: { structureId: { in: [setup.structure.id, setup.partner.id] } } })).toBe(0);
  });

  it("the creator deletes it keeping an anonymous report: the live board closes, every row goes, the report has counts and cards and no name", async () => {
    const setup = await sessionWithPeople();
    const board = await db.board.findUniqueOrThrow({ where: { sessionId: setup.sessionId }, select: { id: true } });
    const socket = new WebSocket(`${server.wsBase}/${setup.sessionId}`, {
      headers: { Origin: originOf(server.wsBase), Cookie: setup.owner },
    });
    const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
    await new Promise((resolve) => socket.once("open", resolve));
    const other = await createFacilitatorWithSession(db);
    const otherRegistration = await db.registration.create({
      data: { sessionId: other.sessionId, name: "Dora", email: "dora@exemple.fr" },
    });
    await db.outboxMessage.create({
      data: {
        structureId: other.structure.id,
        registrationId: otherRegistration.id,
        channel: "email",
        recipient: "dora@exemple.fr",
        subject: "x",
        body: "y",
      },
    });

    const answer = await post(setup.sessionId, setup.owner, { keepReport: "on" });

    expect(answer.status).toBe(302);
    expect(await closed).toBe(CLOSE_BOARD_GONE);
    expect(await db.groupSession.count({ where: { id: setup.sessionId } })).toBe(0);
    expect(await db.board.count({ where: { id: board.id } })).toBe(0);
    expect(await db.boardUpdate.count({ where: { boardId: board.id } })).toBe(0);
    expect(await db.participant.count({ where: { sessionId: setup.sessionId } })).toBe(0);
    expect(await db.registration.count({ where: { sessionId: setup.sessionId } })).toBe(0);
    expect(await db.outboxMessage.count({ where: { structureId: setup.structure.id } })).toBe(0);
    // Another session's rows are untouched.
    expect(await db.outboxMessage.count({ where: { registrationId: otherRegistration.id } })).toBe(1);
    expect(await db.board.count({ where: { sessionId: other.sessionId } })).toBe(1);

    const archiveId = answer.location!.split("/").pop()!;
    expect(answer.location).toBe(`/sessions/archives/${archiveId}`);
    const archive = await db.sessionArchive.findUniqueOrThrow({ where: { id: archiveId } });
    expect(archive).toMatchObject({ structureId: setup.structure.id, title: "Atelier de test", deletedById: setup.user.id });
    const stored = JSON.stringify(archive);
    expect(stored).toContain("Je sais réparer un vélo");
    for (const name of ["Awa", "Zelinsky", "Bérénice", "Oulmont", "berenice", "Chahid", "0698765432", setup.user.displayName])
      expect(stored).not.toContain(name);
    expect(archive.report).toMatchObject({ counts: { registered: 1, waiting: 1, present: 1, joinedBoard: 1, cards: 1 } });

    // Listed for the structure's members, opened by them; not by another structure.
    expect((await listArchives(db, setup.user.id)).map((listed) => listed.id)).toContain(archiveId);
    const open = (cookie: string) =>
      answerOf(() =>
        archiveLoader({
          request: new Request(`http://localhost/sessions/archives/${archiveId}`, { headers: { Cookie: cookie } }),
          params: { archiveId },
          context: context(),
        }),
      );
    expect(await open(setup.owner)).toMatchObject({ status: 200, body: { archive: { id: archiveId } } });
    expect((await open(await professionalCookie(db, other.user.id))).status).toBe(404);
  });

  it("an admin of the host structure may delete it too, without keeping a report", async () => {
    const setup = await sessionWithPeople();
    const admin = await professionalOf(setup.structure.id, "admin");
    const answer = await post(setup.sessionId, admin.cookie, {});
    expect(answer).toMatchObject({ status: 302, location: "/sessions?deleted=1" });
    expect(await db.groupSession.count({ where: { id: setup.sessionId } })).toBe(0);
    expect(await db.sessionArchive.count({ where: { structureId: setup.structure.id } })).toBe(0);
  });
});
