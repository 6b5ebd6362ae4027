// Every upgrade to a board asks who holds the participant token it carries. The board server reads
// that row through its store's own connection (one prepared statement: a join storm of 400 used to
// run 400 Prisma queries on the relay's thread, about 1 ms of it each), while the pages read it
// through Prisma. Both readings must give the same person and the same standing in every case, on
// SQLite and on PostgreSQL, and the store must say "cannot tell" rather than guess.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { boardAccess, participantStanding, participantTokenRow } from "../app/auth/auth.server.js";
import type { FindParticipantToken } from "../board-core/board-access.js";
import { createDb, type Db } from "../prisma/db.js";
import { openBoardStore } from "../server/board/board-store.js";
import { createFacilitatorWithSession, createSessionFor, createTestDatabase, participantCookie } from "./support/fixtures.js";
import { createPostgresDatabase, postgresForTests } from "./support/postgres.js";

interface Backend {
  db: Db;
  url: string;
  cleanup(): Promise<void>;
}

/** A fresh migrated PostgreSQL database and its Prisma client, or null where PostgreSQL does not run (outside CI). */
async function openPostgres(): Promise<Backend | null> {
  if (!(await postgresForTests())) return null;
  const database = await createPostgresDatabase();
  const db = createDb(database.url);
  return {
    db,
    url: database.url,
    async cleanup() {
      await db.$disconnect();
      await database.drop();
    },
  };
}

const backends: [string, () => Promise<Backend | null>][] = [
  ["SQLite", () => createTestDatabase()],
  ["PostgreSQL", openPostgres],
];

describe.each(backends)("a participant token read by the board store (%s)", (_name, open) => {
  let backend: Backend | null = null;
  let store: ReturnType<typeof openBoardStore>;
  let find: FindParticipantToken;
  /** Cookie headers by case, on `sessionId` unless the case says otherwise. */
  const cookies: Record<string, string> = {};
  let sessionId = "";
  let pastSessionId = "";
  let otherSessionId = "";

  beforeAll(async () => {
    backend = await open();
    if (!backend) return;
    const { db } = backend;
    store = openBoardStore(db, backend.url);
    find = store.participantByToken;
    const { user, structure, sessionId: id } = await createFacilitatorWithSession(db);
    sessionId = id;
    otherSessionId = await createSessionFor(db, user.id, structure.id, 2);
    // Three days ago: its tokens have ended with it (docs/decisions/007).
    pastSessionId = await createSessionFor(db, user.id, structure.id, -3);
    for (const name of ["active", "waiting", "removed", "turned-away"]) cookies[name] = await participantCookie(db, sessionId, name);
    cookies.ended = await participantCookie(db, pastSessionId, "ended");
    cookies.otherSession = await participantCookie(db, otherSessionId, "ailleurs");
    const byName = async (displayName: string) => (await db.participant.findFirstOrThrow({ where: { displayName } })).id;
    const now = new Date();
    await db.participant.update({ where: { id: await byName("waiting") }, data: { waitingSince: now } });
    await db.participant.update({ where: { id: await byName("removed") }, data: { revokedAt: now } });
    await db.participant.update({ where: { id: await byName("turned-away") }, data: { waitingSince: now, revokedAt: now } });
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await backend?.cleanup();
  });

  it("reads the same row as Prisma for every token, dates to the millisecond", async (context) => {
    if (!backend) return context.skip();
    const rows = await backend.db.participant.findMany({ select: { tokenHash: true, sessionId: true } });
    expect(rows.length).toBe(6);
    for (const row of rows) {
      const fast = await find(row.sessionId, row.tokenHash);
      // Answered here, not handed back to Prisma: otherwise this test would compare Prisma with itself.
      expect(fast).not.toBeUndefined();
      expect(fast).toEqual(await participantTokenRow(backend.db, row.sessionId, row.tokenHash));
    }
  });

  it("gives every standing as the pages' reading does", async (context) => {
    if (!backend) return context.skip();
    const { db } = backend;
    const expected = {
      active: "active",
      waiting: "waiting",
      removed: "removed",
      "turned-away": "turned-away",
    } as const;
    for (const [name, standing] of Object.entries(expected)) {
      const viaStore = await participantStanding(db, cookies[name], sessionId, find);
      expect(viaStore).toEqual(await participantStanding(db, cookies[name], sessionId));
      expect(viaStore).toMatchObject({ displayName: name, standing });
    }
    const ended = await participantStanding(db, cookies.ended, pastSessionId, find);
    expect(ended).toMatchObject({ displayName: "ended", standing: "ended" });
    expect(ended).toEqual(await participantStanding(db, cookies.ended, pastSessionId));
  });

  it("opens a board only to the active token of that very session", async (context) => {
    if (!backend) return context.skip();
    const { db } = backend;
    expect(await boardAccess(db, cookies.active, sessionId, find)).toMatchObject({ role: "participant", displayName: "active" });
    expect(await boardAccess(db, cookies.waiting, sessionId, find)).toEqual({ role: "refused", why: "waiting" });
    expect(await boardAccess(db, cookies.removed, sessionId, find)).toEqual({ role: "refused", why: "removed" });
    expect(await boardAccess(db, cookies["turned-away"], sessionId, find)).toEqual({ role: "refused", why: "turned-away" });
    expect(await boardAccess(db, cookies.ended, pastSessionId, find)).toEqual({ role: "refused", why: "ended" });
    // Another session's token, even renamed to this session's cookie: it names no one here.
    expect(await boardAccess(db, cookies.otherSession, sessionId, find)).toEqual({ role: "forbidden" });
    const renamed = cookies.otherSession.replace(`atelier_p_${otherSessionId}`, `atelier_p_${sessionId}`);
    expect(await boardAccess(db, renamed, sessionId, find)).toEqual({ role: "forbidden" });
    expect(await boardAccess(db, null, sessionId, find)).toEqual({ role: "none" });
  });

  it("finds no one for crafted session ids and hashes, and never throws", async (context) => {
    if (!backend) return context.skip();
    const { tokenHash } = await backend.db.participant.findFirstOrThrow({ where: { displayName: "active" } });
    for (const crafted of [`${sessionId}' OR '1'='1`, "' OR 1=1 --", "%", `${sessionId}%`, "", "é".repeat(1000)]) {
      expect(await find(crafted, tokenHash)).toBeNull();
      expect(await find(sessionId, crafted)).toBeNull();
    }
    // PostgreSQL's text refuses NUL: "cannot tell" there (no row either way). The board socket's path
    // pattern lets no such session id through, and a token hash is hex.
    expect(await find(`${sessionId}\u0000`, tokenHash)).toBeFalsy();
    expect(await find(sessionId, `${tokenHash}\u0000`)).toBeFalsy();
    expect(await find(sessionId, tokenHash.toUpperCase())).toBeNull();
  });
});

describe("token lookups on PostgreSQL, apart from the board's writes", () => {
  it("a flood of upgrades whose lookups wait neither holds up a board's appends nor waits for ever", async (context) => {
    const backend = await openPostgres();
    if (!backend) return context.skip();
    const { db } = backend;
    const store = openBoardStore(db, backend.url);
    const outside = new pg.Client({ connectionString: backend.url });
    try {
      await outside.connect();
      const { sessionId } = await createFacilitatorWithSession(db);
      const { boardId } = (await store.load(sessionId))!;
      // Every lookup now waits on the table (as it would behind a flood of forged cookies).
      await outside.query("BEGIN");
      await outside.query(`LOCK TABLE "Participant" IN ACCESS EXCLUSIVE MODE`);
      const lookups = Array.from({ length: 12 }, (_, i) => store.participantByToken(sessionId, `${i}`.padStart(64, "0")));
      await new Promise((resolve) => setTimeout(resolve, 200));
      const doc = new Y.Doc();
      let update: Uint8Array | null = null;
      doc.on("update", (written: Uint8Array) => (update = written));
      doc.getMap("m").set("k", "v");
      const appended = await Promise.race([
        store.append(boardId, [update!]).then(() => "stored"),
        new Promise((resolve) => setTimeout(() => resolve("waiting"), 5_000)),
      ]);
      expect(appended).toBe("stored");
      // Still locked: each lookup gives up within its bound ("cannot tell", and Prisma is asked).
      const settled = await Promise.race([
        Promise.all(lookups),
        new Promise((resolve) => setTimeout(() => resolve("still waiting"), 15_000)),
      ]);
      expect(settled).toEqual(Array(12).fill(undefined));
      await outside.query("ROLLBACK");
      expect(await store.participantByToken(sessionId, "0".repeat(64))).toBeNull();
    } finally {
      await outside.end().catch(() => undefined);
      await store.close();
      await backend.cleanup();
    }
  }, 60_000);
});

describe("dates as SQLite files hold them", () => {
  /** A fresh SQLite file, its board store, and Awa, a participant of a session there. */
  async function withAwa(
    use: (awa: { db: Db; store: ReturnType<typeof openBoardStore>; sessionId: string; cookie: string }) => Promise<void>,
  ): Promise<void> {
    const database = await createTestDatabase();
    const store = openBoardStore(database.db, database.url);
    try {
      const { db } = database;
      const { sessionId } = await createFacilitatorWithSession(db);
      const cookie = await participantCookie(db, sessionId, "Awa");
      await use({ db, store, sessionId, cookie });
    } finally {
      store.close();
      await database.cleanup();
    }
  }

  it("reads the older engine's milliseconds, and hands to Prisma a date it cannot read", () =>
    withAwa(async ({ db, store, sessionId }) => {
      const { id, tokenHash } = await db.participant.findFirstOrThrow({ where: { sessionId } });
      const read = async (revokedAt: number | string) => {
        await db.$executeRawUnsafe(`UPDATE "Participant" SET "revokedAt" = ? WHERE "id" = ?`, revokedAt, id);
        return store.participantByToken(sessionId, tokenHash);
      };
      const revokedAt = Date.UTC(2026, 10, 30, 9, 15, 0, 123);
      expect((await read(revokedAt))?.revokedAt?.getTime()).toBe(revokedAt);
      expect((await read(String(revokedAt)))?.revokedAt?.getTime()).toBe(revokedAt);
      expect((await read("2026-11-30T09:15:00.123Z"))?.revokedAt?.getTime()).toBe(revokedAt);
      expect((await read("2026-11-30T11:15:00.123+02:00"))?.revokedAt?.getTime()).toBe(revokedAt);
      // Without an offset JavaScript reads local time and Prisma UTC; other shapes Prisma does not
      // read at all: the store does not guess.
      for (const text of ["hier soir", "2026-11-30 09:15:00", "2026-11-30T09:15:00.123", "11/30/2026", "Mon Nov 30 2026", ""]) {
        expect(await read(text)).toBeUndefined();
      }
    }));

  it("lets Prisma answer when it cannot: a session start without an offset, a closed connection", () =>
    withAwa(async ({ db, store, sessionId, cookie }) => {
      const pages = await participantStanding(db, cookie, sessionId);
      expect(pages).toMatchObject({ displayName: "Awa", standing: "active" });
      // As SQLite's own datetime() writes it: the store hands over, so both readings agree.
      const startsAt = (await db.groupSession.findUniqueOrThrow({ where: { id: sessionId } })).startsAt;
      const sqliteText = startsAt.toISOString().replace("T", " ").slice(0, 19);
      await db.$executeRawUnsafe(`UPDATE "GroupSession" SET "startsAt" = ? WHERE "id" = ?`, sqliteText, sessionId);
      expect(await participantStanding(db, cookie, sessionId, store.participantByToken)).toEqual(
        await participantStanding(db, cookie, sessionId),
      );
      store.close();
      expect(await participantStanding(db, cookie, sessionId, store.participantByToken)).toEqual(pages);
    }));
});
