// When the purge runs (app/privacy/purge.server.ts): once a night, Paris time, by default; PURGE_SCHEDULE
// changes the cron pattern, PURGE_SCHEDULE=off turns it off. Several processes (nodes) may each schedule
// it: the purge's lease lets one of them run it at a time, and the scheduled time it is for lets one run
// per time, not one per node one after the other (docs/decisions/014-retention-and-purge.md).
import { Cron } from "croner";
import type { Db } from "../prisma/db.js";
import { runPurge, type PurgeBoards } from "../app/privacy/purge.server.js";
import { PARIS_TIME_ZONE } from "../app/lib/paris-dates.js";
import { errorFields, type Logger } from "./log.js";

/** 03:15 in Paris: after midnight's last sessions, and a time every day has (not in the 02:00–03:00 jump). */
export const DEFAULT_PURGE_SCHEDULE = "15 3 * * *";

/** Null when the value is a valid cron pattern (or "off"); otherwise why not. */
export function purgeScheduleProblem(value: string): string | null {
  if (value === "off") return null;
  try {
    new Cron(value, { paused: true, timezone: PARIS_TIME_ZONE }).stop();
    return null;
  } catch {
    return "doit être un motif cron (par exemple « 15 3 * * * ») ou off";
  }
}

export interface PurgeScheduler {
  /** The next planned run, or null when there is none. */
  nextRun(): Date | null;
  stop(): void;
}

/** Starts the nightly purge; null when PURGE_SCHEDULE is off. */
export function schedulePurge(options: { schedule: string; db: Db; log: Logger; boards?: PurgeBoards }): PurgeScheduler | null {
  if (options.schedule === "off") {
    options.log.info({ module: "purge" }, "purge schedule off (PURGE_SCHEDULE=off)");
    return null;
  }
  const job = new Cron(options.schedule, { timezone: PARIS_TIME_ZONE, protect: true, name: "purge" }, async (self) => {
    const now = new Date();
    try {
      await runPurge({ db: options.db, now, log: options.log, boards: options.boards, scheduledFor: scheduledTimeOf(self, now) });
    } catch (error) {
      // The lease itself could not be read or written (database away): the next night tries again.
      options.log.error({ module: "purge", err: errorFields(error) }, "purge could not start");
    }
  });
  options.log.info({ module: "purge", next: job.nextRun()?.toISOString() ?? null }, "purge scheduled");
  return { nextRun: () => job.nextRun(), stop: () => job.stop() };
}

/** The scheduled time a run woken at `firedAt` is for: the pattern's last time at or before it. */
export function scheduledTimeOf(job: Pick<Cron, "previousRuns">, firedAt: Date): Date {
  // Times fall on whole seconds and the run wakes at or after its own: a second later finds it.
  return job.previousRuns(1, new Date(firedAt.getTime() + 1_000))[0] ?? firedAt;
}
