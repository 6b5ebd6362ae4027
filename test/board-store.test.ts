// The board log's stores (SQLite through its own connection, the default; PostgreSQL through its own
// pg pool; Prisma, which the pages read boards with) keep the same contract.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDeploy } from "../scripts/migrate-engine.js";
import { createPrismaBoardStore } from "../app/board/stored-board.server.js";
import { createSqliteBoardStore, type BoardStore } from "../server/board/board-store.js";
import { SNAPSHOT_PART_BYTES } from "../board-core/board-store.js";
import { createPgBoardStore } from "../server/board/board-store-pg.js";
import { createDb, parseDatabaseUrl, type Db } from "../prisma/db.js";
import { createFacilitatorWithSession, createTestDatabase, type TestDatabase } from "./support/fixtures.js";
import { adminQuery, postgresForTests, postgresUrl } from "./support/postgres.js";

const postgres = await postgresForTests();

const bytes = (...values: number[]) => new Uint8Array(values);

/** A snapshot bigger than one part, each byte telling where it is (a part out of order shows). */
function bigSnapshot(parts: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: Math.floor(SNAPSHOT_PART_BYTES * (parts - 0.5)) }, (_, index) => (index * 7 + seed) % 256);
}

function contract(name: string, setup: () => Promise<{ db: Db; store: BoardStore; done(): Promise<void> }>, runs = true) {
  describe.runIf(runs)(name, () => {
    let db: Db;
    let store: BoardStore;
    let done: () => Promise<void>;
    beforeAll(async () => {
      ({ db, store, done } = await setup());
    });
    afterAll(() => done());

    it("knows no board for an unknown session", async () => {
      expect(await store.load("no-such-session")).toBeNull();
    });

    it("keeps appended updates in order, then folds them into a snapshot and keeps what comes after", async () => {
      const { sessionId } = await createFacilitatorWithSession(db);
      const initial = await store.load(sessionId);
      const boardId = initial!.boardId;
      const before = initial!.updates.length;
      await store.append(boardId, [bytes(1), bytes(2, 2)]);
      await store.append(boardId, [bytes(3, 3, 3)]);
      await store.append(boardId, []);
      expect((await store.load(sessionId))!.updates.slice(before)).toEqual([bytes(1), bytes(2, 2), bytes(3, 3, 3)]);

      // A snapshot folds exactly the entries it was made from; one appended meanwhile stays.
      await store.append(boardId, [bytes(5, 5)]);
      expect(await store.compact(boardId, bytes(9, 9), before + 3)).toEqual({ removed: before + 3 });
      expect((await store.load(sessionId))!.updates).toEqual([bytes(5, 5)]);
      expect(await store.compact(boardId, bytes(9, 9), 1)).toEqual({ removed: 1 });
      await store.append(boardId, [bytes(4)]);
      const loaded = await store.load(sessionId);
      expect(loaded).toMatchObject({ boardId, snapshot: bytes(9, 9), updates: [bytes(4)], facilitation: null });
      expect(loaded!.agenda).toEqual(expect.arrayContaining([expect.objectContaining({ id: expect.any(String) })]));
      const rows = await db.boardUpdate.findMany({ where: { boardId } });
      expect(rows).toHaveLength(1);
      expect(rows[0].createdAt).toBeInstanceOf(Date);
      expect(Math.abs(rows[0].createdAt.getTime() - Date.now())).toBeLessThan(60_000);

      await store.compact(boardId, bytes(8), 1);
      expect(await store.compact(boardId, bytes(7), 0)).toEqual({ removed: 0 });
      await expect(store.compact(boardId, bytes(7), 1)).rejects.toThrow();
      expect(await store.load(sessionId)).toMatchObject({ boardId, snapshot: bytes(8), updates: [] });
    });

    it("stores a big snapshot in parts, reads it back whole, and leaves no part or folded entry behind", async () => {
      const { sessionId } = await createFacilitatorWithSession(db);
      const { boardId, updates } = (await store.load(sessionId))!;
      await store.append(boardId, [bytes(1), bytes(2)]);
      const first = bigSnapshot(4, 1);
      expect(await store.compact(boardId, first, updates.length + 2)).toEqual({ removed: updates.length + 2 });
      await store.append(boardId, [bytes(3)]);
      expect(await store.load(sessionId)).toMatchObject({ snapshot: first, updates: [bytes(3)] });
      const board = await db.board.findUniqueOrThrow({ where: { id: boardId } });
      // The Prisma store writes whole; the board server's stores write a big one in parts.
      const inParts = board.snapshotParts > 0;
      if (inParts) expect(board).toMatchObject({ snapshot: null, snapshotParts: 4 });
      expect(await db.boardSnapshotPart.count({ where: { boardId } })).toBe(board.snapshotParts);

      // A smaller one, then a big one again: the parts of the old generation go.
      const second = bigSnapshot(3, 2);
      await store.compact(boardId, second, 1);
      expect(await store.load(sessionId)).toMatchObject({ snapshot: second, updates: [] });
      expect(await db.boardSnapshotPart.count({ where: { boardId } })).toBe(inParts ? 3 : 0);
      await store.append(boardId, [bytes(4)]);
      await store.compact(boardId, bytes(7, 7), 1);
      expect(await store.load(sessionId)).toMatchObject({ snapshot: bytes(7, 7), updates: [] });
      expect(await db.boardSnapshotPart.count({ where: { boardId } })).toBe(0);
      expect(await db.boardUpdate.count({ where: { boardId } })).toBe(0);
    });

    it("ignores, then sweeps, the parts of a compaction cut short before its switch", async () => {
      const { sessionId } = await createFacilitatorWithSession(db);
      const { boardId, updates } = (await store.load(sessionId))!;
      await store.append(boardId, [bytes(1)]);
      const kept = bigSnapshot(2, 3);
      await store.compact(boardId, kept, updates.length + 1);
      const board = await db.board.findUniqueOrThrow({ where: { id: boardId } });
      // What a process killed while writing the next generation's parts leaves: parts nothing points at.
      await db.boardSnapshotPart.createMany({
        data: [0, 1, 2].map((idx) => ({ boardId, generation: board.snapshotGeneration + 1, idx, data: new Uint8Array([9, idx]) })),
      });
      await store.append(boardId, [bytes(2)]);
      expect(await store.load(sessionId)).toMatchObject({ snapshot: kept, updates: [bytes(2)] });
      // The next compaction reuses the generation and sweeps what its snapshot does not use.
      const next = bigSnapshot(2, 4);
      await store.compact(boardId, next, 1);
      expect(await store.load(sessionId)).toMatchObject({ snapshot: next, updates: [] });
      const after = await db.board.findUniqueOrThrow({ where: { id: boardId } });
      expect(await db.boardSnapshotPart.count({ where: { boardId } })).toBe(after.snapshotParts);
    });

    it("keeps the facilitator's controls, read back as they were written", async () => {
      const { sessionId } = await createFacilitatorWithSession(db);
      const { boardId } = (await store.load(sessionId))!;
      const controls = { phaseId: "accueil", locks: { frames: true, board: false }, note: "é ✓" };
      await store.saveFacilitation(boardId, controls);
      expect((await store.load(sessionId))!.facilitation).toEqual(controls);
      await store.saveFacilitation(boardId, { ...controls, phaseId: "suite" });
      expect((await store.load(sessionId))!.facilitation).toEqual({ ...controls, phaseId: "suite" });
    });
  });
}

contract("SQLite store (the default)", async () => {
  const sqlite = await createTestDatabase();
  const target = parseDatabaseUrl(sqlite.url);
  if (target.provider !== "sqlite") throw new Error("expected SQLite");
  const store = createSqliteBoardStore(target.filePath);
  return {
    db: sqlite.db,
    store,
    async done() {
      store.close();
      await sqlite.cleanup();
    },
  };
});

contract("Prisma store on SQLite", async () => {
  const database = await createTestDatabase();
  return { db: database.db, store: createPrismaBoardStore(database.db), done: database.cleanup };
});

contract(
  "Prisma store on PostgreSQL",
  async () => {
    const name = `atelier_test_${randomUUID().replaceAll("-", "")}`;
    const url = postgresUrl(name);
    await adminQuery(`CREATE DATABASE "${name}"`);
    await migrateDeploy(url);
    const db = createDb(url);
    return {
      db,
      store: createPrismaBoardStore(db),
      async done() {
        await db.$disconnect();
        await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      },
    };
  },
  postgres,
);

contract(
  "pg store on PostgreSQL (the board server's)",
  async () => {
    const name = `atelier_test_${randomUUID().replaceAll("-", "")}`;
    const url = postgresUrl(name);
    await adminQuery(`CREATE DATABASE "${name}"`);
    await migrateDeploy(url);
    const db = createDb(url);
    const store = createPgBoardStore(url);
    return {
      db,
      store,
      async done() {
        await store.close();
        await db.$disconnect();
        await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      },
    };
  },
  postgres,
);

describe("SQLite store beside the app's Prisma connection", () => {
  let database: TestDatabase;
  let filePath: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    const target = parseDatabaseUrl(database.url);
    if (target.provider !== "sqlite") throw new Error("expected SQLite");
    filePath = target.filePath;
  });
  afterAll(() => database.cleanup());

  it("waits, without blocking the process, while a Prisma transaction holds the file, then writes", async () => {
    const { sessionId } = await createFacilitatorWithSession(database.db);
    const store = createSqliteBoardStore(filePath);
    try {
      const { boardId } = (await store.load(sessionId))!;
      let appended = false;
      let releaseTransaction!: () => void;
      const held = new Promise<void>((resolve) => (releaseTransaction = resolve));
      const transaction = database.db.$transaction(async (tx) => {
        await tx.structure.create({ data: { name: "Verrou" } });
        await held;
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      const append = store.append(boardId, [bytes(5)]).then(() => (appended = true));
      // The event loop keeps turning (timers fire) while the append waits for the lock.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(appended).toBe(false);
      releaseTransaction();
      await transaction;
      await append;
      expect((await store.load(sessionId))!.updates.at(-1)).toEqual(bytes(5));
      // Prisma reads the row written beside it like one of its own.
      expect(await database.db.boardUpdate.count({ where: { boardId } })).toBeGreaterThan(0);
    } finally {
      store.close();
    }
  });
});
