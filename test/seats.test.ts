// One person, one seat, against the real server: a session's cap, a few board connections per
// token, the facilitator removing someone (their sockets closed at once, their token refused after),
// expired tokens, and the waiting room.
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLOSE_REMOVED } from "../board-core/close-codes.js";
import { encodeFacilitationFrame } from "../board-core/facilitation-protocol.js";
import { tryUpgrade } from "./support/clients.js";
import {
  createFacilitatorWithSession,
  createTestDatabase,
  professionalCookie,
  participantCookie,
  type TestDatabase,
} from "./support/fixtures.js";
import { joiningClient, sessionOn } from "./support/joining.js";
import { freePort, startServerProcess, stopGracefully, type ServerProcess } from "./support/server-process.js";

interface OpenSocket {
  socket: WebSocket;
  closed: Promise<{ code: number; reason: string }>;
}

describe("one person, one seat", () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let base: string;
  let wsBase: string;
  let ask: ReturnType<typeof joiningClient>;
  let setup: Awaited<ReturnType<typeof createFacilitatorWithSession>>;
  let facilitator: string;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    setup = await createFacilitatorWithSession(database.db);
    facilitator = await professionalCookie(database.db, setup.user.id);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    wsBase = `ws://127.0.0.1:${port}/yjs`;
    ask = joiningClient(base);
    server = await startServerProcess({
      DATABASE_URL: database.url,
      PORT: String(port),
      SESSION_MAX_PARTICIPANTS: "3",
      BOARD_MAX_CONNECTIONS_PER_PARTICIPANT: "3",
    });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.terminate();
    await stopGracefully(server);
    await database.cleanup();
  });

  const newSession = () => sessionOn(database.db, setup.user.id, setup.structure.id, 1);

  /** A board connection as a browser opens it; resolves once open, or with how the server closed it. */
  function connect(sessionId: string, cookie: string, view?: "phone"): Promise<OpenSocket | { code: number; reason: string }> {
    return new Promise((resolve) => {
      const socket = new WebSocket(`${wsBase}/${sessionId}${view ? "?view=phone" : ""}`, { headers: { Origin: base, Cookie: cookie } });
      sockets.push(socket);
      const closed = new Promise<{ code: number; reason: string }>((done) =>
        socket.on("close", (code, reason) => done({ code, reason: reason.toString() })),
      );
      socket.on("error", () => undefined);
      socket.on("unexpected-response", (_request, response) => resolve({ code: response.statusCode ?? 0, reason: "upgrade refused" }));
      // Asking the time is answered once the room has taken the connection (or it is closed instead).
      socket.on("open", () => socket.send(encodeFacilitationFrame({ type: "clock", sentAt: 0 })));
      socket.once("message", () => resolve({ socket, closed }));
      void closed.then((close) => resolve(close));
    });
  }

  async function opened(sessionId: string, cookie: string, view?: "phone"): Promise<OpenSocket> {
    const result = await connect(sessionId, cookie, view);
    if (!("socket" in result)) throw new Error(`expected an open connection, got ${JSON.stringify(result)}`);
    return result;
  }

  const command = (sessionId: string, fields: Record<string, string>, cookie = facilitator) =>
    fetch(`${base}/sessions/${sessionId}/participants`, {
      method: "POST",
      headers: { Origin: base, Cookie: cookie },
      body: new URLSearchParams(fields),
      redirect: "manual",
    });
  const page = (path: string, cookie: string) => fetch(`${base}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
  const upgrade = (sessionId: string, cookie: string) => tryUpgrade(`${wsBase}/${sessionId}`, { Origin: base, Cookie: cookie });
  const cookieOf = (setCookie: string | null) => setCookie!.split(";")[0];

  it("a session takes its cap of participants, then says plainly that it is full; racing for the last seats seats exactly the cap", async () => {
    const session = await newSession();
    const answers = await Promise.all(
      ["Awa", "Bilal", "Chloé", "Dario", "Eva", "Fred"].map((name) => ask("POST /join", session.joinCode, { name })),
    );
    // Seated: answered with the phone screen itself (server/http/remix-pages.ts) and the seat's cookie.
    const seated = answers.filter((answer) => answer.status === 200);
    expect(seated).toHaveLength(3);
    for (const answer of seated) expect(answer.setCookie).toMatch(/^atelier_p_/);
    for (const refused of answers.filter((answer) => answer.status !== 200)) {
      expect(refused.status).toBe(409);
      expect(refused.text).toContain("Cet atelier est complet");
      expect(refused.setCookie).toBeNull();
    }
    expect(await database.db.participant.count({ where: { sessionId: session.id } })).toBe(3);

    // Its own capacity, when set, is the cap; joining again from the same browser takes no other seat.
    const small = await newSession();
    await database.db.groupSession.update({ where: { id: small.id }, data: { capacity: 1 } });
    const first = await ask("POST /join.data", small.joinCode, { name: "Awa" });
    expect(first.status).toBe(202); // single fetch: a redirect is told in the body and a header
    const again = await ask("POST /join", small.joinCode, { name: "Awa", cookie: cookieOf(first.setCookie) });
    expect([again.status, again.setCookie]).toEqual([200, null]);
    expect(again.text).toContain(`/contribute/${small.id}`);
    const other = await ask("POST /join/<code>", small.joinCode, { name: "Bilal" });
    expect(other.status).toBe(409);
  });

  it("one token opens at most 3 board connections: the 4th is closed with 1013 and a French reason", async () => {
    const session = await newSession();
    const cookie = await participantCookie(database.db, session.id, "Awa");
    const three = [await opened(session.id, cookie), await opened(session.id, cookie, "phone"), await opened(session.id, cookie)];
    const fourth = await connect(session.id, cookie);
    expect(fourth).toEqual({ code: 1013, reason: expect.stringContaining("écrans") });
    // Another person is not counted against Awa; the facilitator has no such limit.
    await opened(session.id, await participantCookie(database.db, session.id, "Bilal"));
    for (let i = 0; i < 4; i++) await opened(session.id, facilitator);
    // One tab closed, one may open.
    three[0].socket.close();
    await three[0].closed;
    let retried = await connect(session.id, cookie);
    // The server may see the close a moment after the client: one refusal at most.
    if (!("socket" in retried)) retried = await connect(session.id, cookie);
    expect("socket" in retried).toBe(true);
  });

  it("removing a participant closes all their screens at once, and their token opens nothing after", async () => {
    const session = await newSession();
    const joined = await ask("POST /join", session.joinCode, { name: "Awa" });
    const cookie = cookieOf(joined.setCookie);
    const bystander = await participantCookie(database.db, session.id, "Bilal");
    const board = await opened(session.id, cookie);
    const phone = await opened(session.id, cookie, "phone");
    const other = await opened(session.id, bystander);
    const awa = await database.db.participant.findFirstOrThrow({ where: { sessionId: session.id, displayName: "Awa" } });

    // The list with ids is for the facilitator only.
    const list = await page(`/sessions/${session.id}/participants.data`, facilitator);
    expect(list.status).toBe(200);
    expect(await list.text()).toContain(awa.id);
    expect((await page(`/sessions/${session.id}/participants.data`, cookie)).status).not.toBe(200);

    const answer = await command(session.id, { intent: "remove", participantId: awa.id });
    expect(answer.status).toBe(200);
    const closes = await Promise.all([board.closed, phone.closed]);
    expect(closes).toEqual([
      { code: CLOSE_REMOVED, reason: expect.stringContaining("retiré") },
      { code: CLOSE_REMOVED, reason: expect.stringContaining("retiré") },
    ]);
    expect(other.socket.readyState).toBe(WebSocket.OPEN);

    expect(await upgrade(session.id, cookie)).toBe(403);
    for (const path of [`/board/${session.id}`, `/contribute/${session.id}`, `/contribute/${session.id}.data`]) {
      const response = await page(path, cookie);
      const to = response.headers.get("location") ?? response.headers.get("x-remix-redirect");
      expect(to, path).toBe("/join?raison=removed");
    }
    const explained = await page("/join?raison=removed", cookie);
    expect((await explained.text()).replace(/&#x27;/g, "'")).toContain("vous a retiré(e) de cet atelier");
    const back = await ask("POST /join", session.joinCode, { name: "Awa", cookie });
    expect(back.status).toBe(403);
    expect(back.setCookie).toBeNull();
  });

  it("only a facilitator of the session's structure can remove, and only that session's participants; odd requests are refused plainly", async () => {
    const session = await newSession();
    const cookie = await participantCookie(database.db, session.id, "Awa");
    const awa = await database.db.participant.findFirstOrThrow({ where: { sessionId: session.id } });
    const socket = await opened(session.id, cookie);
    const stranger = await createFacilitatorWithSession(database.db);
    const strangerCookie = await professionalCookie(database.db, stranger.user.id);
    expect((await command(session.id, { intent: "remove", participantId: awa.id }, strangerCookie)).status).toBe(404);
    expect((await command(stranger.sessionId, { intent: "remove", participantId: awa.id })).status).toBe(404);
    expect((await command(session.id, { intent: "remove", participantId: awa.id }, cookie)).status).toBe(302); // to sign-in
    const odd: Record<string, string>[] = [
      { intent: "remove" },
      { intent: "delete", participantId: awa.id },
      { intent: "waitingRoom", on: "yes" },
      { participantId: awa.id },
    ];
    for (const fields of odd) {
      expect((await command(session.id, fields)).status, JSON.stringify(fields)).toBe(400);
    }
    expect((await database.db.participant.findUniqueOrThrow({ where: { id: awa.id } })).revokedAt).toBeNull();
    expect(socket.socket.readyState).toBe(WebSocket.OPEN);
  });

  it("a participant token expires after the session's day: the board and the pages refuse it", async () => {
    const session = await sessionOn(database.db, setup.user.id, setup.structure.id, -4);
    const cookie = await participantCookie(database.db, session.id, "Awa");
    expect(await upgrade(session.id, cookie)).toBe(403);
    expect((await page(`/contribute/${session.id}`, cookie)).headers.get("location")).toBe("/join?raison=ended");
    // The facilitator still opens it.
    expect(await upgrade(session.id, facilitator)).toBe("open");
  });

  it("waiting room: newcomers wait, cannot open the board until let in; turned away, they stay out", async () => {
    const session = await newSession();
    expect((await command(session.id, { intent: "waitingRoom", on: "true" })).status).toBe(200);
    const bilal = await ask("POST /join", session.joinCode, { name: "Bilal" });
    expect(bilal.location).toBe(`/attente/${session.id}`);
    const cookie = cookieOf(bilal.setCookie);
    expect(await upgrade(session.id, cookie)).toBe(403);
    const waiting = await page(`/attente/${session.id}`, cookie);
    expect(waiting.status).toBe(200);
    expect((await waiting.text()).replace(/&#x27;/g, "'")).toContain("L'animatrice va vous faire entrer");
    expect((await page(`/contribute/${session.id}`, cookie)).headers.get("location")).toBe(`/attente/${session.id}`);

    const id = (await database.db.participant.findFirstOrThrow({ where: { sessionId: session.id, displayName: "Bilal" } })).id;
    expect((await command(session.id, { intent: "admit", participantId: id })).status).toBe(200);
    expect(await upgrade(session.id, cookie)).toBe("open");
    expect((await page(`/attente/${session.id}`, cookie)).headers.get("location")).toBe(`/contribute/${session.id}`);
    // Admitting someone already in changes nothing.
    expect((await command(session.id, { intent: "admit", participantId: id })).status).toBe(404);

    const chloe = cookieOf((await ask("POST /join", session.joinCode, { name: "Chloé" })).setCookie);
    const chloeId = (await database.db.participant.findFirstOrThrow({ where: { sessionId: session.id, displayName: "Chloé" } })).id;
    expect((await command(session.id, { intent: "refuse", participantId: chloeId })).status).toBe(200);
    expect(await upgrade(session.id, chloe)).toBe(403);
    expect((await page(`/attente/${session.id}`, chloe)).headers.get("location")).toBe("/join?raison=turned-away");

    // Turning the waiting room off opens the door to whoever still waits.
    const dario = cookieOf((await ask("POST /join", session.joinCode, { name: "Dario" })).setCookie);
    expect(await upgrade(session.id, dario)).toBe(403);
    expect((await command(session.id, { intent: "waitingRoom", on: "false" })).status).toBe(200);
    expect(await upgrade(session.id, dario)).toBe("open");
    expect(await upgrade(session.id, chloe)).toBe(403);
  });
});
