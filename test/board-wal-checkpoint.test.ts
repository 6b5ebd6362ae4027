// SQLite's checkpoints (copying the write-ahead log into the database file) run in a thread of their
// own, not inside a commit on the thread that relays edits (docs/decisions/010).
import { statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBoardStore } from "../server/board/board-store.js";
import { MAIN_THREAD_AUTOCHECKPOINT_PAGES } from "../server/board/wal-checkpointer.js";
import { createFacilitatorWithSession, createTestDatabase, type TestDatabase } from "./support/fixtures.js";

describe("SQLite checkpoints", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.cleanup());

  it("are left to the checkpoint thread by the app's and the store's connections, and happen", async () => {
    const store = openBoardStore(database.db, database.url);
    try {
      const { sessionId } = await createFacilitatorWithSession(database.db);
      const { boardId } = (await store.load(sessionId))!;
      const [{ wal_autocheckpoint: appSetting }] =
        await database.db.$queryRawUnsafe<{ wal_autocheckpoint: bigint }[]>("PRAGMA wal_autocheckpoint");
      expect(Number(appSetting)).toBe(MAIN_THREAD_AUTOCHECKPOINT_PAGES);

      const file = path.join(database.dir, "test.db");
      const before = statSync(file).size;
      // 4 MiB through the store: about 1,000 pages, far below what the main thread's connections
      // would checkpoint by themselves; only the checkpoint thread copies them into the file.
      for (let i = 0; i < 64; i++) await store.append(boardId, [new Uint8Array(64 * 1024).fill(i)]);
      const deadline = Date.now() + 10_000;
      while (statSync(file).size < before + 4 * 1024 * 1024 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(statSync(file).size).toBeGreaterThanOrEqual(before + 4 * 1024 * 1024);
    } finally {
      await store.close();
    }
  });
});
