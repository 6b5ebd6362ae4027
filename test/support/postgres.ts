import { randomUUID } from "node:crypto";
import pg from "pg";
import { migrateDeploy } from "../../scripts/migrate-engine.js";

/** Where the PostgreSQL tests create (and drop) their own databases. */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

/**
 * Whether the PostgreSQL tests can run. They need a PostgreSQL server (15 on CI) at TEST_POSTGRES_URL
 * (default postgresql://postgres@127.0.0.1:5432/test) whose user may create and drop databases.
 * Unreachable: outside CI they are skipped with a message saying so; under CI (`CI` set, as .ci/run
 * does, which starts PostgreSQL first) they fail instead, so that CI never passes without them.
 */
export async function postgresForTests(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch (error) {
    const where = new URL(POSTGRES_ADMIN_URL);
    if (where.password) where.password = "***";
    const why =
      `PostgreSQL tests need a server at ${where.toString()} whose user may create databases ` +
      `(set TEST_POSTGRES_URL): ${(error as Error).message || (error as Error).name}`;
    if (process.env.CI) throw new Error(`${why}. Under CI they are never skipped.`, { cause: error });
    console.warn(`SKIPPED: ${why}`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function adminQuery(sql: string, adminUrl = POSTGRES_ADMIN_URL): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The URL of database `name` on the admin URL's server. */
export function postgresUrl(name: string, adminUrl = POSTGRES_ADMIN_URL): string {
  const parsed = new URL(adminUrl);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/**
 * A fresh database of its own on the admin URL's server (or `adminUrl`'s: a test's private PostgreSQL),
 * migrated; `drop()` removes it, connections and all.
 */
export async function createPostgresDatabase(adminUrl = POSTGRES_ADMIN_URL): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `atelier_test_${randomUUID().replaceAll("-", "")}`;
  await adminQuery(`CREATE DATABASE "${name}"`, adminUrl);
  const drop = () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, adminUrl);
  const url = postgresUrl(name, adminUrl);
  try {
    await migrateDeploy(url);
  } catch (error) {
    await drop();
    throw error;
  }
  return { url, drop };
}

/** Runs `use` on a fresh migrated database, dropped afterwards whatever happened. */
export async function withPostgresDatabase<T>(use: (url: string) => Promise<T>): Promise<T> {
  const database = await createPostgresDatabase();
  try {
    return await use(database.url);
  } finally {
    await database.drop();
  }
}
