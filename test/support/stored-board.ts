import type { Db } from "../../prisma/db.js";

/** Every stored byte of a session's board: its snapshot and each log row, to look for words that must be gone. */
export async function storedBoardBytes(db: Db, sessionId: string): Promise<Buffer[]> {
  const board = await db.board.findUniqueOrThrow({ where: { sessionId }, select: { id: true, snapshot: true } });
  const rows = await db.boardUpdate.findMany({ where: { boardId: board.id }, select: { data: true } });
  return [...(board.snapshot ? [Buffer.from(board.snapshot)] : []), ...rows.map((row) => Buffer.from(row.data))];
}

/** How many stored pieces of a session's board (snapshot, log rows) hold `text`. */
export async function storedRowsHolding(db: Db, sessionId: string, text: string): Promise<number> {
  return (await storedBoardBytes(db, sessionId)).filter((bytes) => bytes.includes(text)).length;
}
