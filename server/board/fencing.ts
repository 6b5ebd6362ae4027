// Fencing of a board's writes by its lease epoch (docs/decisions/023): the owner of a board writes only
// while the board row still carries the epoch it got when it took the board. A node that lost the
// board (its lock connection cut, a long pause) finds its writes refused by PostgreSQL itself.

/** A write refused because this node no longer owns the board (another took it, or it was never taken). */
export class FencedError extends Error {
  constructor(readonly boardId: string) {
    super(`board ${boardId}: owned by another node`);
    this.name = "FencedError";
  }
}

export function isFenced(error: unknown): error is FencedError {
  return error instanceof FencedError;
}
