// Sign-in cannot be turned against the people it protects, tried as an attacker would: guessing a
// password from one place pauses that place, never the real person elsewhere; the client address
// comes from X-Forwarded-For only when TRUST_PROXY says so; a redirect target never leaves the site.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { professionalViewer } from "../app/diagnostic/access.server.js";
import { createSignInCode } from "../app/diagnostic/sign-in-codes.server.js";
import { SIGN_IN_CODE_MAX_FAILURES } from "../app/diagnostic/sign-in-throttle.server.js";
import { LOGIN_MAX_FAILURES } from "../app/auth/login-throttle.server.js";
import { createFacilitatorWithSession, createTestDatabase, professionalCookie, type TestDatabase } from "./support/fixtures.js";
import { freePort, startServerProcess, stopGracefully, type ServerProcess } from "./support/server-process.js";

type Account = { email: string; password: string; user: { id: string }; structure: { id: string } };
const PAUSED = /Trop d&#x27;essais pour ce compte depuis cet appareil\. Réessayez dans (\d+) (min|h)\./;

describe("signing in", () => {
  let database: TestDatabase;
  const servers: ServerProcess[] = [];
  let behindProxy: string; // TRUST_PROXY=loopback: X-Forwarded-For names the client
  let direct: string; // no TRUST_PROXY: X-Forwarded-For is just text

  beforeAll(async () => {
    database = await createTestDatabase();
    const start = async (env: Record<string, string>) => {
      const port = await freePort();
      servers.push(await startServerProcess({ DATABASE_URL: database.url, PORT: String(port), ...env }));
      return `http://127.0.0.1:${port}`;
    };
    [behindProxy, direct] = await Promise.all([start({ TRUST_PROXY: "loopback" }), start({})]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(servers.map(stopGracefully));
    await database.cleanup();
  });

  const post = (base: string, path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: { Origin: base, ...headers },
      redirect: "manual",
    });
  const signIn = (base: string, account: { email: string; password: string }, from?: string, redirectTo?: string) =>
    post(
      base,
      "/login",
      { email: account.email, password: account.password, ...(redirectTo ? { redirectTo } : {}) },
      from ? { "X-Forwarded-For": from } : {},
    );
  const newAccount = () => createFacilitatorWithSession(database.db) as Promise<Account>;

  it("a stranger guessing from one address does not lock the real person out from another", async () => {
    const awa = await newAccount();
    for (let attempt = 0; attempt < LOGIN_MAX_FAILURES + 3; attempt++) {
      const wrong = await signIn(behindProxy, { email: awa.email, password: `devine-${attempt}` }, "203.0.113.7");
      expect([400, 429]).toContain(wrong.status);
    }
    const stranger = await signIn(behindProxy, { email: ` ${awa.email.toUpperCase()} `, password: awa.password }, "203.0.113.7");
    expect(stranger.status).toBe(429);
    expect(Number(stranger.headers.get("retry-after"))).toBeGreaterThan(10 * 60);
    expect(await stranger.text()).toMatch(PAUSED);

    const real = await signIn(behindProxy, awa, "198.51.100.20");
    expect(real.status).toBe(302);
    expect(real.headers.get("set-cookie")).toMatch(/^atelier_session=/);
  });

  it("prepending addresses to X-Forwarded-For does not make the guesser someone new", async () => {
    const bilal = await newAccount();
    for (let attempt = 0; attempt < LOGIN_MAX_FAILURES; attempt++) {
      expect((await signIn(behindProxy, { email: bilal.email, password: "faux" }, `10.9.8.${attempt}, 203.0.113.8`)).status).toBe(400);
    }
    for (const forged of ["198.51.100.20, 203.0.113.8", "unknown, 203.0.113.8", "203.0.113.8"]) {
      expect((await signIn(behindProxy, bilal, forged)).status).toBe(429);
    }
  });

  it("without TRUST_PROXY a forged X-Forwarded-For is ignored: the guesser stays paused", async () => {
    const chloe = await newAccount();
    for (let attempt = 0; attempt < LOGIN_MAX_FAILURES; attempt++) {
      expect((await signIn(direct, { email: chloe.email, password: "faux" }, `192.0.2.${attempt + 1}`)).status).toBe(400);
    }
    expect((await signIn(direct, chloe, "192.0.2.200")).status).toBe(429);
    expect((await signIn(direct, chloe)).status).toBe(429);
  });

  it("personal-space codes: guessing from one address pauses that address only", async () => {
    const pro = await newAccount();
    const personId = (await database.db.person.create({ data: { structureId: pro.structure.id, displayName: "Awa" } })).id;
    const viewer = await professionalViewer(database.db, pro.user.id);
    const enter = (code: string, from: string) => post(behindProxy, "/espace/connexion", { code }, { "X-Forwarded-For": from });
    for (let attempt = 0; attempt < SIGN_IN_CODE_MAX_FAILURES; attempt++) {
      expect((await enter(`FAUX${String(attempt).padStart(4, "0")}`, "203.0.113.30")).status).toBe(400);
    }
    const { code } = await createSignInCode(database.db, viewer, personId);
    const paused = await enter(code, "203.0.113.30");
    expect(paused.status).toBe(429);
    expect(await paused.text()).toMatch(/Il y a eu trop d&#x27;essais\. Attendez 1[45] min, puis réessayez\./);
    const fromElsewhere = await enter(code, "198.51.100.30");
    expect(fromElsewhere.status).toBe(302);
    expect(fromElsewhere.headers.get("location")).toBe("/espace");
  });

  describe("after signing in, only a path of this site is followed", () => {
    // One professional for the whole matrix: a right password clears the count each time.
    let shared: Promise<Account> | null = null;
    const newAccount = () => (shared ??= createFacilitatorWithSession(database.db) as Promise<Account>);
    const hostile = [
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "https://evil.example/sessions",
      "/%2F%2Fevil.example",
      "/%5Cevil.example",
      "/%255Cevil.example",
      "/.//evil.example",
      "/\t/evil.example",
      "/%0d%0aSet-Cookie:%20x=1",
      "javascript:alert(1)",
    ];
    it.each(hostile)("the sign-in form's redirectTo %j goes to /sessions", async (target) => {
      const account = await newAccount();
      const answer = await signIn(direct, account, undefined, target);
      expect(answer.status).toBe(302);
      expect(answer.headers.get("location")).toBe("/sessions");
    });

    it.each(hostile)("a signed-in visit to /login?redirectTo=%j goes to /sessions", async (target) => {
      const account = await newAccount();
      const cookie = await professionalCookie(database.db, account.user.id);
      const answer = await fetch(`${direct}/login?redirectTo=${encodeURIComponent(target)}`, {
        headers: { Cookie: cookie },
        redirect: "manual",
      });
      expect(answer.status).toBe(302);
      expect(answer.headers.get("location")).toBe("/sessions");
    });

    it.each(hostile)("the structure switcher's redirectTo %j goes to /structures", async (target) => {
      const account = await newAccount();
      const cookie = await professionalCookie(database.db, account.user.id);
      const answer = await post(direct, "/structures", { structureId: account.structure.id, redirectTo: target }, { Cookie: cookie });
      expect(answer.status).toBe(302);
      expect(answer.headers.get("location")).toBe("/structures");
    });

    it("a path of this site is followed, query and all", async () => {
      const account = await newAccount();
      const answer = await signIn(direct, account, undefined, "/people?vue=liste#haut");
      expect(answer.headers.get("location")).toBe("/people?vue=liste#haut");
    });
  });
});
