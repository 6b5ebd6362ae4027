// The scheduled purge: applies the retention policy (app/privacy/retention.ts) to every structure with
// its own periods, and to data of no structure with the defaults. One run at a time across processes
// (a lease, purge-lease.server.ts). What it removed is counted per structure, kind and action into
// PurgeRun/PurgeCount and logged as counts: never a name, a text, an e-mail or a phone.
// Started by server/index.ts on a schedule (docs/decisions/014-retention-and-purge.md).
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Db } from "../../prisma/db.js";
import type { KindContext, PurgeBoards } from "./purge-batches.server.js";
import { purgeStructure } from "./purge-kinds.server.js";
import { purgeUnowned } from "./purge-unowned.server.js";
import { releaseLease, renewLease, takeLease } from "./purge-lease.server.js";
import type { RetentionAction, RetentionKind } from "./retention.js";
import { retentionOverridesOf } from "./retention.server.js";

export type { PurgeBoards };

/** The lease's name in JobLease. */
export const PURGE_LEASE = "purge";

/** What the purge writes to: the server's pino logger fits (fields first, then the message). */
export interface PurgeLog {
  info(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface PurgeOptions {
  db: Db;
  /** The moment periods are counted back from (tests drive it). */
  now: Date;
  log: PurgeLog;
  /** The live boards: a board someone is on is left for the next run; erasure removes a person's cards through them. */
  boards?: PurgeBoards;
  /** Rows read, deleted or changed per query. */
  batchSize?: number;
  /** How long the lease holds before another process may take it over, renewed between structures. */
  leaseMs?: number;
  /** Who holds the lease (default: host, process and a random id). */
  holder?: string;
  /**
   * The scheduled time this run is for: when a run started at or after it already (another node,
   * woken by the same schedule, ran it and gave the lease back), this one skips. Each node's run
   * starts at or after the scheduled time by its own clock, so a few seconds between clocks change nothing.
   */
  scheduledFor?: Date;
}

export interface PurgeCountLine {
  structureId: string | null;
  kind: RetentionKind;
  action: "deleted" | "anonymised";
  count: number;
}

export type PurgeResult =
  | { status: "skipped" }
  | { status: "done" | "failed"; runId: string; counts: PurgeCountLine[]; postponed: Partial<Record<RetentionKind, number>> };

const DEFAULT_BATCH = 200;
const DEFAULT_LEASE_MS = 30 * 60 * 1000;
const STRUCTURES_PER_PAGE = 100;

const actionWord = (action: RetentionAction) => (action === "delete" ? "deleted" : "anonymised");

export async function runPurge(options: PurgeOptions): Promise<PurgeResult> {
  const { db, now, log } = options;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const holder = options.holder ?? `${hostname()}:${process.pid}:${randomUUID()}`;
  const startedReal = Date.now();
  // The lease and the run's end follow the controlled clock, moved on by the time really spent.
  const clock = () => new Date(now.getTime() + (Date.now() - startedReal));

  if (!(await takeLease(db, PURGE_LEASE, holder, now, new Date(now.getTime() + leaseMs)))) {
    log.info({ module: "purge" }, "purge skipped: another process is running it");
    return { status: "skipped" };
  }
  // Read while holding the lease: a run for this time that another node finished is visible now.
  if (options.scheduledFor && (await db.purgeRun.count({ where: { startedAt: { gte: options.scheduledFor } } })) > 0) {
    await releaseLease(db, PURGE_LEASE, holder);
    log.info({ module: "purge" }, "purge skipped: another process ran it for this time");
    return { status: "skipped" };
  }

  const tally = new Map<string, PurgeCountLine>();
  const postponed: Partial<Record<RetentionKind, number>> = {};
  let outcome: "done" | "failed" = "done";
  let runId = "";
  try {
    runId = (await db.purgeRun.create({ data: { startedAt: now } })).id;
    log.info({ module: "purge", runId }, "purge started");
    const base = {
      db,
      now,
      batchSize: options.batchSize ?? DEFAULT_BATCH,
      boards: options.boards,
      postpone: (kind: RetentionKind) => void (postponed[kind] = (postponed[kind] ?? 0) + 1),
    };
    const recorder = (structureId: string | null) => (kind: RetentionKind, action: RetentionAction, count: number) => {
      if (count === 0) return;
      const key = `${structureId ?? ""}|${kind}|${action}`;
      const line = tally.get(key) ?? { structureId, kind, action: actionWord(action), count: 0 };
      line.count += count;
      tally.set(key, line);
    };

    let after = "";
    for (;;) {
      const structures = await db.structure.findMany({
        where: { id: { gt: after } },
        orderBy: { id: "asc" },
        take: STRUCTURES_PER_PAGE,
        select: { id: true },
      });
      for (const { id } of structures) {
        const context: KindContext & { structureId: string } = {
          ...base,
          structureId: id,
          overrides: await retentionOverridesOf(db, id),
          record: recorder(id),
        };
        await purgeStructure(context);
        if (!(await renewLease(db, PURGE_LEASE, holder, new Date(clock().getTime() + leaseMs)))) throw new Error("purge lease lost");
      }
      if (structures.length < STRUCTURES_PER_PAGE) break;
      after = structures[structures.length - 1]!.id;
    }
    await purgeUnowned({ ...base, structureId: null, overrides: {}, record: recorder(null) });
  } catch (error) {
    outcome = "failed";
    // The error's kind only: a database error's message can quote the values it was given.
    log.error({ module: "purge", runId, err: { name: error instanceof Error ? error.name : typeof error } }, "purge failed");
  } finally {
    const counts = [...tally.values()];
    try {
      if (runId) {
        if (counts.length > 0) await db.purgeCount.createMany({ data: counts.map((line) => ({ runId, ...line })) });
        await db.purgeRun.update({ where: { id: runId }, data: { outcome, finishedAt: clock() } });
      }
    } finally {
      await releaseLease(db, PURGE_LEASE, holder);
    }
  }
  const counts = [...tally.values()];
  log.info({ module: "purge", runId, outcome, counts, postponed }, "purge finished");
  return { status: outcome, runId, counts, postponed };
}

/** The last run and what it removed for one structure, for its administration page. */
export async function lastPurgeFor(db: Db, structureId: string) {
  const run = await db.purgeRun.findFirst({
    orderBy: { startedAt: "desc" },
    select: { id: true, startedAt: true, finishedAt: true, outcome: true },
  });
  if (!run) return null;
  const counts = await db.purgeCount.findMany({
    where: { runId: run.id, structureId },
    orderBy: [{ kind: "asc" }, { action: "asc" }],
    select: { kind: true, action: true, count: true },
  });
  return { ...run, counts };
}
