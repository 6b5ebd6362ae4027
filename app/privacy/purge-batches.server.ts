// What every kind of the purge shares: its context (one structure, its periods, where counts go),
// and reading rows a batch at a time, ordered by id, after the last one seen, so that no query is
// unbounded. Plain Prisma queries: the same on SQLite and PostgreSQL.
import type { Db } from "../../prisma/db.js";
import { t } from "../i18n/index.js";
import type { LiveBoards } from "../lib/load-context.js";
import type { ErasureBoards } from "./erase-person.server.js";
import { dueBefore, type RetentionAction, type RetentionKind, type RetentionOverrides } from "./retention.js";

/**
 * What the purge may ask of the live boards: who is on one right now, unloading one before its rows go
 * (so that a board still in memory writes nothing back), and for erasure removing an author's cards.
 */
export type PurgeBoards = Pick<LiveBoards, "connectedPeople"> & Partial<Pick<LiveBoards, "forgetBoard">> & Partial<ErasureBoards>;

export interface KindContext {
  db: Db;
  now: Date;
  batchSize: number;
  boards?: PurgeBoards;
  /** Null: data that belongs to no (existing) structure, which the defaults govern. */
  structureId: string | null;
  overrides: RetentionOverrides;
  record(kind: RetentionKind, action: RetentionAction, count: number): void;
  /** A row left for the next run (a live board, a person whose cards no board can reach now). */
  postpone(kind: RetentionKind): void;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Names left on anonymised rows: a neutral word, the same for everyone. */
export const ANONYMOUS_NAME = t("privacy.purge.anonymousName");
/** A participant's token hash once anonymised or erased: no token hashes to it. */
export const CLEARED_TOKEN = ["purged-", "erased-"];

/** Runs `act` on the ids `find` returns, a batch at a time, each batch after the last id seen. */
export async function inBatches(
  context: KindContext,
  find: (after: string, take: number) => Promise<{ id: string }[]>,
  act: (ids: string[]) => Promise<number>,
): Promise<number> {
  let after = "";
  let total = 0;
  for (;;) {
    const rows = await find(after, context.batchSize);
    if (rows.length === 0) return total;
    total += await act(rows.map((row) => row.id));
    if (rows.length < context.batchSize) return total;
    after = rows[rows.length - 1]!.id;
  }
}

export const page = (take: number) => ({ orderBy: { id: "asc" as const }, take, select: { id: true } });
export const idAfter = (after: string) => ({ id: { gt: after } });

/** Rows whose period started before this moment are due, with the structure's own periods. */
export function cutoffOf(context: KindContext, kind: RetentionKind): Date {
  return dueBefore(kind, context.now, context.overrides);
}
