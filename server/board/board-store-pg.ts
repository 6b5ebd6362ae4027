// The board log on PostgreSQL, through the `pg` driver rather than Prisma (as the SQLite store goes
// through its own better-sqlite3 connection): an append runs once per batch of edits on the relay's
// hot path, so it is one prepared statement inserting the whole batch (`unnest` of a bytea array),
// not Prisma's query compilation per call. docs/decisions/010.
import pg from "pg";
import { loadedBoard, type BoardStore } from "./board-store.js";

/** Connections of the board store's own pool: appends are short, one per batch and room at a time. */
const POOL_SIZE = 4;

export function createPgBoardStore(databaseUrl: string): BoardStore & { close(): Promise<void> } {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE, keepAlive: true });
  // An idle connection that fails (the server restarted) is dropped; the next query opens another.
  pool.on("error", () => undefined);

  return {
    async load(sessionId) {
      const { rows } = await pool.query<{ id: string; snapshot: Buffer | null; snapshotSeq: number; facilitation: unknown; agenda: unknown }>({
        name: "board-find",
        text: `SELECT b."id", b."snapshot", b."snapshotSeq", b."facilitation", s."agenda"
               FROM "Board" b JOIN "GroupSession" s ON s."id" = b."sessionId" WHERE b."sessionId" = $1`,
        values: [sessionId],
      });
      const board = rows[0];
      if (!board) return null;
      const log = await pool.query<{ data: Buffer }>({
        name: "board-log",
        text: `SELECT "data" FROM "BoardUpdate" WHERE "boardId" = $1 AND "seq" > $2 ORDER BY "seq"`,
        values: [board.id, board.snapshotSeq],
      });
      return loadedBoard(board, log.rows);
    },

    async append(boardId, updates) {
      if (updates.length === 0) return;
      await pool.query({
        name: "board-append",
        text: `INSERT INTO "BoardUpdate" ("boardId", "data") SELECT $1, unnest($2::bytea[])`,
        values: [boardId, updates.map(asBuffer)],
      });
    },

    async saveFacilitation(boardId, state) {
      await pool.query({
        name: "board-facilitation",
        text: `UPDATE "Board" SET "facilitation" = $1::jsonb WHERE "id" = $2`,
        values: [JSON.stringify(state), boardId],
      });
    },

    async compact(boardId, snapshot, entries) {
      if (entries <= 0) return { removed: 0 };
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        // The row lock keeps two compactions of one board from folding the same entries twice.
        const board = await client.query<{ snapshotSeq: number }>(`SELECT "snapshotSeq" FROM "Board" WHERE "id" = $1 FOR UPDATE`, [boardId]);
        const upto = await client.query<{ seq: number }>(
          `SELECT "seq" FROM "BoardUpdate" WHERE "boardId" = $1 AND "seq" > $2 ORDER BY "seq" LIMIT 1 OFFSET $3`,
          [boardId, board.rows[0]?.snapshotSeq ?? 0, entries - 1],
        );
        const uptoSeq = upto.rows[0]?.seq;
        if (uptoSeq === undefined) throw new Error("fewer log entries than the snapshot folds");
        await client.query(`UPDATE "Board" SET "snapshot" = $1, "snapshotSeq" = $2 WHERE "id" = $3`, [asBuffer(snapshot), uptoSeq, boardId]);
        const removed = await client.query(`DELETE FROM "BoardUpdate" WHERE "boardId" = $1 AND "seq" <= $2`, [boardId, uptoSeq]);
        await client.query("COMMIT");
        return { removed: removed.rowCount ?? 0 };
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },

    close: () => pool.end(),
  };
}

function asBuffer(data: Uint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
