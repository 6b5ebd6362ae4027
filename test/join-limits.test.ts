// Join codes cannot be searched: every route and encoding that looks a code up is counted per client
// address and across all addresses, answers 429 in French past its budget, and a session that no
// longer takes people in answers strangers exactly like a code that does not exist.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFacilitatorWithSession, createTestDatabase, participantCookie, type TestDatabase } from "./support/fixtures.js";
import { joiningClient, ROUTES, sessionOn, type Answer } from "./support/joining.js";
import { freePort, startServerProcess, stopGracefully, type ServerProcess } from "./support/server-process.js";

const TOO_MANY = /Trop d'essais, réessayez dans (\d+) minute\(s\)\./;

async function startWith(database: TestDatabase, limits: Record<string, string>) {
  const port = await freePort();
  // Each test speaks from its own address (X-Forwarded-For, believed from a loopback proxy only).
  const server = await startServerProcess({ DATABASE_URL: database.url, PORT: String(port), TRUST_PROXY: "loopback", ...limits });
  return { server, ask: joiningClient(`http://127.0.0.1:${port}`) };
}

/** What a stranger could compare: status and body, without the code they typed and the page's one-time CSP nonce. */
function shape(answer: Answer, code: string) {
  return {
    status: answer.status,
    text: answer.text
      .split(code)
      .join("<code>")
      .replace(/nonce="[^"]*"/g, 'nonce=""'),
  };
}

describe("join codes per client address", () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let ask: ReturnType<typeof joiningClient>;
  let open: { joinCode: string; title: string };
  let closed: { id: string; joinCode: string };
  let past: { id: string; joinCode: string };

  beforeAll(async () => {
    database = await createTestDatabase();
    const setup = await createFacilitatorWithSession(database.db);
    open = await database.db.groupSession.findUniqueOrThrow({ where: { id: setup.sessionId } });
    closed = await sessionOn(database.db, setup.user.id, setup.structure.id, 1);
    await database.db.groupSession.update({ where: { id: closed.id }, data: { closedAt: new Date() } });
    past = await sessionOn(database.db, setup.user.id, setup.structure.id, -3);
    ({ server, ask } = await startWith(database, {
      JOIN_MAX_REQUESTS_PER_MINUTE: "20",
      JOIN_MAX_UNKNOWN_PER_ADDRESS: "4",
      JOIN_MAX_UNKNOWN_PER_MINUTE: "1000",
    }));
  });
  afterAll(async () => {
    await stopGracefully(server);
    await database.cleanup();
  });

  it("after a few unknown codes, every route and spelling answers 429 in French to that address, and only to it", async () => {
    const from = "203.0.113.10";
    const guesses = ["ZZZZZ2", "zzzzz3", "ZZZ-ZZ4", "ZZZ ZZ5"];
    const routes = ["POST /join", "POST /join.data", "GET /join/<code>", "GET /join/<code>.data"] as const;
    for (const [index, guess] of guesses.entries()) {
      const answer = await ask(routes[index], guess, { from });
      expect(answer.status, routes[index]).toBe(routes[index].startsWith("POST") ? 404 : 200);
      expect(answer.text).not.toMatch(TOO_MANY);
    }
    for (const route of ROUTES) {
      for (const code of ["ZZZZZ6", open.joinCode, open.joinCode.toLowerCase()]) {
        const answer = await ask(route, code, { from });
        expect(answer.status, `${route} ${code}`).toBe(429);
        expect(answer.text, `${route} ${code}`).toMatch(TOO_MANY);
        expect(answer.text).not.toContain(open.title);
        expect(answer.setCookie).toBeNull();
      }
    }
    const elsewhere = await ask("GET /join/<code>", open.joinCode, { from: "203.0.113.11" });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.text).toContain(open.title);
  });

  it("a known code gives back its count: people who type the right code are never paused for it", async () => {
    const from = "203.0.113.20";
    for (let i = 0; i < 8; i++) expect((await ask("GET /join/<code>.data", open.joinCode, { from })).status).toBe(200);
    expect((await ask("POST /join", "ZZZZZ7", { from })).status).toBe(404);
  });

  it("too many join requests from one address, even with the right code, answer 429 until the minute is over", async () => {
    const from = "203.0.113.30";
    let last: Answer | null = null;
    for (let i = 0; i < 21; i++) last = await ask(i % 2 ? "GET /join/<code>" : "GET /join/<code>.data", open.joinCode, { from });
    expect(last!.status).toBe(429);
    expect(last!.text.match(TOO_MANY)?.[1]).toBe("1");
  });

  it("to a stranger, a closed session's code and a long past one answer exactly like an unknown code, on every route", async () => {
    for (const [index, route] of ROUTES.entries()) {
      const unknown = shape(await ask(route, "ZZZZZ8", { from: `198.51.100.${index}` }), "ZZZZZ8");
      const whenClosed = shape(await ask(route, closed.joinCode, { from: `198.51.101.${index}` }), closed.joinCode);
      const whenPast = shape(await ask(route, past.joinCode, { from: `198.51.102.${index}` }), past.joinCode);
      expect(whenClosed, route).toEqual(unknown);
      expect(whenPast, route).toEqual(unknown);
    }
  });

  it("a closed session's code counts as unknown: a stranger probing it is paused like any other guesser", async () => {
    const from = "198.51.103.1";
    for (let i = 0; i < 4; i++) expect((await ask("POST /join.data", closed.joinCode, { from })).status).toBe(404);
    expect((await ask("POST /join.data", closed.joinCode, { from })).status).toBe(429);
  });

  it("someone who took part in a closed or past session is told it has ended, and gets no new seat", async () => {
    for (const session of [closed, past]) {
      const cookie = await participantCookie(database.db, session.id, "Awa");
      const before = await database.db.participant.count({ where: { sessionId: session.id } });
      const page = await ask("GET /join/<code>", session.joinCode, { from: "198.51.104.1", cookie });
      expect(page.status).toBe(410);
      expect(page.text).toContain("Cet atelier est terminé");
      const attempt = await ask("POST /join/<code>.data", session.joinCode, { from: "198.51.104.2", cookie });
      expect(attempt.status).toBe(410);
      expect(attempt.text).toContain("Cet atelier est terminé");
      expect(attempt.setCookie).toBeNull();
      expect(await database.db.participant.count({ where: { sessionId: session.id } })).toBe(before);
    }
  });
});

describe("join codes across all addresses (the code space)", () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let ask: ReturnType<typeof joiningClient>;
  let joinCode: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const setup = await createFacilitatorWithSession(database.db);
    ({ joinCode } = await database.db.groupSession.findUniqueOrThrow({ where: { id: setup.sessionId } }));
    ({ server, ask } = await startWith(database, { JOIN_MAX_UNKNOWN_PER_ADDRESS: "1000", JOIN_MAX_UNKNOWN_PER_MINUTE: "6" }));
  });
  afterAll(async () => {
    await stopGracefully(server);
    await database.cleanup();
  });

  it("unknown codes spread over many addresses are paused together once the minute's budget is spent", async () => {
    // Many addresses, one guess each, in parallel: the count cannot be slipped past by racing it.
    const guesses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        ask(i % 2 ? "POST /join.data" : "GET /join/<code>.data", `ZZZZ${"23456789AB"[i]}2`, { from: `192.0.2.${i + 1}` }),
      ),
    );
    expect(guesses.filter((answer) => answer.status === 429)).toHaveLength(4);
    const fresh = await ask("POST /join", joinCode, { from: "192.0.2.200" });
    expect(fresh.status).toBe(429);
    expect(fresh.text).toMatch(TOO_MANY);
  });
});
