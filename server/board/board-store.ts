import Database from "better-sqlite3";
import { parseDatabaseUrl, type Db } from "../../prisma/db.js";
import {
  FOLDED_DELETE_BATCH,
  joinedSnapshot,
  loadedBoard,
  snapshotParts,
  type BoardStore,
  type LoadedBoard,
} from "../../board-core/board-store.js";
import type { FindParticipantToken } from "../../board-core/board-access.js";
import { createPgBoardStore } from "./board-store-pg.js";
import { boardWarning, boardWarningAtMostEvery } from "../log.js";
import { MAIN_THREAD_AUTOCHECKPOINT_PAGES, WalCheckpointer } from "./wal-checkpointer.js";

export type { BoardStore, LoadedBoard };

/**
 * The board store for a DATABASE_URL: its own better-sqlite3 connection for the embedded default,
 * its own `pg` pool for PostgreSQL (board-store-pg.ts). The pages read boards through Prisma
 * (app/board/stored-board.server.ts), off the relay's path.
 */
export function openBoardStore(
  db: Db,
  databaseUrl: string,
  options: BoardStoreOptions = {},
): BoardStore & { close(): void | Promise<void>; fencedBy?(epoch: number): BoardStore; participantByToken: FindParticipantToken } {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.provider === "postgresql") return createPgBoardStore(databaseUrl, options);
  // The store's checkpoint thread does the app connection's checkpoints too (same file, same thread).
  // (`then`, not `catch`: a Prisma query runs only once something calls its `then`.)
  void db.$queryRawUnsafe(`PRAGMA wal_autocheckpoint = ${MAIN_THREAD_AUTOCHECKPOINT_PAGES}`).then(undefined, (error: unknown) => {
    boardWarning("board store: the app's connection keeps SQLite's own checkpoints", error);
  });
  return createSqliteBoardStore(target.filePath, options);
}

export interface BoardStoreOptions {
  /** Size of the parts a big snapshot is written in (board-core/board-store.ts SNAPSHOT_PART_BYTES). */
  snapshotPartBytes?: number;
}

/** A failing token read repeats at every upgrade: one line a minute. */
const tokenWarning = boardWarningAtMostEvery(60_000);

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
export function createSqliteBoardStore(
  filePath: string,
  options: BoardStoreOptions = {},
): BoardStore & { close(): void; participantByToken: FindParticipantToken } {
  const connection = new Database(filePath, { timeout: 0 });
  connection.pragma("journal_mode = WAL");
  // Checkpoints run in their own thread (wal-checkpointer.ts): not inside an append on the relay's.
  connection.pragma(`wal_autocheckpoint = ${MAIN_THREAD_AUTOCHECKPOINT_PAGES}`);
  const checkpointer = new WalCheckpointer(filePath);
  const findBoard = connection.prepare<
    [string],
    {
      id: string;
      snapshot: Buffer | null;
      snapshotSeq: number;
      snapshotGeneration: number;
      snapshotParts: number;
      facilitation: string | null;
      agenda: string;
    }
  >(
    `SELECT b."id", b."snapshot", b."snapshotSeq", b."snapshotGeneration", b."snapshotParts", b."facilitation", s."agenda"
     FROM "Board" b JOIN "GroupSession" s ON s."id" = b."sessionId" WHERE b."sessionId" = ?`,
  );
  const findParts = connection.prepare<[string, number, number], { idx: number; data: Buffer }>(
    `SELECT "idx", "data" FROM "BoardSnapshotPart" WHERE "boardId" = ? AND "generation" = ? AND "idx" < ? ORDER BY "idx"`,
  );
  const findLayout = connection.prepare<[string], { snapshotGeneration: number; snapshotParts: number }>(
    `SELECT "snapshotGeneration", "snapshotParts" FROM "Board" WHERE "id" = ?`,
  );
  const putPart = connection.prepare<[string, number, number, Buffer]>(
    `INSERT INTO "BoardSnapshotPart" ("boardId", "generation", "idx", "data") VALUES (?, ?, ?, ?)`,
  );
  /** One part older than the board's current snapshot, or beyond its parts: nothing reads it any more. */
  const findStalePart = connection.prepare<[string, string], { generation: number; idx: number }>(
    `SELECT p."generation", p."idx" FROM "BoardSnapshotPart" p JOIN "Board" b ON b."id" = ?
     WHERE p."boardId" = ? AND (p."generation" < b."snapshotGeneration"
       OR (p."generation" = b."snapshotGeneration" AND p."idx" >= b."snapshotParts")) LIMIT 1`,
  );
  /** One part of a generation after the current one: left by a compaction that a crash cut short. */
  const findUnfinishedPart = connection.prepare<[string, string], { generation: number; idx: number }>(
    `SELECT p."generation", p."idx" FROM "BoardSnapshotPart" p JOIN "Board" b ON b."id" = ?
     WHERE p."boardId" = ? AND p."generation" > b."snapshotGeneration" LIMIT 1`,
  );
  const deletePart = connection.prepare<[string, number, number]>(
    `DELETE FROM "BoardSnapshotPart" WHERE "boardId" = ? AND "generation" = ? AND "idx" = ?`,
  );
  const setFacilitation = connection.prepare<[string, string]>(`UPDATE "Board" SET "facilitation" = ? WHERE "id" = ?`);
  const findLog = connection.prepare<[string, number], { data: Buffer }>(
    `SELECT "data" FROM "BoardUpdate" WHERE "boardId" = ? AND "seq" > ? ORDER BY "seq"`,
  );
  const findHidden = connection.prepare<[string], { recordId: string; authorKey: string }>(
    `SELECT "recordId", "authorKey" FROM "HiddenAuthorship" WHERE "boardId" = ?`,
  );
  const findClosed = connection.prepare<[string], { closedAt: string | null }>(`SELECT "closedAt" FROM "GroupSession" WHERE "id" = ?`);
  const findToken = connection.prepare<
    [string, string],
    { id: string; displayName: string; waitingSince: unknown; revokedAt: unknown; startsAt: unknown }
  >(
    `SELECT p."id", p."displayName", p."waitingSince", p."revokedAt", s."startsAt"
     FROM "Participant" p JOIN "GroupSession" s ON s."id" = p."sessionId" WHERE p."tokenHash" = ? AND p."sessionId" = ?`,
  );
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
  const setSnapshot = connection.prepare<[Buffer | null, number, number, number, string]>(
    `UPDATE "Board" SET "snapshot" = ?, "snapshotSeq" = ?, "snapshotGeneration" = ?, "snapshotParts" = ? WHERE "id" = ?`,
  );
  const deleteFolded = connection.prepare<[string, number, number]>(
    `DELETE FROM "BoardUpdate" WHERE "seq" IN
       (SELECT "seq" FROM "BoardUpdate" WHERE "boardId" = ? AND "seq" <= ? ORDER BY "seq" LIMIT ?)`,
  );
  const foldedSeq = connection.prepare<[string], { snapshotSeq: number }>(`SELECT "snapshotSeq" FROM "Board" WHERE "id" = ?`);
  const findLeftover = connection.prepare<[string, number], { found: number }>(
    `SELECT 1 AS "found" FROM "BoardUpdate" WHERE "boardId" = ? AND "seq" <= ? LIMIT 1`,
  );

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
  /** The switch to a new snapshot: small, whatever the board's size (its parts are already written). */
  const switchSnapshot = connection.transaction(
    (boardId: string, inline: Buffer | null, entries: number, generation: number, parts: number) => {
      const uptoSeq = nthSeq.get(boardId, boardId, entries - 1)?.seq;
      if (uptoSeq === undefined) throw new Error("fewer log entries than the snapshot folds");
      setSnapshot.run(inline, uptoSeq, generation, parts, boardId);
    },
  );

  /** Deletes, a slice per turn, the log entries the snapshot holds and the parts it does not use. */
  async function sweep(boardId: string): Promise<number> {
    let removed = 0;
    const upto = (await whenNotBusy(() => foldedSeq.get(boardId)))?.snapshotSeq ?? 0;
    for (;;) {
      const { changes } = await whenNotBusy(() => deleteFolded.run(boardId, upto, FOLDED_DELETE_BATCH));
      removed += changes;
      if (changes < FOLDED_DELETE_BATCH) break;
      await nextTurn();
    }
    for (;;) {
      const stale = await whenNotBusy(() => findStalePart.get(boardId, boardId));
      if (!stale) break;
      await whenNotBusy(() => deletePart.run(boardId, stale.generation, stale.idx));
      await nextTurn();
    }
    return removed;
  }

  return {
    async load(sessionId) {
      const board = await whenNotBusy(() => findBoard.get(sessionId));
      if (!board) return null;
      const parts =
        board.snapshotParts > 0 ? await whenNotBusy(() => findParts.all(board.id, board.snapshotGeneration, board.snapshotParts)) : [];
      const snapshot = joinedSnapshot(board, parts);
      const entries = await whenNotBusy(() => findLog.all(board.id, board.snapshotSeq));
      const hidden = await whenNotBusy(() => findHidden.all(board.id));
      // A compaction cut short after its switch left entries or parts the board no longer uses:
      // they go now, in the background (nothing reads them; erased text must not stay in them).
      if (findLeftover.get(board.id, board.snapshotSeq) || findStalePart.get(board.id, board.id)) {
        void sweep(board.id).catch((error: unknown) => boardWarning(`board ${board.id}: leftovers not swept`, error));
      }
      return loadedBoard(
        { ...board, snapshot, agenda: parseJson(board.agenda), facilitation: board.facilitation && parseJson(board.facilitation) },
        entries,
        hidden,
      );
    },
    async participantByToken(sessionId, tokenHash) {
      try {
        const row = await whenNotBusy(() => findToken.get(tokenHash, sessionId));
        if (!row) return null;
        const sessionStartsAt = storedDate(row.startsAt);
        const waitingSince = row.waitingSince === null ? null : storedDate(row.waitingSince);
        const revokedAt = row.revokedAt === null ? null : storedDate(row.revokedAt);
        // A date this reading does not understand: Prisma, which wrote it, answers instead.
        if (!sessionStartsAt || waitingSince === undefined || revokedAt === undefined) return undefined;
        return { id: row.id, displayName: row.displayName, waitingSince, revokedAt, sessionStartsAt };
      } catch (error) {
        tokenWarning("board store: a participant token could not be read here, asked through Prisma", error);
        return undefined;
      }
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
    async compact(boardId, snapshot, entries) {
      if (entries <= 0) return { removed: 0 };
      const parts = snapshotParts(snapshot, options.snapshotPartBytes);
      const layout = await whenNotBusy(() => findLayout.get(boardId));
      if (!layout) throw new Error("board not found");
      // A new generation for a snapshot in parts; the parts are unused until the switch. Parts of a
      // compaction a crash cut short go first (only a compaction writes past the current generation).
      for (let part = findUnfinishedPart.get(boardId, boardId); part; part = findUnfinishedPart.get(boardId, boardId)) {
        const { generation, idx } = part;
        await whenNotBusy(() => deletePart.run(boardId, generation, idx));
        await nextTurn();
      }
      const generation = parts.length > 0 ? layout.snapshotGeneration + 1 : layout.snapshotGeneration;
      for (const [index, part] of parts.entries()) {
        await whenNotBusy(() => putPart.run(boardId, generation, index, asBuffer(part)));
        await nextTurn();
      }
      await whenNotBusy(() =>
        switchSnapshot.immediate(boardId, parts.length > 0 ? null : asBuffer(snapshot), entries, generation, parts.length),
      );
      return { removed: await sweep(boardId) };
    },
    close() {
      checkpointer.close();
      connection.close();
    },
  };
}

/** Lets the event loop run (the relay, other rooms) between two slices of a long store operation. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
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

const PRISMA_ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;
/**
 * A DateTime as Prisma keeps it in SQLite: ISO text with its offset (`2026-12-03T08:00:00.000+00:00`)
 * through the driver adapter, or milliseconds since 1970 (its older engine). Anything else, even a
 * date `Date.parse` would take (without an offset it means local time here, UTC to Prisma): undefined.
 */
function storedDate(value: unknown): Date | undefined {
  let time = Number.NaN;
  if (typeof value === "number" || typeof value === "bigint") time = Number(value);
  else if (typeof value === "string" && /^\d+$/.test(value)) time = Number(value);
  else if (typeof value === "string" && PRISMA_ISO_DATE.test(value)) time = Date.parse(value);
  return Number.isFinite(time) ? new Date(time) : undefined;
}

/** DateTime as Prisma stores it in SQLite, so that Prisma reads these rows like its own. */
function prismaDateTime(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

function asBuffer(data: Uint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
