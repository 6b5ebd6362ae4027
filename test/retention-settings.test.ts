// A structure's own retention periods (admins only, within bounds) and a person's end of accompaniment
// (her referent's professionals only), through the routes as a browser reaches them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { effectiveRetention, retentionOverridesOf } from "../app/privacy/retention.server.js";
import { RETENTION_POLICY } from "../app/privacy/retention.js";
import { runPurge } from "../app/privacy/purge.server.js";
import { action as accompanimentAction } from "../app/routes/people.$personId.accompaniment.js";
import { loader as personLoader } from "../app/routes/people.$personId._index.js";
import { action as retentionAction, loader as retentionLoader } from "../app/routes/structures.$structureId_.conservation.js";
import { createFacilitatorWithSession, createTestDatabase, professionalCookie, type TestDatabase } from "./support/fixtures.js";
import { answerOf } from "./support/route-answer.js";

const BASE = "http://localhost";
const get = (cookie: string, path: string) => new Request(`${BASE}${path}`, { headers: { Cookie: cookie } });
const post = (cookie: string, path: string, fields: Record<string, string>) =>
  new Request(`${BASE}${path}`, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(fields) });

describe("retention periods of a structure", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.cleanup());
  const context = () => ({ db: database.db, tldrawLicenseKey: null });

  async function structureWith(role: string) {
    const setup = await createFacilitatorWithSession(database.db);
    await database.db.membership.updateMany({ where: { userId: setup.user.id }, data: { role } });
    return { ...setup, cookie: await professionalCookie(database.db, setup.user.id) };
  }
  const save = (cookie: string, structureId: string, fields: Record<string, string>) =>
    answerOf(() =>
      retentionAction({
        request: post(cookie, `/structures/${structureId}/conservation`, fields),
        params: { structureId },
        context: context(),
      }),
    );

  it("an admin chooses a period within bounds: stored, and the purge and the notices read it", async () => {
    const admin = await structureWith("admin");
    const answer = await save(admin.cookie, admin.structure.id, { board: "30", outbox: "" });
    expect(answer.status).toBe(200);
    expect(await retentionOverridesOf(database.db, admin.structure.id)).toEqual({ board: 30 });
    const days = await effectiveRetention(database.db, admin.structure.id);
    expect(days.board).toBe(30);
    expect(days.outbox).toBe(RETENTION_POLICY.outbox.defaultDays);

    const page = await answerOf(() =>
      retentionLoader({
        request: get(admin.cookie, `/structures/${admin.structure.id}/conservation`),
        params: { structureId: admin.structure.id },
        context: context(),
      }),
    );
    expect(page.status).toBe(200);
    const body = page.body as { kinds: { kind: string; days: number }[]; lastRun: unknown };
    expect(body.kinds.find((kind) => kind.kind === "board")?.days).toBe(30);
    expect(body.lastRun).toBeNull();

    // Back to the default: nothing stored any more.
    expect((await save(admin.cookie, admin.structure.id, { board: String(RETENTION_POLICY.board.defaultDays) })).status).toBe(200);
    expect(await retentionOverridesOf(database.db, admin.structure.id)).toEqual({});
  });

  it("a period out of bounds, or not a whole number, is refused with a French field error and nothing is saved", async () => {
    const admin = await structureWith("admin");
    for (const value of [
      String(RETENTION_POLICY.board.maxDays + 1),
      String(RETENTION_POLICY.board.minDays - 1),
      "12.5",
      "toujours",
      "-3",
    ]) {
      const answer = await save(admin.cookie, admin.structure.id, { board: value, audit: "200" });
      expect(answer.status).toBe(400);
      expect((answer.body as { errors: Record<string, string> }).errors).toEqual({ board: "privacy.retention.error.days" });
      expect((answer.body as { values: Record<string, string> }).values.board).toBe(value);
    }
    // The audit traces can be kept a year at most (the référentiel's six months to a year).
    expect((await save(admin.cookie, admin.structure.id, { audit: "400" })).status).toBe(400);
    expect(await retentionOverridesOf(database.db, admin.structure.id)).toEqual({});
  });

  it("a member who is not an admin cannot see or change the periods (403); a stranger learns nothing (404)", async () => {
    const member = await structureWith("facilitator");
    const stranger = await structureWith("admin");
    expect((await save(member.cookie, member.structure.id, { board: "30" })).status).toBe(403);
    expect((await save(stranger.cookie, member.structure.id, { board: "30" })).status).toBe(404);
    const seen = await answerOf(() =>
      retentionLoader({
        request: get(member.cookie, `/structures/${member.structure.id}/conservation`),
        params: { structureId: member.structure.id },
        context: context(),
      }),
    );
    expect(seen.status).toBe(403);
    expect(await retentionOverridesOf(database.db, member.structure.id)).toEqual({});
  });

  it("the page shows the last run and what it removed for this structure only", async () => {
    const admin = await structureWith("admin");
    await database.db.groupSession.update({ where: { id: admin.sessionId }, data: { startsAt: new Date("2020-01-01T10:00:00Z") } });
    await database.db.board.upsert({ where: { sessionId: admin.sessionId }, create: { sessionId: admin.sessionId }, update: {} });
    await runPurge({ db: database.db, now: new Date(), log: { info() {}, error() {} } });
    const page = await answerOf(() =>
      retentionLoader({
        request: get(admin.cookie, `/structures/${admin.structure.id}/conservation`),
        params: { structureId: admin.structure.id },
        context: context(),
      }),
    );
    const lastRun = (page.body as { lastRun: { outcome: string; counts: { kind: string; action: string; count: number }[] } }).lastRun;
    expect(lastRun.outcome).toBe("done");
    expect(lastRun.counts).toContainEqual({ kind: "board", action: "deleted", count: 1 });
  });
});

describe("a person's end of accompaniment", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.cleanup());
  const context = () => ({ db: database.db, tldrawLicenseKey: null });

  it("her referent's professional sets it as a Paris day, sees it on her page, and clears it; others cannot", async () => {
    const { db } = database;
    const referent = await createFacilitatorWithSession(db);
    const cookie = await professionalCookie(db, referent.user.id);
    const person = await db.person.create({ data: { structureId: referent.structure.id, displayName: "Awa" } });
    const personId = person.id;
    const send = (who: string, fields: Record<string, string>) =>
      answerOf(() =>
        accompanimentAction({ request: post(who, `/people/${personId}/accompaniment`, fields), params: { personId }, context: context() }),
      );

    const saved = await send(cookie, { intent: "set", endedOn: "2026-03-29" });
    expect(saved.status).toBe(302);
    expect(saved.location).toBe(`/people/${personId}`);
    // Noon in Paris on that day (the day daylight saving starts), whatever the server's zone.
    expect((await db.person.findUniqueOrThrow({ where: { id: personId } })).accompanimentEndedAt?.toISOString()).toBe(
      "2026-03-29T10:00:00.000Z",
    );

    const page = await answerOf(() =>
      personLoader({ request: get(cookie, `/people/${personId}`), params: { personId }, context: context() }),
    );
    expect((page.body as { accompaniment: { endedOn: string; erasedOn: string } }).accompaniment).toMatchObject({
      endedOn: "2026-03-29",
      erasedOn: "2028-03-28",
    });

    // Not a day, or a day still to come: a French field error.
    expect(await send(cookie, { intent: "set", endedOn: "2026-02-30" })).toMatchObject({
      status: 400,
      body: { errors: { endedOn: "privacy.accompaniment.error.day" } },
    });
    expect(await send(cookie, { intent: "set", endedOn: "2999-01-01" })).toMatchObject({ status: 400 });
    expect((await send(cookie, { intent: "nonsense" })).status).toBe(400);

    // A professional of another structure, even one the person shared her diagnostic with: 404.
    const other = await createFacilitatorWithSession(db);
    const otherCookie = await professionalCookie(db, other.user.id);
    await db.consentGrant.create({ data: { personId, structureId: other.structure.id, expiresAt: new Date(Date.now() + 86_400_000) } });
    expect((await send(otherCookie, { intent: "clear" })).status).toBe(404);
    const seenByOther = await answerOf(() =>
      personLoader({ request: get(otherCookie, `/people/${personId}`), params: { personId }, context: context() }),
    );
    expect((seenByOther.body as { accompaniment: unknown }).accompaniment).toBeNull();

    expect((await send(cookie, { intent: "clear" })).status).toBe(302);
    expect((await db.person.findUniqueOrThrow({ where: { id: personId } })).accompanimentEndedAt).toBeNull();
  });
});
