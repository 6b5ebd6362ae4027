// The migration histories (prisma/migrations for SQLite, prisma/postgres/migrations for
// PostgreSQL) must build exactly the schema of prisma/schema.prisma, on a fresh database.
import { randomUUID } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDeploy, migrateDev, migrationDiff, migrationStatus, PROJECT_ROOT } from "../scripts/migrate-engine.js";
import { createDb } from "../prisma/db.js";
import { adminQuery, postgresForTests, postgresUrl } from "./support/postgres.js";

const postgres = await postgresForTests();

function migrationNames(folder: string): string[] {
  return readdirSync(path.join(PROJECT_ROOT, folder), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function scratchDir(): string {
  return mkdtempSync(path.join(tmpdir(), "atelier-migrations-"));
}

describe("SQLite (the default database)", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("a fresh file gets every migration once, and then stores a structure", async () => {
    const dir = scratchDir();
    dirs.push(dir);
    const url = `file:${path.join(dir, "nested", "atelier.db")}`;

    const first = await migrateDeploy(url);
    expect(first.applied).toEqual(migrationNames("prisma/migrations"));
    expect(first.applied.length).toBeGreaterThan(0);
    expect((await migrateDeploy(url)).applied).toEqual([]);

    const db = createDb(url);
    try {
      const created = await db.structure.create({ data: { name: "Mission locale du Val", kind: "association" } });
      const found = await db.structure.findUniqueOrThrow({ where: { id: created.id } });
      expect(found).toMatchObject({ name: "Mission locale du Val", kind: "association", territory: null });
      expect(found.createdAt).toBeInstanceOf(Date);
    } finally {
      await db.$disconnect();
    }
    const file = new Database(path.join(dir, "nested", "atelier.db"), { readonly: true });
    expect(file.pragma("journal_mode", { simple: true })).toBe("wal");
    file.close();
  });

  it("after deploy, status and diff are empty: the migrations match the schema", async () => {
    const dir = scratchDir();
    dirs.push(dir);
    const url = `file:${path.join(dir, "atelier.db")}`;
    const before = await migrationStatus(url);
    expect(before.upToDate).toBe(false);
    expect(before.hasMigrationsTable).toBe(false);

    await migrateDeploy(url);
    const status = await migrationStatus(url);
    expect(status).toMatchObject({ upToDate: true, history: null, failedMigrationNames: [], editedMigrationNames: [] });
    expect(await migrationDiff(url)).toEqual({ migrationsToSchema: null, databaseToSchema: null });
  });

  it("dev creates a migration from a schema change, and asks before losing data", async () => {
    // A scratch copy of prisma/, so the project's own migrations stay untouched.
    const root = scratchDir();
    dirs.push(root);
    mkdirSync(path.join(root, "prisma"));
    cpSync(path.join(PROJECT_ROOT, "prisma/schema.prisma"), path.join(root, "prisma/schema.prisma"));
    cpSync(path.join(PROJECT_ROOT, "prisma/migrations"), path.join(root, "prisma/migrations"), { recursive: true });
    const url = `file:${path.join(root, "dev.db")}`;
    const schemaPath = path.join(root, "prisma/schema.prisma");
    const editSchema = (from: RegExp, to: string) => writeFileSync(schemaPath, readFileSync(schemaPath, "utf8").replace(from, to));
    const refuse = async () => false;

    const unchanged = await migrateDev(url, { confirmDataLoss: refuse }, root);
    expect(unchanged.created).toBeNull();
    expect(unchanged.appliedBefore).toEqual(migrationNames("prisma/migrations"));

    editSchema(/^ {2}territory +String\?\n/m, "  territory String?\n  siret String?\n");
    const added = await migrateDev(url, { name: "Numéro SIRET", confirmDataLoss: refuse }, root);
    expect(added.created).toMatch(/^\d{14}_numero_siret$/);
    expect(added.warnings).toEqual([]);
    expect(await migrationDiff(url, root)).toEqual({ migrationsToSchema: null, databaseToSchema: null });

    const db = createDb(url);
    await db.$executeRawUnsafe(`INSERT INTO "Organization" ("id", "name", "territory") VALUES ('o1', 'CAF', 'Nord')`);
    await db.$disconnect();
    editSchema(/^ {2}territory +String\?\n/m, "");
    const asked: string[][] = [];
    const refused = await migrateDev(url, { name: "drop territory", confirmDataLoss: async (w) => (asked.push(w), false) }, root);
    expect(refused).toMatchObject({ cancelled: true, created: null });
    expect(asked[0]?.join("\n")).toMatch(/territory/);

    const accepted = await migrateDev(url, { name: "drop territory", confirmDataLoss: async () => true }, root);
    expect(accepted.created).toMatch(/_drop_territory$/);
    expect([added.created!, accepted.created!].sort()).toEqual([added.created, accepted.created]);
    expect((await migrationStatus(url, root)).upToDate).toBe(true);
    expect(await migrationDiff(url, root)).toEqual({ migrationsToSchema: null, databaseToSchema: null });
  });
});

describe.runIf(postgres)("PostgreSQL", () => {
  const database = `atelier_test_${randomUUID().replaceAll("-", "")}`;
  const url = postgresUrl(database);

  beforeAll(() => adminQuery(`CREATE DATABASE "${database}"`));
  afterAll(() => adminQuery(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));

  it("migrations apply once, match the schema, and the client stores a structure", async () => {
    expect((await migrateDeploy(url)).applied).toEqual(migrationNames("prisma/postgres/migrations"));
    expect((await migrateDeploy(url)).applied).toEqual([]);

    const status = await migrationStatus(url);
    expect(status).toMatchObject({ upToDate: true, history: null, failedMigrationNames: [], editedMigrationNames: [] });
    expect(await migrationDiff(url)).toEqual({ migrationsToSchema: null, databaseToSchema: null });

    const db = createDb(url);
    try {
      const created = await db.structure.create({ data: { name: "France Travail Lille", kind: "france_travail" } });
      expect(await db.structure.findUnique({ where: { id: created.id } })).toMatchObject({ name: "France Travail Lille" });
    } finally {
      await db.$disconnect();
    }
  });
});
