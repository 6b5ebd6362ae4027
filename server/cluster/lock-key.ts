// The PostgreSQL advisory lock key of a board (docs/decisions/023): 64 bits of a hash of its id, signed
// as `pg_try_advisory_lock(bigint)` wants them. The "board:" prefix keeps these keys apart from any
// other advisory lock of the product.
import { createHash } from "node:crypto";

export function boardLockKey(boardId: string): bigint {
  return createHash("sha256").update(`board:${boardId}`).digest().readBigInt64BE(0);
}

/** How the key shows in pg_locks (classid: high 32 bits, objid: low 32 bits, objsubid 1). */
export function lockKeyInPgLocks(key: bigint): { classid: number; objid: number } {
  const unsigned = BigInt.asUintN(64, key);
  return { classid: Number(unsigned >> 32n), objid: Number(unsigned & 0xffffffffn) };
}
