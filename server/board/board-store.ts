import Database from "better-sqlite3";
import { parseDatabaseUrl, type Db } from "../../prisma/db.js";
import { createPgBoardStore } from "./board-store-pg.js";
import { boardWarning } from "../log.js";

/** What a room needs from the database: the append-only update log and its compacted snapshot. */
export interface BoardStore {
  /** The board of a session, with its snapshot and every log entry after it, in order. */
  load(sessionId: string): Promise<LoadedBoard | null>;
  /** Writes a batch of updates in one statement; resolves once they are durable. */
  append(boardId: string, updates: Uint8Array[]): Promise<void>;
  /**
   * Replaces the current snapshot and the first `entries` log entries after it with `snapshot`, which
   * must hold exactly those; entries appended meanwhile stay. One transaction: a crash leaves either.
   */
  compact(boardId: string, snapshot: Uint8Array, entries: number): Promise<{ removed: number }>;
  /** Stores the facilitator's controls (phase, timer, vote…) as JSON; resolves once durable. */
  saveFacilitation(boardId: string, state: unknown): Promise<void>;
}

export interface LoadedBoard {
  boardId: string;
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
  /** The session's phases, as stored with the session (unparsed JSON). */
  agenda: unknown;
  /** The facilitator's controls as last stored, or null (unparsed JSON). */
  facilitation: unknown;
}

/**
 * The board store for a DATABASE_URL: its own better-sqlite3 connection for the embedded default,
 * its own `pg` pool for PostgreSQL (board-store-pg.ts). The Prisma store below serves reads from
 * the pages (reports, closing), which are off the relay's path.
 */
export function openBoardStore(_db: Db, databaseUrl: string): BoardStore & { close(): void | Promise<void> } {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.provider === "sqlite") return createSqliteBoardStore(target.filePath);
  return createPgBoardStore(databaseUrl);
}

export function createPrismaBoardStore(db: Db): BoardStore {
  return {
    async load(sessionId) {
      const board = await db.board.findUnique({
        where: { sessionId },
        select: { id: true, snapshot: true, snapshotSeq: true, facilitation: true, session: { select: { agenda: true } } },
      });
      if (!board) return null;
      const entries = await db.boardUpdate.findMany({
        where: { boardId: board.id, seq: { gt: board.snapshotSeq } },
        orderBy: { seq: "asc" },
        select: { data: true },
      });
      return loadedBoard({ ...board, agenda: board.session.agenda }, entries);
    },

    async saveFacilitation(boardId, state) {
      await db.board.update({ where: { id: boardId }, data: { facilitation: state as object } });
    },

    async append(boardId, updates) {
      if (updates.length === 0) return;
      await db.boardUpdate.createMany({
        data: updates.map((data) => ({ boardId, data: toBytes(data) })),
      });
    },

    async compact(boardId, snapshot, entries) {
      if (entries <= 0) return { removed: 0 };
      return db.$transaction(async (tx) => {
        const { snapshotSeq } = await tx.board.findUniqueOrThrow({ where: { id: boardId }, select: { snapshotSeq: true } });
        const [last] = await tx.boardUpdate.findMany({
          where: { boardId, seq: { gt: snapshotSeq } },
          orderBy: { seq: "asc" },
          skip: entries - 1,
          take: 1,
          select: { seq: true },
        });
        if (!last) throw new Error("fewer log entries than the snapshot folds");
        const uptoSeq = last.seq;
        await tx.board.update({
          where: { id: boardId },
          data: { snapshot: toBytes(snapshot), snapshotSeq: uptoSeq },
        });
        const { count } = await tx.boardUpdate.deleteMany({ where: { boardId, seq: { lte: uptoSeq } } });
        return { removed: count };
      });
    },
  };
}

/** Prisma's Bytes fields want a Uint8Array backed by a plain ArrayBuffer. */
function toBytes(data: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(data);
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
  const insert = connection.prepare<[string, Buffer, string]>(
    `INSERT INTO "BoardUpdate" ("boardId", "data", "createdAt") VALUES (?, ?, ?)`,
  );
  const nthSeq = connection.prepare<[string, string, number], { seq: number }>(
    `SELECT "seq" FROM "BoardUpdate" WHERE "boardId" = ?
       AND "seq" > (SELECT "snapshotSeq" FROM "Board" WHERE "id" = ?) ORDER BY "seq" LIMIT 1 OFFSET ?`,
  );
  const setSnapshot = connection.prepare<[Buffer, number, string]>(
    `UPDATE "Board" SET "snapshot" = ?, "snapshotSeq" = ? WHERE "id" = ?`,
  );
  const deleteUpTo = connection.prepare<[string, number]>(`DELETE FROM "BoardUpdate" WHERE "boardId" = ? AND "seq" <= ?`);

  const appendAll = connection.transaction((boardId: string, updates: Uint8Array[]) => {
    const createdAt = prismaDateTime(new Date());
    for (const update of updates) insert.run(boardId, asBuffer(update), createdAt);
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
      return loadedBoard(
        { ...board, agenda: parseJson(board.agenda), facilitation: board.facilitation && parseJson(board.facilitation) },
        entries,
      );
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

/** A board as loaded, from its row and its log entries (also used by board-store-pg.ts). */
export function loadedBoard(
  board: { id: string; snapshot: Uint8Array | null; agenda: unknown; facilitation: unknown },
  entries: { data: Uint8Array }[],
): LoadedBoard {
  return {
    boardId: board.id,
    agenda: board.agenda,
    facilitation: board.facilitation ?? null,
    snapshot: board.snapshot ? new Uint8Array(board.snapshot) : null,
    updates: entries.map((entry) => new Uint8Array(entry.data)),
  };
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
