// The board log on PostgreSQL, through the `pg` driver rather than Prisma (as the SQLite store goes
// through its own better-sqlite3 connection): an append runs once per batch of edits on the relay's
// hot path, so it is one prepared statement inserting the whole batch (`unnest` of a bytea array),
// not Prisma's query compilation per call. Appends of every room are committed in groups: while
// commits are in flight, the batches that arrive wait and go together in the next statement (one
// round trip and one WAL flush for all of them). docs/decisions/010.
import pg from "pg";
import { FOLDED_DELETE_BATCH, joinedSnapshot, loadedBoard, snapshotParts, type BoardStore } from "../../board-core/board-store.js";
import { FencedError } from "./fencing.js";
import { boardWarningAtMostEvery } from "../log.js";
import type { FindParticipantToken } from "../../board-core/board-access.js";

/**
 * Connections of the board store's own pool: group commits (at most `COMMITS_IN_FLIGHT`), loads,
 * compactions and the facilitator's controls.
 */
const POOL_SIZE = 4;
/** Connections that read participant tokens for upgrades, apart from the board's (see `tokenReaders`). */
const TOKEN_READERS = 2;
const TOKEN_READ_TIMEOUT_MS = 2_000;
/** A failing token read repeats at every upgrade: one line a minute. */
const tokenWarning = boardWarningAtMostEvery(60_000);
/**
 * Appends committing at once. Two, not one: a batch that arrives while one commit waits for its WAL
 * flush starts at once on another connection (PostgreSQL flushes both in one go when it can); what
 * arrives while both are in flight waits for the first to finish and goes with the others.
 */
const COMMITS_IN_FLIGHT = 2;
/** A group commit stops taking batches at this many bytes (the next group takes the rest). */
const GROUP_MAX_BYTES = 4 * 1024 * 1024;

interface QueuedAppend {
  boardId: string;
  /** The lease epoch the write is fenced by (several nodes), or null (one node alone). */
  epoch: number | null;
  updates: Buffer[];
  bytes: number;
  resolve(): void;
  reject(error: unknown): void;
}

export interface PgBoardStoreOptions {
  snapshotPartBytes?: number;
}

/** The PostgreSQL store, and the same store fenced by a lease epoch (several nodes). */
export interface PgBoardStore extends BoardStore {
  /**
   * Several nodes (docs/decisions/023): the store as one room sees it, every write fenced by the epoch
   * its node took the board with, in the statement itself: FencedError once the board row carries
   * another. Per room, not per node: a room dropped and replaced on the same node keeps its old epoch.
   */
  fencedBy(epoch: number): BoardStore;
  /** Who holds a participant token of a session (board-core/board-access.ts), for the upgrades. */
  participantByToken: FindParticipantToken;
  close(): Promise<void>;
}

export function createPgBoardStore(databaseUrl: string, options: PgBoardStoreOptions = {}): PgBoardStore {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: POOL_SIZE,
    keepAlive: true,
    // A transaction of a node whose host vanished must not hold a board's row for hours (its successor
    // waits for that row to take the board): PostgreSQL ends it, and notices the dead peer, within seconds.
    options: "-c idle_in_transaction_session_timeout=10000 -c tcp_keepalives_idle=5 -c tcp_keepalives_interval=2 -c tcp_keepalives_count=3",
  });
  // An idle connection that fails (the server restarted) is dropped; the next query opens another.
  pool.on("error", () => undefined);
  /**
   * Upgrades read participant tokens on connections of their own: anyone can open upgrades (a
   * forged cookie still costs a lookup), and a flood of them must not queue ahead of the appends.
   */
  const tokenReaders = new pg.Pool({
    connectionString: databaseUrl,
    max: TOKEN_READERS,
    keepAlive: true,
    // An upgrade waits for this read: bounded, then Prisma is asked (and answers or fails on its own).
    connectionTimeoutMillis: TOKEN_READ_TIMEOUT_MS,
    options: `-c statement_timeout=${TOKEN_READ_TIMEOUT_MS}`,
  });
  tokenReaders.on("error", () => undefined);
  const appends = new GroupCommit(pool);
  /**
   * One part nothing reads: older than the board's current snapshot or beyond its parts (stale), or
   * of a later generation, left by a compaction a crash cut short (unfinished; only a compaction
   * writes there, so only a compaction deletes them).
   */
  async function unusedPart(boardId: string, which: "stale" | "unfinished") {
    const { rows } = await pool.query<{ generation: number; idx: number }>({
      name: `board-${which}-part`,
      text: `SELECT p."generation", p."idx" FROM "BoardSnapshotPart" p JOIN "Board" b ON b."id" = p."boardId"
             WHERE p."boardId" = $1 AND ${
               which === "stale"
                 ? `(p."generation" < b."snapshotGeneration" OR (p."generation" = b."snapshotGeneration" AND p."idx" >= b."snapshotParts"))`
                 : `p."generation" > b."snapshotGeneration"`
             } LIMIT 1`,
      values: [boardId],
    });
    return rows[0];
  }

  async function deletePart(boardId: string, part: { generation: number; idx: number }, epoch: number | null = null) {
    if (epoch === null) {
      await pool.query({
        name: "board-delete-part",
        text: `DELETE FROM "BoardSnapshotPart" WHERE "boardId" = $1 AND "generation" = $2 AND "idx" = $3`,
        values: [boardId, part.generation, part.idx],
      });
      return;
    }
    // A part of an unfinished compaction: only the owner may delete it (another node's could be in progress).
    const { rowCount } = await pool.query({
      name: "board-delete-part-fenced",
      text: `DELETE FROM "BoardSnapshotPart" WHERE "boardId" = $1 AND "generation" = $2 AND "idx" = $3
               AND EXISTS (SELECT 1 FROM "Board" WHERE "id" = $1 AND "leaseEpoch" = $4)`,
      values: [boardId, part.generation, part.idx, epoch],
    });
    if (rowCount === 0) await assertLease(boardId, epoch);
  }

  /** Throws FencedError unless the board row still carries `epoch`. */
  async function assertLease(boardId: string, epoch: number) {
    const { rows } = await pool.query<{ leaseEpoch: number }>({
      name: "board-lease",
      text: `SELECT "leaseEpoch" FROM "Board" WHERE "id" = $1`,
      values: [boardId],
    });
    if (rows[0]?.leaseEpoch !== epoch) throw new FencedError(boardId);
  }

  /** Deletes, a slice at a time, the log entries the snapshot holds and the parts it does not use. */
  async function sweep(boardId: string): Promise<number> {
    let removed = 0;
    for (;;) {
      const { rowCount } = await pool.query({
        name: "board-sweep-folded",
        text: `DELETE FROM "BoardUpdate" WHERE "seq" IN (SELECT "seq" FROM "BoardUpdate" WHERE "boardId" = $1
                 AND "seq" <= (SELECT "snapshotSeq" FROM "Board" WHERE "id" = $1) ORDER BY "seq" LIMIT $2)`,
        values: [boardId, FOLDED_DELETE_BATCH],
      });
      removed += rowCount ?? 0;
      if ((rowCount ?? 0) < FOLDED_DELETE_BATCH) break;
    }
    for (let part = await unusedPart(boardId, "stale"); part; part = await unusedPart(boardId, "stale")) await deletePart(boardId, part);
    return removed;
  }

  /** The switch to a new snapshot: one small transaction, whatever the board's size. */
  async function switchSnapshot(
    boardId: string,
    inline: Buffer | null,
    entries: number,
    generation: number,
    parts: number,
    epoch: number | null,
  ) {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      // The row lock keeps two compactions of one board from folding the same entries twice, and a
      // node taking the board (which bumps the epoch) waits for the switch or makes it fail here.
      const board = await client.query<{ snapshotSeq: number; leaseEpoch: number }>(
        `SELECT "snapshotSeq", "leaseEpoch" FROM "Board" WHERE "id" = $1 FOR NO KEY UPDATE`,
        [boardId],
      );
      if (epoch !== null && board.rows[0]?.leaseEpoch !== epoch) throw new FencedError(boardId);
      const upto = await client.query<{ seq: number }>(
        `SELECT "seq" FROM "BoardUpdate" WHERE "boardId" = $1 AND "seq" > $2 ORDER BY "seq" LIMIT 1 OFFSET $3`,
        [boardId, board.rows[0]?.snapshotSeq ?? 0, entries - 1],
      );
      const uptoSeq = upto.rows[0]?.seq;
      if (uptoSeq === undefined) throw new Error("fewer log entries than the snapshot folds");
      await client.query(
        `UPDATE "Board" SET "snapshot" = $1, "snapshotSeq" = $2, "snapshotGeneration" = $3, "snapshotParts" = $4 WHERE "id" = $5`,
        [inline, uptoSeq, generation, parts, boardId],
      );
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  return {
    ...storeFencedBy(null),
    fencedBy: (epoch: number) => storeFencedBy(epoch),
    async participantByToken(sessionId, tokenHash) {
      try {
        // Prisma keeps DateTime as timestamp(3) in UTC: its epoch, read as such, whatever this process's zone.
        const { rows } = await tokenReaders.query<{
          id: string;
          displayName: string;
          waitingSince: number | null;
          revokedAt: number | null;
          startsAt: number;
        }>({
          name: "participant-by-token",
          text: `SELECT p."id", p."displayName",
                   (extract(epoch FROM p."waitingSince") * 1000)::float8 AS "waitingSince",
                   (extract(epoch FROM p."revokedAt") * 1000)::float8 AS "revokedAt",
                   (extract(epoch FROM s."startsAt") * 1000)::float8 AS "startsAt"
                 FROM "Participant" p JOIN "GroupSession" s ON s."id" = p."sessionId"
                 WHERE p."tokenHash" = $1 AND p."sessionId" = $2`,
          values: [tokenHash, sessionId],
        });
        if (rows.length === 0) return null;
        const row = rows[0];
        const date = (ms: number | null) => (ms === null ? null : new Date(ms));
        return {
          id: row.id,
          displayName: row.displayName,
          waitingSince: date(row.waitingSince),
          revokedAt: date(row.revokedAt),
          sessionStartsAt: new Date(row.startsAt),
        };
      } catch (error) {
        tokenWarning("board store: a participant token could not be read here, asked through Prisma", error);
        return undefined;
      }
    },
    async close() {
      await appends.settle();
      await Promise.all([pool.end(), tokenReaders.end()]);
    },
  };

  /** The store's methods, every write fenced by `fence` (null: one node alone, unfenced). */
  function storeFencedBy(fence: number | null): BoardStore {
    const epochFor = (_boardId: string): number | null => fence;
    return {
      async load(sessionId) {
        const { rows } = await pool.query<{
          id: string;
          snapshot: Buffer | null;
          snapshotSeq: number;
          snapshotGeneration: number;
          snapshotParts: number;
          facilitation: unknown;
          agenda: unknown;
        }>({
          name: "board-find",
          text: `SELECT b."id", b."snapshot", b."snapshotSeq", b."snapshotGeneration", b."snapshotParts", b."facilitation", s."agenda"
               FROM "Board" b JOIN "GroupSession" s ON s."id" = b."sessionId" WHERE b."sessionId" = $1`,
          values: [sessionId],
        });
        const board = rows[0];
        if (!board) return null;
        const parts =
          board.snapshotParts > 0
            ? (
                await pool.query<{ idx: number; data: Buffer }>({
                  name: "board-parts",
                  text: `SELECT "idx", "data" FROM "BoardSnapshotPart" WHERE "boardId" = $1 AND "generation" = $2 AND "idx" < $3 ORDER BY "idx"`,
                  values: [board.id, board.snapshotGeneration, board.snapshotParts],
                })
              ).rows
            : [];
        const snapshot = joinedSnapshot(board, parts);
        const log = await pool.query<{ data: Buffer }>({
          name: "board-log",
          text: `SELECT "data" FROM "BoardUpdate" WHERE "boardId" = $1 AND "seq" > $2 ORDER BY "seq"`,
          values: [board.id, board.snapshotSeq],
        });
        const hidden = await pool.query<{ recordId: string; authorKey: string }>({
          name: "board-hidden-authors",
          text: `SELECT "recordId", "authorKey" FROM "HiddenAuthorship" WHERE "boardId" = $1`,
          values: [board.id],
        });
        const leftover = await pool.query({
          name: "board-leftover",
          text: `SELECT 1 FROM "BoardUpdate" WHERE "boardId" = $1 AND "seq" <= $2 LIMIT 1`,
          values: [board.id, board.snapshotSeq],
        });
        // A compaction cut short after its switch left entries or parts the board no longer uses: they
        // go now, in the background (nothing reads them; erased text must not stay in them).
        if ((leftover.rowCount ?? 0) > 0 || (await unusedPart(board.id, "stale"))) void sweep(board.id).catch(() => undefined);
        return loadedBoard({ ...board, snapshot }, log.rows, hidden.rows);
      },

      async sessionClosed(sessionId) {
        const { rows } = await pool.query<{ closedAt: Date | null }>({
          name: "board-session-closed",
          text: `SELECT "closedAt" FROM "GroupSession" WHERE "id" = $1`,
          values: [sessionId],
        });
        // A session that is gone is as closed as can be.
        return rows.length === 0 || rows[0].closedAt !== null;
      },

      async keepHiddenAuthors(boardId, rows) {
        if (rows.length === 0) return;
        const epoch = epochFor(boardId);
        if (epoch === null) {
          await pool.query({
            name: "board-keep-hidden-authors",
            text: `INSERT INTO "HiddenAuthorship" ("boardId", "recordId", "authorKey")
                 SELECT $1, * FROM unnest($2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
            values: [boardId, rows.map((row) => row.recordId), rows.map((row) => row.authorKey)],
          });
          return;
        }
        // Fenced: the rows go in only while the board row (locked against a takeover meanwhile) has our epoch.
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          const lease = await client.query<{ leaseEpoch: number }>(`SELECT "leaseEpoch" FROM "Board" WHERE "id" = $1 FOR SHARE`, [boardId]);
          if (lease.rows[0]?.leaseEpoch !== epoch) throw new FencedError(boardId);
          await client.query({
            name: "board-keep-hidden-authors",
            text: `INSERT INTO "HiddenAuthorship" ("boardId", "recordId", "authorKey")
                 SELECT $1, * FROM unnest($2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
            values: [boardId, rows.map((row) => row.recordId), rows.map((row) => row.authorKey)],
          });
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK").catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
      },

      async forgetHiddenAuthors(boardId, recordIds) {
        if (recordIds.length === 0) return;
        const epoch = epochFor(boardId);
        const { rowCount } = await pool.query({
          name: epoch === null ? "board-forget-hidden-authors" : "board-forget-hidden-authors-fenced",
          text:
            epoch === null
              ? `DELETE FROM "HiddenAuthorship" WHERE "boardId" = $1 AND "recordId" = ANY($2::text[])`
              : `DELETE FROM "HiddenAuthorship" WHERE "boardId" = $1 AND "recordId" = ANY($2::text[])
                 AND EXISTS (SELECT 1 FROM "Board" WHERE "id" = $1 AND "leaseEpoch" = $3)`,
          values: epoch === null ? [boardId, recordIds] : [boardId, recordIds, epoch],
        });
        if (epoch !== null && rowCount === 0) await assertLease(boardId, epoch);
      },

      append(boardId, updates) {
        if (updates.length === 0) return Promise.resolve();
        let epoch: number | null;
        try {
          epoch = epochFor(boardId);
        } catch (error) {
          return Promise.reject(error);
        }
        return appends.add(boardId, epoch, updates.map(asBuffer));
      },

      async saveFacilitation(boardId, state) {
        const epoch = epochFor(boardId);
        const { rowCount } = await pool.query({
          name: epoch === null ? "board-facilitation" : "board-facilitation-fenced",
          text:
            epoch === null
              ? `UPDATE "Board" SET "facilitation" = $1::jsonb WHERE "id" = $2`
              : `UPDATE "Board" SET "facilitation" = $1::jsonb WHERE "id" = $2 AND "leaseEpoch" = $3`,
          values: epoch === null ? [JSON.stringify(state), boardId] : [JSON.stringify(state), boardId, epoch],
        });
        if (epoch !== null && rowCount === 0) throw new FencedError(boardId);
      },

      async compact(boardId, snapshot, entries) {
        if (entries <= 0) return { removed: 0 };
        const epoch = epochFor(boardId);
        const parts = snapshotParts(snapshot, options.snapshotPartBytes);
        const layout = await pool.query<{ snapshotGeneration: number }>(`SELECT "snapshotGeneration" FROM "Board" WHERE "id" = $1`, [
          boardId,
        ]);
        if (layout.rows.length === 0) throw new Error("board not found");
        // A new generation for a snapshot in parts; the parts are unused until the switch. Parts of a
        // compaction a crash cut short go first.
        for (let part = await unusedPart(boardId, "unfinished"); part; part = await unusedPart(boardId, "unfinished")) {
          await deletePart(boardId, part, epoch);
        }
        const generation = parts.length > 0 ? layout.rows[0].snapshotGeneration + 1 : layout.rows[0].snapshotGeneration;
        for (const [index, part] of parts.entries()) {
          if (epoch === null) {
            await pool.query({
              name: "board-put-part",
              text: `INSERT INTO "BoardSnapshotPart" ("boardId", "generation", "idx", "data") VALUES ($1, $2, $3, $4)`,
              values: [boardId, generation, index, asBuffer(part)],
            });
            continue;
          }
          const { rowCount } = await pool.query({
            name: "board-put-part-fenced",
            text: `INSERT INTO "BoardSnapshotPart" ("boardId", "generation", "idx", "data")
                 SELECT $1, $2, $3, $4 FROM "Board" WHERE "id" = $1 AND "leaseEpoch" = $5`,
            values: [boardId, generation, index, asBuffer(part), epoch],
          });
          if (rowCount === 0) throw new FencedError(boardId);
        }
        await switchSnapshot(boardId, parts.length > 0 ? null : asBuffer(snapshot), entries, generation, parts.length, epoch);
        return { removed: await sweep(boardId) };
      },
    };
  }
}

/**
 * Group commit of the appends of every room. Each room has at most one append in flight (its writes
 * run one at a time, room-writes.ts), so a room's batches reach the queue in order; a group inserts
 * them in queue order (`WITH ORDINALITY … ORDER BY`: the serial `seq` follows it), and each append
 * resolves only once the statement that holds it has committed. A group that PostgreSQL refuses
 * (an error answer: nothing of it was stored) is retried board by board, so that one board's
 * failure (its row deleted, a constraint) fails that board's append only; a group whose outcome is
 * unknown (the connection dropped) fails every append in it, as a single append would.
 */
class GroupCommit {
  private queue: QueuedAppend[] = [];
  private inFlight = 0;
  /** Boards with an append in a group being committed: their next appends wait for it. */
  private readonly boardsInFlight = new Set<string>();
  private idle: (() => void)[] = [];

  constructor(private readonly pool: pg.Pool) {}

  add(boardId: string, epoch: number | null, updates: Buffer[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const bytes = updates.reduce((sum, update) => sum + update.byteLength, 0);
      this.queue.push({ boardId, epoch, updates, bytes, resolve, reject });
      this.next();
    });
  }

  /** Resolves once nothing is queued or in flight. */
  settle(): Promise<void> {
    if (this.inFlight === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private next(): void {
    while (this.inFlight < COMMITS_IN_FLIGHT && this.queue.length > 0) {
      const group = this.take();
      if (group.length === 0) return;
      this.inFlight++;
      void this.commit(group).finally(() => {
        this.inFlight--;
        this.next();
        if (this.inFlight === 0 && this.queue.length === 0) for (const resolve of this.idle.splice(0)) resolve();
      });
    }
  }

  /**
   * The next group: queued appends in order, leaving those of a board whose earlier append is still
   * being committed (two connections could commit them in either order).
   */
  private take(): QueuedAppend[] {
    const group: QueuedAppend[] = [];
    const rest: QueuedAppend[] = [];
    /** Boards with an append left for later: their next ones are left too, to keep their order. */
    const waiting = new Set(this.boardsInFlight);
    let bytes = 0;
    for (const append of this.queue) {
      const fits = group.length === 0 || bytes + append.bytes <= GROUP_MAX_BYTES;
      if (fits && !waiting.has(append.boardId)) {
        group.push(append);
        bytes += append.bytes;
      } else {
        rest.push(append);
        waiting.add(append.boardId);
      }
    }
    this.queue = rest;
    return group;
  }

  private async commit(group: QueuedAppend[]): Promise<void> {
    const boards = new Set(group.map((append) => append.boardId));
    for (const boardId of boards) this.boardsInFlight.add(boardId);
    try {
      await this.commitGroup(group);
    } finally {
      for (const boardId of boards) this.boardsInFlight.delete(boardId);
    }
  }

  private async commitGroup(group: QueuedAppend[]): Promise<void> {
    try {
      const refused = await this.insert(group);
      for (const append of group) {
        if (refused.has(append.boardId)) append.reject(new FencedError(append.boardId));
        else append.resolve();
      }
    } catch (error) {
      if (group.length === 1 || !refusedByServer(error)) {
        for (const append of group) append.reject(error);
        return;
      }
      // Nothing of the group was stored: each append again on its own, in order. After a board's
      // append failed, its later ones fail too: they must not be stored without it.
      const failed = new Map<string, unknown>();
      for (const append of group) {
        if (failed.has(append.boardId)) {
          append.reject(failed.get(append.boardId));
          continue;
        }
        await this.insert([append]).then(
          (refused) => {
            if (!refused.has(append.boardId)) return append.resolve();
            const error = new FencedError(append.boardId);
            failed.set(append.boardId, error);
            append.reject(error);
          },
          (error: unknown) => {
            failed.set(append.boardId, error);
            append.reject(error);
          },
        );
      }
    }
  }

  /** Inserts the group in one statement; returns the boards whose rows the fence kept out (none unfenced). */
  private async insert(group: QueuedAppend[]): Promise<Set<string>> {
    const boards: string[] = [];
    const data: Buffer[] = [];
    const epochs: number[] = [];
    const expected = new Map<string, number>();
    for (const { boardId, updates, epoch } of group) {
      for (const update of updates) {
        boards.push(boardId);
        data.push(update);
        if (epoch !== null) epochs.push(epoch);
      }
      expected.set(boardId, (expected.get(boardId) ?? 0) + updates.length);
    }
    if (epochs.length === 0) {
      await this.pool.query({
        name: "board-append-group",
        text: `INSERT INTO "BoardUpdate" ("boardId", "data")
               SELECT u."boardId", u."data" FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS u("boardId", "data", n)
               ORDER BY u.n`,
        values: [boards, data],
      });
      return new Set();
    }
    // Fenced (several nodes): a board's rows go in only if its row carries the epoch this node holds.
    // FOR SHARE makes a takeover (which bumps the epoch) wait for this statement, or this statement see
    // the bumped row and insert none of that board's rows: all or nothing per board, never after.
    const { rows } = await this.pool.query<{ boardId: string }>({
      name: "board-append-group-fenced",
      text: `INSERT INTO "BoardUpdate" ("boardId", "data")
             SELECT u."boardId", u."data"
             FROM unnest($1::text[], $2::bytea[], $3::int[]) WITH ORDINALITY AS u("boardId", "data", "epoch", n)
             JOIN "Board" b ON b."id" = u."boardId" AND b."leaseEpoch" = u."epoch"
             ORDER BY u.n FOR SHARE OF b
             RETURNING "boardId"`,
      values: [boards, data, epochs],
    });
    const stored = new Map<string, number>();
    for (const row of rows) stored.set(row.boardId, (stored.get(row.boardId) ?? 0) + 1);
    const refused = new Set<string>();
    for (const [boardId, count] of expected) if ((stored.get(boardId) ?? 0) !== count) refused.add(boardId);
    return refused;
  }
}

/** An error PostgreSQL answered with (it has a SQLSTATE): the statement was not committed. */
function refusedByServer(error: unknown): boolean {
  return error instanceof pg.DatabaseError;
}

function asBuffer(data: Uint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
