// Databases and boards for the join-storm and long-day benches: a fresh SQLite file or a fresh
// PostgreSQL database (created, migrated and dropped here), and boards pre-filled with thousands of
// notes written straight into the board store as one compacted snapshot, so setup takes seconds.
import { randomBytes } from "node:crypto";
import * as Y from "yjs";
import { migrateDeploy } from "../scripts/migrate-engine.js";
import { openBoardStore } from "../server/board/board-store.js";
import { createDb, type Db } from "../prisma/db.js";
import { createTestDatabase } from "../test/support/fixtures.js";
import { adminQuery, postgresUrl } from "../test/support/postgres.js";
import { addBoardNotes } from "./edits.js";

export type DatabaseKind = "sqlite" | "postgres";

export interface BenchDatabase {
  kind: DatabaseKind;
  url: string;
  db: Db;
  cleanup(): Promise<void>;
}

/**
 * SQLite: a migrated file of its own (as the tests make). PostgreSQL: a database of its own on the
 * local server (TEST_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432), migrated with the
 * PostgreSQL migrations as `npm run db:migrate` would, dropped by `cleanup`.
 */
export async function benchDatabase(kind: DatabaseKind): Promise<BenchDatabase> {
  if (kind === "sqlite") return { kind, ...(await createTestDatabase()) };
  const name = `bench_${Date.now()}_${randomBytes(3).toString("hex")}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = postgresUrl(name);
  try {
    await migrateDeploy(url);
  } catch (error) {
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    throw error;
  }
  const db = createDb(url);
  return {
    kind,
    url,
    db,
    async cleanup() {
      await db.$disconnect();
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/**
 * Adds `notes` notes to a session's board through the board store, before any server has loaded it:
 * the stored board (its template) plus the notes, appended as one update, then folded into the
 * snapshot. Returns the board's whole state, for a server that has no store (the reference).
 */
export async function prefillBoard(database: BenchDatabase, sessionId: string, notes: number): Promise<Uint8Array> {
  const store = openBoardStore(database.db, database.url);
  try {
    const loaded = await store.load(sessionId);
    if (!loaded) throw new Error(`no board for session ${sessionId}`);
    const doc = new Y.Doc();
    if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
    for (const update of loaded.updates) Y.applyUpdate(doc, update);
    const before = Y.encodeStateVector(doc);
    addBoardNotes(doc, notes);
    await store.append(loaded.boardId, [Y.encodeStateAsUpdate(doc, before)]);
    const state = Y.encodeStateAsUpdate(doc);
    await store.compact(loaded.boardId, state, loaded.updates.length + 1);
    doc.destroy();
    return state;
  } finally {
    store.close();
  }
}
