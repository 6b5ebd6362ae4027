import type { Db } from "../db.js";

/** What a room needs from the database: the append-only update log and its compacted snapshot. */
export interface BoardStore {
  /** The board of a session, with its snapshot and every log entry after it, in order. */
  load(sessionId: string): Promise<LoadedBoard | null>;
  /** Writes a batch of updates in one statement; resolves once they are durable. */
  append(boardId: string, updates: Uint8Array[]): Promise<void>;
  /** Replaces the log up to the newest entry with `snapshot`, which must contain all of it. */
  compact(boardId: string, snapshot: Uint8Array): Promise<{ removed: number }>;
}

export interface LoadedBoard {
  boardId: string;
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
}

export function createPrismaBoardStore(db: Db): BoardStore {
  return {
    async load(sessionId) {
      const board = await db.board.findUnique({
        where: { sessionId },
        select: { id: true, snapshot: true, snapshotSeq: true },
      });
      if (!board) return null;
      const entries = await db.boardUpdate.findMany({
        where: { boardId: board.id, seq: { gt: board.snapshotSeq } },
        orderBy: { seq: "asc" },
        select: { data: true },
      });
      return {
        boardId: board.id,
        snapshot: board.snapshot ? new Uint8Array(board.snapshot) : null,
        updates: entries.map((entry) => new Uint8Array(entry.data)),
      };
    },

    async append(boardId, updates) {
      if (updates.length === 0) return;
      await db.boardUpdate.createMany({
        data: updates.map((data) => ({ boardId, data: toBytes(data) })),
      });
    },

    async compact(boardId, snapshot) {
      return db.$transaction(async (tx) => {
        const newest = await tx.boardUpdate.aggregate({ where: { boardId }, _max: { seq: true } });
        const uptoSeq = newest._max.seq;
        if (uptoSeq === null) return { removed: 0 };
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
