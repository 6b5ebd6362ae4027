// The PostgreSQL board store commits the appends of every room in groups (board-store-pg.ts,
// docs/decisions/010): batches that arrive while commits are in flight go together in one statement.
// What must hold whatever the grouping: each board's updates stored in order and none lost; an
// update relayed only once its group is committed; a board whose write fails breaks its own room
// only (nothing relayed, the registry reloads it from the store), never the others of its group.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { migrateDeploy } from "../scripts/migrate-engine.js";
import { createPgBoardStore } from "../server/board/board-store-pg.js";
import { encodeUpdate } from "../server/board/protocol.js";
import { CLOSE } from "../server/board/room.js";
import { RoomRegistry } from "../server/board/room-registry.js";
import { createDb, type Db } from "../prisma/db.js";
import { noteTexts, putNote } from "./support/board-notes.js";
import { fakeConnection } from "./support/fake-connection.js";
import { createFacilitatorWithSession } from "./support/fixtures.js";
import { adminQuery, postgresUrl } from "./support/postgres.js";

const name = `atelier_test_${randomUUID().replaceAll("-", "")}`;
const url = postgresUrl(name);
let db: Db;
let store: ReturnType<typeof createPgBoardStore>;
/** A connection of the test's own, beside the store's pool: it holds locks and reads what is committed. */
let outside: pg.Client;

beforeAll(async () => {
  await adminQuery(`CREATE DATABASE "${name}"`);
  await migrateDeploy(url);
  db = createDb(url);
  store = createPgBoardStore(url);
  outside = new pg.Client({ connectionString: url });
  await outside.connect();
});

afterAll(async () => {
  await outside?.end();
  await store?.close();
  await db?.$disconnect();
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

async function newBoard(): Promise<{ sessionId: string; boardId: string; stored: number }> {
  const { sessionId } = await createFacilitatorWithSession(db);
  const loaded = (await store.load(sessionId))!;
  return { sessionId, boardId: loaded.boardId, stored: loaded.updates.length };
}

async function newBoards(count: number): Promise<Awaited<ReturnType<typeof newBoard>>[]> {
  const boards = [];
  for (let index = 0; index < count; index++) boards.push(await newBoard());
  return boards;
}

/** What is committed for a board, read from outside the store. */
async function committed(boardId: string): Promise<Uint8Array[]> {
  const { rows } = await outside.query<{ data: Buffer }>(`SELECT "data" FROM "BoardUpdate" WHERE "boardId" = $1 ORDER BY "seq"`, [boardId]);
  return rows.map((row) => new Uint8Array(row.data));
}

/**
 * Until `count` of the store's connections wait for the lock `outside` holds on the log: a state,
 * not a delay. (A statement not yet prepared on its connection waits while being parsed, before
 * pg_stat_activity shows its text: so any wait on a lock in this database counts.)
 */
async function insertsWaiting(count: number): Promise<void> {
  for (;;) {
    const { rows } = await outside.query<{ waiting: number }>(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (rows[0].waiting >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const update = (board: number, index: number, size = 1) => new Uint8Array(size).fill((board * 31 + index) % 251);

describe("group commit of board appends on PostgreSQL", () => {
  it("stores every board's updates in order and loses none, whatever arrives together", async () => {
    const boards = await newBoards(6);
    const sent = boards.map(() => [] as Uint8Array[]);
    // Like rooms: each board appends one batch at a time, all boards at once, batches of 1–5 updates.
    await Promise.all(
      boards.map(async ({ boardId }, board) => {
        for (let index = 0; index < 40; index++) {
          const batch = Array.from({ length: 1 + ((index + board) % 5) }, (_, k) =>
            update(board, index * 5 + k, 1 + ((index * 7 + k) % 300)),
          );
          sent[board].push(...batch);
          await store.append(boardId, batch);
        }
      }),
    );
    // And a caller that does not wait: its batches are still stored in the order they were given.
    const eager = await newBoard();
    const eagerSent = Array.from({ length: 60 }, (_, index) => [update(9, index, 1 + (index % 17)), update(9, index + 1000, 2)]);
    await Promise.all(eagerSent.map((batch) => store.append(eager.boardId, batch)));

    for (const [board, { boardId, stored }] of boards.entries()) expect((await committed(boardId)).slice(stored)).toEqual(sent[board]);
    expect((await committed(eager.boardId)).slice(eager.stored)).toEqual(eagerSent.flat());
  });

  it("fails only the board whose rows are refused, even when its batch went with others", async () => {
    const [first, second, failing, fine] = await newBoards(4);
    await outside.query(`ALTER TABLE "BoardUpdate" ADD CONSTRAINT "test_refuse_one" CHECK ("boardId" <> '${failing.boardId}') NOT VALID`);
    try {
      // Two commits held by a lock fill the store's commits in flight; the next two appends wait
      // together for a group of their own.
      await outside.query("BEGIN");
      await outside.query(`LOCK TABLE "BoardUpdate" IN SHARE MODE`);
      const held = [store.append(first.boardId, [update(1, 1)]), store.append(second.boardId, [update(2, 1)])];
      await insertsWaiting(2);
      const refused = store.append(failing.boardId, [update(3, 1)]);
      const kept = store.append(fine.boardId, [update(4, 1), update(4, 2)]);
      const refusedOutcome = refused.then(
        () => "stored",
        (error: Error) => error.message,
      );
      await outside.query("COMMIT");

      await Promise.all([...held, kept]);
      expect(await refusedOutcome).toMatch(/test_refuse_one/);
      expect((await committed(fine.boardId)).slice(fine.stored)).toEqual([update(4, 1), update(4, 2)]);
      expect((await committed(failing.boardId)).slice(failing.stored)).toEqual([]);
      expect((await committed(first.boardId)).slice(first.stored)).toEqual([update(1, 1)]);
    } finally {
      await outside.query("ROLLBACK").catch(() => undefined);
      await outside.query(`ALTER TABLE "BoardUpdate" DROP CONSTRAINT IF EXISTS "test_refuse_one"`);
    }
  });
});

describe("a room on PostgreSQL", () => {
  it("relays an update only once the group that holds it is committed", async () => {
    const { sessionId, boardId } = await newBoard();
    const registry = new RoomRegistry(store, {}, () => undefined);
    try {
      const writer = fakeConnection();
      const reader = fakeConnection();
      const room = await registry.connect(sessionId, writer.connection);
      await registry.connect(sessionId, reader.connection);
      await room.settle();
      const before = reader.frames.length;
      const storedBefore = (await committed(boardId)).length;

      await outside.query("BEGIN");
      await outside.query(`LOCK TABLE "BoardUpdate" IN SHARE MODE`);
      const author = new Y.Doc();
      putNote(author, "n1", "pas encore enregistrée");
      room.receive(writer.connection, encodeUpdate(Y.encodeStateAsUpdate(author)));
      // The insert is sent and waits for the lock: the update is applied in the room, not stored.
      await insertsWaiting(1);
      expect(reader.frames.length).toBe(before);
      expect(await committed(boardId)).toHaveLength(storedBefore);
      await outside.query("COMMIT");

      await room.settle();
      expect(await committed(boardId)).toHaveLength(storedBefore + 1);
      const replica = new Y.Doc();
      for (const update of await committed(boardId)) Y.applyUpdate(replica, update);
      expect(noteTexts(replica, "n1")).toEqual({ n1: "pas encore enregistrée" });
      expect(reader.frames.length).toBe(before + 1);
    } finally {
      await outside.query("ROLLBACK").catch(() => undefined);
      await registry.close();
    }
  });

  it("is broken by a write the store refuses: nothing relayed, everyone closed, reloaded from the store; other rooms go on", async () => {
    const broken = await newBoard();
    const other = await newBoard();
    const registry = new RoomRegistry(store, {}, () => undefined);
    await outside.query(`ALTER TABLE "BoardUpdate" ADD CONSTRAINT "test_refuse_room" CHECK ("boardId" <> '${broken.boardId}') NOT VALID`);
    try {
      const [writer, reader, otherWriter, otherReader] = [fakeConnection(), fakeConnection(), fakeConnection(), fakeConnection()];
      const room = await registry.connect(broken.sessionId, writer.connection);
      await registry.connect(broken.sessionId, reader.connection);
      const otherRoom = await registry.connect(other.sessionId, otherWriter.connection);
      await registry.connect(other.sessionId, otherReader.connection);
      await Promise.all([room.settle(), otherRoom.settle()]);
      const [readerBefore, otherBefore] = [reader.frames.length, otherReader.frames.length];

      const author = new Y.Doc();
      putNote(author, "lost", "refusée par la base");
      const otherAuthor = new Y.Doc();
      putNote(otherAuthor, "kept", "enregistrée");
      // Same turn: both rooms' batches reach the store together.
      room.receive(writer.connection, encodeUpdate(Y.encodeStateAsUpdate(author)));
      otherRoom.receive(otherWriter.connection, encodeUpdate(Y.encodeStateAsUpdate(otherAuthor)));
      await Promise.all([room.settle(), otherRoom.settle()]);

      expect(room.broken).toBe(true);
      expect(reader.frames.length).toBe(readerBefore);
      expect(writer.closes).toEqual([CLOSE.storageFailed]);
      expect(reader.closes).toEqual([CLOSE.storageFailed]);
      expect(otherRoom.broken).toBe(false);
      expect(otherReader.frames.length).toBe(otherBefore + 1);
      expect(otherWriter.closes).toEqual([]);

      await outside.query(`ALTER TABLE "BoardUpdate" DROP CONSTRAINT "test_refuse_room"`);
      const again = await registry.connect(broken.sessionId, fakeConnection().connection);
      expect(again).not.toBe(room);
      expect(noteTexts(again.doc, "lost")).toEqual({});
      expect(noteTexts(otherRoom.doc, "kept")).toEqual({ kept: "enregistrée" });
    } finally {
      await outside.query(`ALTER TABLE "BoardUpdate" DROP CONSTRAINT IF EXISTS "test_refuse_room"`);
      await registry.close();
    }
  });
});
