// The nightly purge's schedule: a cron pattern in Paris time from PURGE_SCHEDULE, "off" to turn it off,
// and a wrong value stops the start with a readable message.
import { describe, expect, it } from "vitest";
import { parseEnv } from "../server/env.js";
import { createLogger } from "../server/log.js";
import { DEFAULT_PURGE_SCHEDULE, schedulePurge } from "../server/purge-schedule.js";
import type { Db } from "../prisma/db.js";

const log = createLogger("silent");
/** The configuration a process started with these variables (and no others) would read. */
const envWith = (variables: Record<string, string>) => parseEnv({ NODE_ENV: "test", ...variables });
const noDb = {} as Db;

describe("the purge's schedule", () => {
  it("runs once a night at 03:15 Paris time by default, winter and summer", () => {
    expect(envWith({}).PURGE_SCHEDULE).toBe(DEFAULT_PURGE_SCHEDULE);
    const scheduler = schedulePurge({ schedule: DEFAULT_PURGE_SCHEDULE, db: noDb, log });
    try {
      const next = scheduler!.nextRun()!;
      const paris = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", hour: "2-digit", minute: "2-digit" }).format(next);
      expect(paris).toBe("03:15");
      expect(next.getTime() - Date.now()).toBeLessThanOrEqual(25 * 60 * 60 * 1000);
    } finally {
      scheduler?.stop();
    }
  });

  it("PURGE_SCHEDULE takes another pattern, or off; anything else stops the start with the variable's name", () => {
    expect(envWith({ PURGE_SCHEDULE: "0 4 * * 1" }).PURGE_SCHEDULE).toBe("0 4 * * 1");
    expect(envWith({ PURGE_SCHEDULE: "off" }).PURGE_SCHEDULE).toBe("off");
    expect(schedulePurge({ schedule: "off", db: noDb, log })).toBeNull();
    expect(() => envWith({ PURGE_SCHEDULE: "toutes les nuits" })).toThrow(/PURGE_SCHEDULE/);
    expect(() => envWith({ PURGE_SCHEDULE: "99 3 * * *" })).toThrow(/PURGE_SCHEDULE/);
  });
});
