import Database from "better-sqlite3";
import { parseDatabaseUrl, type Db } from "../../prisma/db.js";
import { loadedBoard, type BoardStore, type LoadedBoard } from "../../board-core/board-store.js";
import { createPgBoardStore } from "./board-store-pg.js";
import { boardWarning } from "../log.js";

export type { BoardStore, LoadedBoard };

/**
 * The board store for a DATABASE_URL: its own better-sqlite3 connection for the embedded default,
 * its own `pg` pool for PostgreSQL (board-store-pg.ts). The pages read boards through Prisma
 * (app/board/stored-board.server.ts), off the relay's path.
 */
export function openBoardStore(_db: Db, databaseUrl: string): BoardStore & { close(): void | Promise<void> } {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.provider === "sqlite") return createSqliteBoardStore(target.filePath);
  return createPgBoardStore(databaseUrl);
}

/** How long a write waits, in total, for another connection of this process to release the file. */
const BUSY_GIVE_UP_MS = 5_000;

/**
 * The board log on SQLite, through a better-sqlite3 connection of its own rather than Prisma: an
 * append costs about a tenth of Prisma's `createMany` in CPU, and it runs once per batch of edits
 * on the relay's hot path (docs/decisions/001). Each call is one synchronous statement or
 * transaction, so this connection never holds the write lock across turns of the event loop. The
 * app's Prisma connection can: when it holds the lock, a write here fails at once (busy timeout 0)
 * and is retried a moment later, instead of blocking the thread that would release the lock.
 */
export function createSqliteBoardStore(filePath: string): BoardStore & { close(): void } {
  const connection = new Database(filePath, { timeout: 0 });
  connection.pragma("journal_mode = WAL");
  const findBoard = connection.prepare<
    [string],
    { id: string; snapshot: Buffer | null; snapshotSeq: number; facilitation: string | null; agenda: string }
  >(
    `SELECT b."id", b."snapshot", b."snapshotSeq", b."facilitation", s."agenda"
     FROM "Board" b JOIN "GroupSession" s ON s."id" = b."sessionId" WHERE b."sessionId" = ?`,
  );
  const setFacilitation = connection.prepare<[string, string]>(`UPDATE "Board" SET "facilitation" = ? WHERE "id" = ?`);
  const findLog = connection.prepare<[string, number], { data: Buffer }>(
    `SELECT "data" FROM "BoardUpdate" WHERE "boardId" = ? AND "seq" > ? ORDER BY "seq"`,
  );
  const findHidden = connection.prepare<[string], { recordId: string; authorKey: string }>(
    `SELECT "recordId", "authorKey" FROM "HiddenAuthorship" WHERE "boardId" = ?`,
  );
  const findClosed = connection.prepare<[string], { closedAt: string | null }>(`SELECT "closedAt" FROM "GroupSession" WHERE "id" = ?`);
  const insertHidden = connection.prepare<[string, string, string, string]>(
    `INSERT INTO "HiddenAuthorship" ("boardId", "recordId", "authorKey", "createdAt") VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const deleteHidden = connection.prepare<[string, string]>(`DELETE FROM "HiddenAuthorship" WHERE "boardId" = ? AND "recordId" = ?`);
  const insert = connection.prepare<[string, Buffer, string]>(
    `INSERT INTO "BoardUpdate" ("boardId", "data", "createdAt") VALUES (?, ?, ?)`,
  );
  const nthSeq = connection.prepare<[string, string, number], { seq: number }>(
    `SELECT "seq" FROM "BoardUpdate" WHERE "boardId" = ?
       AND "seq" > (SELECT "snapshotSeq" FROM "Board" WHERE "id" = ?) ORDER BY "seq" LIMIT 1 OFFSET ?`,
  );
  const setSnapshot = connection.prepare<[Buffer, number, string]>(`UPDATE "Board" SET "snapshot" = ?, "snapshotSeq" = ? WHERE "id" = ?`);
  const deleteUpTo = connection.prepare<[string, number]>(`DELETE FROM "BoardUpdate" WHERE "boardId" = ? AND "seq" <= ?`);

  const appendAll = connection.transaction((boardId: string, updates: Uint8Array[]) => {
    const createdAt = prismaDateTime(new Date());
    for (const update of updates) insert.run(boardId, asBuffer(update), createdAt);
  });
  const keepHidden = connection.transaction((boardId: string, rows: { recordId: string; authorKey: string }[]) => {
    const createdAt = prismaDateTime(new Date());
    for (const row of rows) insertHidden.run(boardId, row.recordId, row.authorKey, createdAt);
  });
  const forgetHidden = connection.transaction((boardId: string, recordIds: string[]) => {
    for (const recordId of recordIds) deleteHidden.run(boardId, recordId);
  });
  const compactAll = connection.transaction((boardId: string, snapshot: Uint8Array, entries: number) => {
    if (entries <= 0) return { removed: 0 };
    const uptoSeq = nthSeq.get(boardId, boardId, entries - 1)?.seq;
    if (uptoSeq === undefined) throw new Error("fewer log entries than the snapshot folds");
    setSnapshot.run(asBuffer(snapshot), uptoSeq, boardId);
    return { removed: deleteUpTo.run(boardId, uptoSeq).changes };
  });

  return {
    async load(sessionId) {
      const board = await whenNotBusy(() => findBoard.get(sessionId));
      if (!board) return null;
      const entries = await whenNotBusy(() => findLog.all(board.id, board.snapshotSeq));
      const hidden = await whenNotBusy(() => findHidden.all(board.id));
      return loadedBoard(
        { ...board, agenda: parseJson(board.agenda), facilitation: board.facilitation && parseJson(board.facilitation) },
        entries,
        hidden,
      );
    },
    async sessionClosed(sessionId) {
      const session = await whenNotBusy(() => findClosed.get(sessionId));
      // A session that is gone is as closed as can be.
      return !session || session.closedAt !== null;
    },
    async keepHiddenAuthors(boardId, rows) {
      if (rows.length === 0) return;
      await whenNotBusy(() => keepHidden.immediate(boardId, rows));
    },
    async forgetHiddenAuthors(boardId, recordIds) {
      if (recordIds.length === 0) return;
      await whenNotBusy(() => forgetHidden.immediate(boardId, recordIds));
    },
    async saveFacilitation(boardId, state) {
      await whenNotBusy(() => setFacilitation.run(JSON.stringify(state), boardId));
    },
    async append(boardId, updates) {
      if (updates.length === 0) return;
      await whenNotBusy(() => appendAll.immediate(boardId, updates));
    },
    compact(boardId, snapshot, entries) {
      return whenNotBusy(() => compactAll.immediate(boardId, snapshot, entries));
    },
    close() {
      connection.close();
    },
  };
}

async function whenNotBusy<T>(run: () => T): Promise<T> {
  const giveUpAt = Date.now() + BUSY_GIVE_UP_MS;
  for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
    try {
      return run();
    } catch (error) {
      if ((error as { code?: string }).code !== "SQLITE_BUSY" || Date.now() > giveUpAt) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** Prisma keeps Json fields as text in SQLite; a value that does not parse counts as absent. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    boardWarning("board store: a stored JSON value is unreadable, counted as absent", error);
    return null;
  }
}

/** DateTime as Prisma stores it in SQLite, so that Prisma reads these rows like its own. */
function prismaDateTime(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

function asBuffer(data: Uint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
