import type { Db } from "../../prisma/db.js";
import { joinedSnapshot, loadedBoard, type BoardStore } from "../../board-core/board-store.js";

/**
 * A stored board read and written through the app's Prisma client: the pages read boards this way
 * (reports, closing), off the relay's path; the board server has its own faster stores
 * (server/board/board-store.ts, board-store-pg.ts) over the same tables.
 */
export function createPrismaBoardStore(db: Db): BoardStore {
  return {
    async load(sessionId) {
      const board = await db.board.findUnique({
        where: { sessionId },
        select: {
          id: true,
          snapshot: true,
          snapshotSeq: true,
          snapshotGeneration: true,
          snapshotParts: true,
          facilitation: true,
          session: { select: { agenda: true } },
        },
      });
      if (!board) return null;
      const parts =
        board.snapshotParts > 0
          ? await db.boardSnapshotPart.findMany({
              where: { boardId: board.id, generation: board.snapshotGeneration, idx: { lt: board.snapshotParts } },
              orderBy: { idx: "asc" },
              select: { idx: true, data: true },
            })
          : [];
      const entries = await db.boardUpdate.findMany({
        where: { boardId: board.id, seq: { gt: board.snapshotSeq } },
        orderBy: { seq: "asc" },
        select: { data: true },
      });
      const hidden = await db.hiddenAuthorship.findMany({ where: { boardId: board.id }, select: { recordId: true, authorKey: true } });
      return loadedBoard({ ...board, snapshot: joinedSnapshot(board, parts), agenda: board.session.agenda }, entries, hidden);
    },

    async sessionClosed(sessionId) {
      const session = await db.groupSession.findUnique({ where: { id: sessionId }, select: { closedAt: true } });
      return !session || session.closedAt !== null;
    },

    async keepHiddenAuthors(boardId, rows) {
      await db.hiddenAuthorship.createMany({ data: rows.map((row) => ({ boardId, ...row })) });
    },

    async forgetHiddenAuthors(boardId, recordIds) {
      if (recordIds.length > 0) await db.hiddenAuthorship.deleteMany({ where: { boardId, recordId: { in: recordIds } } });
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
        // Written whole, off the relay's path (the board server writes big snapshots in parts).
        await tx.board.update({
          where: { id: boardId },
          data: { snapshot: toBytes(snapshot), snapshotSeq: uptoSeq, snapshotParts: 0 },
        });
        await tx.boardSnapshotPart.deleteMany({ where: { boardId } });
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
