// The one database client module. `DATABASE_URL` picks the provider: `file:` → SQLite (embedded,
// the default), `postgres://` or `postgresql://` → PostgreSQL. Both generated clients share the
// same models (the PostgreSQL schema is derived from the SQLite one), so callers only ever see
// the SQLite client's type. No singleton here: whoever calls createDb owns the client and calls
// `$disconnect()` when done.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import Database from "better-sqlite3";
import { PrismaClient as PostgresPrismaClient } from "./generated/postgres/client.js";
import { PrismaClient } from "./generated/sqlite/client.js";

export { Prisma } from "./generated/sqlite/client.js";
export type { AuthSession, Board, BoardUpdate, GroupSession, Membership, Structure, Participant, User } from "./generated/sqlite/client.js";

export type DatabaseTarget =
  { provider: "sqlite"; /** absolute path of the database file */ filePath: string } | { provider: "postgresql"; url: string };

/**
 * Reads a DATABASE_URL. A relative SQLite path (`file:./data/atelier.db`) is resolved against
 * `cwd`, the project root under npm scripts; query parameters after `?` are ignored.
 */
export function parseDatabaseUrl(databaseUrl: string, cwd: string = process.cwd()): DatabaseTarget {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return { provider: "postgresql", url: databaseUrl };
  if (databaseUrl.startsWith("file:")) {
    const location = decodeURIComponent(databaseUrl.slice("file:".length).split("?")[0] ?? "")
      // file:///abs/path → /abs/path; file:./rel stays relative
      .replace(/^\/\/(?=\/)/, "");
    if (location === "" || location === ":memory:") {
      throw new Error(`DATABASE_URL ${databaseUrl}: a file path is required`);
    }
    return { provider: "sqlite", filePath: path.resolve(cwd, location) };
  }
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL), got ${databaseUrl}`);
}

/**
 * Creates the SQLite file's folder and switches the file to WAL journaling. WAL is recorded in the
 * file itself, so every later connection (the client's, the migrator's) uses it. With
 * better-sqlite3's default in WAL mode (synchronous=NORMAL), a commit is in the WAL file before it
 * returns: it survives the process being killed (SIGKILL); only a power cut or an OS crash could
 * lose the last commits.
 */
export function prepareSqliteFile(filePath: string): void {
  mkdirSync(path.dirname(filePath), { recursive: true });
  const connection = new Database(filePath);
  try {
    connection.pragma("journal_mode = WAL");
  } finally {
    connection.close();
  }
}

export function createDb(databaseUrl: string) {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.provider === "postgresql") {
    const client = new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: target.url }) });
    // Same models, same queries: the PostgreSQL client is used through the SQLite client's type.
    return client as unknown as PrismaClient;
  }
  prepareSqliteFile(target.filePath);
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: `file:${target.filePath}` }) });
}

export type Db = ReturnType<typeof createDb>;
