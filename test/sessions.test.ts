import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { boardAccess, signOutProfessional, findProfessional, verifyLogin } from "../app/auth/auth.server.js";
import { joinAction } from "../app/sessions/join.server.js";
import { joinSchema, JOIN_CODE_ALPHABET, newSessionSchema, normalizeJoinCode } from "../app/sessions/sessions.schema.js";
import { createSession, findSessionByJoinCode, generateJoinCode, listSessionsForUser } from "../app/sessions/sessions.server.js";
import {
  createFacilitatorWithSession,
  createTestDatabase,
  professionalCookie,
  participantCookie,
  type TestDatabase,
} from "./support/fixtures.js";

const validForm = {
  structureId: "org",
  kind: "information_session" as const,
  title: "Information collective de décembre",
  date: "2036-12-08",
  time: "09:30",
  place: "Salle 2",
  templateId: "information-avant-diagnostic",
};

describe("join codes", () => {
  it("have 6 characters and never a look-alike (0/O, 1/I/L)", () => {
    for (let i = 0; i < 2000; i++) {
      const code = generateJoinCode();
      expect(code).toMatch(/^[A-Z2-9]{6}$/);
      expect(code).not.toMatch(/[01OIL]/);
    }
    expect(JOIN_CODE_ALPHABET).not.toMatch(/[01OIL]/);
  });

  it("forgive lower case, spaces and dashes when typed", () => {
    expect(normalizeJoinCode(" ab-c 2d3 ")).toBe("ABC2D3");
    expect(joinSchema.safeParse({ code: "abc 2d3", displayName: "Awa" }).success).toBe(true);
  });

  it("reject a code of the wrong length or with a look-alike, with a French message key", () => {
    const short = joinSchema.safeParse({ code: "ABC", displayName: "Awa" });
    expect(short.success).toBe(false);
    expect(short.error?.issues[0].message).toBe("join.error.code");
    expect(joinSchema.safeParse({ code: "ABC0D1", displayName: "Awa" }).success).toBe(false);
    expect(joinSchema.safeParse({ code: "ABC2D3", displayName: "   " }).error?.issues[0].message).toBe("join.error.name");
  });
});

describe("the new-session form", () => {
  it("accepts a complete form, online or with a place", () => {
    expect(newSessionSchema.safeParse(validForm).success).toBe(true);
    expect(newSessionSchema.safeParse({ ...validForm, place: "", online: "on" }).success).toBe(true);
  });

  it("names each wrong field", () => {
    const result = newSessionSchema.safeParse({ ...validForm, title: "x", date: "2026-02-30", time: "25:00", place: "" });
    const fields = Object.fromEntries(result.error!.issues.map((issue) => [issue.path[0], issue.message]));
    expect(fields).toMatchObject({
      title: "session.error.title",
      date: "session.error.date",
      time: "session.error.time",
      place: "session.error.place",
    });
  });
});

describe("sessions", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.cleanup());

  it("a session is created with a unique code, its template's agenda and a board, at Paris time", async () => {
    const { user, structure } = await createFacilitatorWithSession(database.db);
    const result = await createSession(database.db, user.id, {
      ...validForm,
      structureId: structure.id,
      online: false,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const session = await database.db.groupSession.findUniqueOrThrow({
      where: { id: result.sessionId },
      include: { board: { include: { updates: true } } },
    });
    expect(session.startsAt.toISOString()).toBe("2036-12-08T08:30:00.000Z");
    expect((session.agenda as { id: string }[]).map((phase) => phase.id)[0]).toBe("accueil");
    expect(session.board?.updates).toHaveLength(1);
    expect(await findSessionByJoinCode(database.db, session.joinCode)).toMatchObject({ id: session.id });
  });

  it("refuses a template of another kind, and a structure the professional is not in", async () => {
    const { user, structure } = await createFacilitatorWithSession(database.db);
    const other = await createFacilitatorWithSession(database.db);
    const wrongKind = await createSession(database.db, user.id, {
      ...validForm,
      online: false,
      structureId: structure.id,
      kind: "practice_exchange",
    });
    expect(wrongKind).toEqual({ ok: false, errors: { templateId: "session.error.template" } });
    const wrongStructure = await createSession(database.db, user.id, {
      ...validForm,
      online: false,
      structureId: other.structure.id,
    });
    expect(wrongStructure).toEqual({ ok: false, errors: { structureId: "session.error.structure" } });
  });

  it("a professional lists only the sessions of their own structures", async () => {
    const mine = await createFacilitatorWithSession(database.db);
    const theirs = await createFacilitatorWithSession(database.db);
    const listed = await listSessionsForUser(database.db, mine.user.id);
    expect(listed.map((session) => session.id)).toEqual([mine.sessionId]);
    expect(listed.map((session) => session.id)).not.toContain(theirs.sessionId);
  });
});

describe("who may open a board", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.cleanup());

  it("signs in with the right password only", async () => {
    const { email, password, user } = await createFacilitatorWithSession(database.db);
    expect((await verifyLogin(database.db, email.toUpperCase(), password))?.id).toBe(user.id);
    expect(await verifyLogin(database.db, email, "mauvais")).toBeNull();
    expect(await verifyLogin(database.db, "personne@exemple.fr", password)).toBeNull();
  });

  it("a revoked session no longer opens anything", async () => {
    const { user, sessionId } = await createFacilitatorWithSession(database.db);
    const cookie = await professionalCookie(database.db, user.id);
    expect((await boardAccess(database.db, cookie, sessionId)).role).toBe("facilitator");
    await signOutProfessional(database.db, new Request("http://localhost/", { headers: { Cookie: cookie } }));
    expect(await findProfessional(database.db, cookie)).toBeNull();
    expect((await boardAccess(database.db, cookie, sessionId)).role).toBe("none");
  });

  it("a participant opens only the board of the session they joined", async () => {
    const first = await createFacilitatorWithSession(database.db);
    const second = await createFacilitatorWithSession(database.db);
    const cookie = await participantCookie(database.db, first.sessionId, "Awa");
    expect(await boardAccess(database.db, cookie, first.sessionId)).toEqual({
      role: "participant",
      displayName: "Awa",
      personKey: `participant:${(await database.db.participant.findFirstOrThrow({ where: { sessionId: first.sessionId } })).id}`,
    });
    expect((await boardAccess(database.db, cookie, second.sessionId)).role).toBe("forbidden");
    const stored = await database.db.participant.findFirstOrThrow({ where: { sessionId: first.sessionId } });
    expect(cookie).not.toContain(stored.tokenHash);
  });
});

describe("joining a session by its code", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.cleanup());

  async function join(fields: Record<string, string>) {
    const request = new Request("http://localhost/join", { method: "POST", body: new URLSearchParams(fields) });
    return joinAction(request, { db: database.db, tldrawLicenseKey: null });
  }

  it("the first button (and Enter) opens the phone screen, the second the whole board, each with the participant's cookie", async () => {
    const { sessionId } = await createFacilitatorWithSession(database.db);
    const { joinCode } = await database.db.groupSession.findUniqueOrThrow({ where: { id: sessionId } });
    const cases = [
      { view: "phone", to: `/contribute/${sessionId}` },
      { view: undefined, to: `/contribute/${sessionId}` },
      { view: "board", to: `/board/${sessionId}` },
      { view: "anything-else", to: `/contribute/${sessionId}` },
    ];
    for (const { view, to } of cases) {
      const answer = await join({ code: joinCode.toLowerCase(), displayName: "Awa", ...(view ? { view } : {}) });
      if (!(answer instanceof Response)) throw new Error(`expected a redirect, got ${JSON.stringify(answer)}`);
      expect(answer.status, String(view)).toBe(302);
      expect(answer.headers.get("Location"), String(view)).toBe(to);
      const cookie = answer.headers.get("Set-Cookie")!.split(";")[0];
      expect((await boardAccess(database.db, cookie, sessionId)).role).toBe("participant");
    }
    expect(await database.db.participant.count({ where: { sessionId } })).toBe(cases.length);
  });

  it("a join is always answered with a redirect, whatever else the form carries, and the same browser keeps one seat", async () => {
    const { sessionId } = await createFacilitatorWithSession(database.db);
    const { joinCode } = await database.db.groupSession.findUniqueOrThrow({ where: { id: sessionId } });
    const context = { db: database.db, tldrawLicenseKey: null };
    // handOver: the field an earlier join form added to be answered with the screen's data (decision 024 removed it).
    const first = await join({ code: joinCode, displayName: "Awa", view: "phone", handOver: "1" });
    if (!(first instanceof Response)) throw new Error(`expected a redirect, got ${JSON.stringify(first)}`);
    expect(first.headers.get("Location")).toBe(`/contribute/${sessionId}`);
    const cookie = first.headers.get("Set-Cookie")!.split(";")[0];
    expect((await boardAccess(database.db, cookie, sessionId)).role).toBe("participant");

    // The same browser again: its seat, no second one, no new cookie.
    const again = await joinAction(
      new Request("http://localhost/join", {
        method: "POST",
        headers: { Cookie: `other=1; ${cookie}` },
        body: new URLSearchParams({ code: joinCode, displayName: "Awa", handOver: "1" }),
      }),
      context,
    );
    expect(again instanceof Response && again.status).toBe(302);
    expect(again instanceof Response && again.headers.get("Location")).toBe(`/contribute/${sessionId}`);
    expect(again instanceof Response && again.headers.get("Set-Cookie")).toBeNull();
    expect(await database.db.participant.count({ where: { sessionId } })).toBe(1);
  });

  it("an unknown code registers nobody and gives back what was typed", async () => {
    const answer = await join({ code: "ZZZZZZ", displayName: "Léa", view: "phone" });
    expect(answer).not.toBeInstanceOf(Response);
    expect(answer).toMatchObject({
      data: { errors: { code: "join.error.unknown" }, values: { code: "ZZZZZZ", displayName: "Léa" } },
      init: { status: 404 },
    });
  });
});
