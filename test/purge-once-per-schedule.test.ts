// Every node schedules the nightly purge; it runs once per scheduled time, not once per node one after
// the other (the lease alone only keeps two from running at the same moment). On SQLite and PostgreSQL.
import { Cron } from "croner";
import { describe, expect, it } from "vitest";
import { runPurge } from "../app/privacy/purge.server.js";
import { createDb } from "../prisma/db.js";
import { DEFAULT_PURGE_SCHEDULE, scheduledTimeOf } from "../server/purge-schedule.js";
import { PARIS_TIME_ZONE } from "../app/lib/paris-dates.js";
import { createTestDatabase } from "./support/fixtures.js";
import { postgresForTests, withPostgresDatabase } from "./support/postgres.js";

const postgres = await postgresForTests();
const silent = { info() {}, error() {} };
const at = (ms: number) => new Date(Date.parse("2027-06-01T01:15:00.000Z") + ms);

async function threeNodesWokenTogether(url: string) {
  const db = createDb(url);
  try {
    const job = new Cron(DEFAULT_PURGE_SCHEDULE, { timezone: PARIS_TIME_ZONE, paused: true });
    // Nodes wake a little apart (their clocks and timers differ); each finds the same scheduled time.
    const woken = [at(3), at(40), at(1_900)];
    const slots = woken.map((firedAt) => scheduledTimeOf(job, firedAt));
    expect(slots.map((slot) => slot.toISOString())).toEqual(Array(3).fill("2027-06-01T01:15:00.000Z"));
    const results = [];
    for (const [index, firedAt] of woken.entries()) {
      results.push(await runPurge({ db, now: firedAt, log: silent, scheduledFor: slots[index], holder: `node-${index}` }));
    }
    expect(results.map((result) => result.status)).toEqual(["done", "skipped", "skipped"]);
    // The next night is another time: it runs again.
    const nextNight = at(24 * 3_600_000 + 5);
    expect((await runPurge({ db, now: nextNight, log: silent, scheduledFor: scheduledTimeOf(job, nextNight) })).status).toBe("done");
    expect(await db.purgeRun.count()).toBe(2);
    expect(await db.jobLease.count()).toBe(0);
    job.stop();
  } finally {
    await db.$disconnect();
  }
}

describe("the purge on several nodes", () => {
  it("on SQLite, runs once per scheduled time", { timeout: 30_000 }, async () => {
    const database = await createTestDatabase();
    try {
      await threeNodesWokenTogether(database.url);
    } finally {
      await database.cleanup();
    }
  });

  it.skipIf(!postgres)("on PostgreSQL, runs once per scheduled time", { timeout: 60_000 }, () =>
    withPostgresDatabase(threeNodesWokenTogether),
  );
});
