// The data migration 20261130191500_sharing_end_paris_day: sharing end dates stored before the
// Paris-calendar fix as the UTC end of the chosen day (shown as the next day in Paris) move to the
// last millisecond of that day in Paris, as app/lib/paris-dates.ts writes them now; a second run
// changes nothing. Run on SQLite (its three ways of storing a DateTime) and on PostgreSQL.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDeploy } from "../scripts/migrate-engine.js";
import { createDb } from "../prisma/db.js";
import { endOfParisDay, parisCalendarDay } from "../app/lib/paris-dates.js";
import { createTestDatabase } from "./support/fixtures.js";
import { adminQuery, postgresUrl } from "./support/postgres.js";

const MIGRATION = "20261130191500_sharing_end_paris_day";
const sqliteSql = readFileSync(path.join("prisma/migrations", MIGRATION, "migration.sql"), "utf8");
const postgresSql = readFileSync(path.join("prisma/postgres/migrations", MIGRATION, "migration.sql"), "utf8");

/** Chosen days around New Year, both daylight-saving changes of 2027 (28 March, 31 October) and 2026's. */
const DAYS = [
  "2027-01-01",
  "2027-03-27",
  "2027-03-28",
  "2027-03-31",
  "2027-06-15",
  "2027-10-30",
  "2027-10-31",
  "2027-12-31",
  "2026-03-29",
  "2026-10-25",
];
/** What the old code stored for a chosen day: that day's UTC end. */
const oldEnd = (day: string) => new Date(`${day}T23:59:59.999Z`);

async function seedGrants(db: ReturnType<typeof createDb>) {
  const structure = await db.structure.create({ data: { name: `Structure ${randomUUID()}` } });
  const person = await db.person.create({ data: { structureId: structure.id, displayName: "Awa" } });
  const grant = (expiresAt: Date) => db.consentGrant.create({ data: { personId: person.id, structureId: structure.id, expiresAt } });
  const old = await Promise.all(DAYS.map(async (day) => ({ day, id: (await grant(oldEnd(day))).id })));
  // Already in the new form, and an instant that is no end of day at all: both left alone.
  const current = await grant(endOfParisDay("2027-03-31"));
  const other = await grant(new Date("2027-05-01T12:34:56.789Z"));
  return { old, current: current.id, other: other.id };
}

async function expectMigrated(db: ReturnType<typeof createDb>, grants: Awaited<ReturnType<typeof seedGrants>>) {
  for (const { day, id } of grants.old) {
    const { expiresAt } = await db.consentGrant.findUniqueOrThrow({ where: { id } });
    expect(expiresAt.toISOString(), day).toBe(endOfParisDay(day).toISOString());
    expect(parisCalendarDay(expiresAt), day).toBe(day);
  }
  expect((await db.consentGrant.findUniqueOrThrow({ where: { id: grants.current } })).expiresAt).toEqual(endOfParisDay("2027-03-31"));
  expect((await db.consentGrant.findUniqueOrThrow({ where: { id: grants.other } })).expiresAt).toEqual(
    new Date("2027-05-01T12:34:56.789Z"),
  );
}

describe("sharing end dates, SQLite", () => {
  it("moves the UTC ends of day to the Paris ones, in each stored form, and a second run changes nothing", async () => {
    const database = await createTestDatabase();
    try {
      const grants = await seedGrants(database.db);
      // Prisma's adapter writes "…+00:00"; older clients wrote "…Z" or epoch milliseconds.
      const file = new Database(database.url.slice("file:".length));
      try {
        const [first, second, ...rest] = grants.old;
        file.prepare(`UPDATE "ConsentGrant" SET "expiresAt" = ? WHERE id = ?`).run(`${first.day}T23:59:59.999Z`, first.id);
        file.prepare(`UPDATE "ConsentGrant" SET "expiresAt" = ? WHERE id = ?`).run(oldEnd(second.day).getTime(), second.id);
        const stored = file.prepare(`SELECT typeof("expiresAt") AS type, "expiresAt" AS value FROM "ConsentGrant" WHERE id = ?`);
        expect(stored.get(rest[0].id)).toEqual({ type: "text", value: `${rest[0].day}T23:59:59.999+00:00` });
        expect(stored.get(second.id)).toMatchObject({ type: "integer" });

        file.exec(sqliteSql);
        await expectMigrated(database.db, grants);
        // Each kept in its own form.
        expect(stored.get(first.id)).toMatchObject({ type: "text", value: expect.stringMatching(/Z$/) });
        expect(stored.get(second.id)).toMatchObject({ type: "integer" });
        expect(stored.get(rest[0].id)).toMatchObject({ type: "text", value: expect.stringMatching(/\+00:00$/) });

        const before = file.prepare(`SELECT id, "expiresAt" FROM "ConsentGrant" ORDER BY id`).all();
        file.exec(sqliteSql);
        expect(file.prepare(`SELECT id, "expiresAt" FROM "ConsentGrant" ORDER BY id`).all()).toEqual(before);
      } finally {
        file.close();
      }
    } finally {
      await database.cleanup();
    }
  });

  it("is applied by the migrations (npm run db:migrate)", async () => {
    const database = await createTestDatabase();
    try {
      const file = new Database(database.url.slice("file:".length), { readonly: true });
      try {
        expect(file.prepare(`SELECT migration_name FROM _prisma_migrations WHERE migration_name = ?`).get(MIGRATION)).toBeTruthy();
      } finally {
        file.close();
      }
    } finally {
      await database.cleanup();
    }
  });
});

describe("sharing end dates, PostgreSQL", () => {
  const name = `atelier_test_${randomUUID().replaceAll("-", "")}`;
  const url = postgresUrl(name);
  beforeAll(async () => {
    await adminQuery(`CREATE DATABASE "${name}"`);
    await migrateDeploy(url);
  });
  afterAll(() => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));

  it("moves the UTC ends of day to the Paris ones, and a second run changes nothing", async () => {
    const db = createDb(url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const grants = await seedGrants(db);
      await client.query(postgresSql);
      await expectMigrated(db, grants);
      const snapshot = async () => (await client.query(`SELECT id, "expiresAt"::text AS value FROM "ConsentGrant" ORDER BY id`)).rows;
      const before = await snapshot();
      await client.query(postgresSql);
      expect(await snapshot()).toEqual(before);
    } finally {
      await client.end();
      await db.$disconnect();
    }
  });
});
