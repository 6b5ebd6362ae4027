// Two processes start the purge together on one database: one runs it, the other skips. The one that
// gets the lease holds it (test/support/purge-child.ts waits, blocked, once it has it) until the other
// has answered, so the test does not depend on who is faster; both holding it at once fails the test.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createDb } from "../prisma/db.js";
import { migrateDeploy } from "../scripts/migrate-engine.js";
import { adminQuery, postgresForTests, postgresUrl } from "./support/postgres.js";

const ROOT = path.resolve(import.meta.dirname, "..");
/** Skipped with a message outside CI when no PostgreSQL answers; under CI, never skipped. */
const postgres = await postgresForTests();

function startChild(databaseUrl: string, holdFile: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/purge-child.ts"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PURGE_NOW: "2027-06-01T01:00:00.000Z", PURGE_HOLD_UNTIL: holdFile },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let markHolding: () => void = () => {};
  const holding = new Promise<void>((resolve) => (markHolding = resolve));
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes("holding")) markHolding();
  });
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<string>((resolve) => child.once("exit", () => resolve(output)));
  return { child, holding, exited };
}

async function twoPurgesTogether(databaseUrl: string, dir: string) {
  const holdFile = path.join(dir, `release-${randomUUID()}`);
  const first = startChild(databaseUrl, holdFile);
  const second = startChild(databaseUrl, holdFile);
  try {
    const earliest = await Promise.race([
      Promise.all([first.holding, second.holding]).then(() => "both hold the lease"),
      first.exited,
      second.exited,
    ]);
    // The one that answered first is the one that did not get the lease.
    expect(earliest).toContain('{"status":"skipped"}');
    writeFileSync(holdFile, "");
    const outputs = await Promise.all([first.exited, second.exited]);
    expect(outputs.filter((output) => output.includes('{"status":"done"}'))).toHaveLength(1);
    expect(outputs.filter((output) => output.includes('{"status":"skipped"}'))).toHaveLength(1);
  } finally {
    writeFileSync(holdFile, "");
    first.child.kill("SIGKILL");
    second.child.kill("SIGKILL");
  }
  const db = createDb(databaseUrl);
  try {
    expect(await db.purgeRun.count()).toBe(1);
    expect(await db.jobLease.count()).toBe(0);
  } finally {
    await db.$disconnect();
  }
}

describe("one purge at a time across processes", () => {
  it("on one SQLite file, two purges started together: one runs, the other skips", { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "atelier-purge-lease-"));
    try {
      const url = `file:${path.join(dir, "test.db")}`;
      await migrateDeploy(url);
      await twoPurgesTogether(url, dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!postgres)("on PostgreSQL, two purges started together: one runs, the other skips", { timeout: 60_000 }, async () => {
    const name = `atelier_test_${randomUUID().replaceAll("-", "")}`;
    const url = postgresUrl(name);
    const dir = mkdtempSync(path.join(tmpdir(), "atelier-purge-lease-"));
    await adminQuery(`CREATE DATABASE "${name}"`);
    try {
      await migrateDeploy(url);
      await twoPurgesTogether(url, dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });
});
