// Driver adapters for the wasm schema engine (scripts/migrate-engine.ts). The engine talks to the
// database only through these; each works around a gap met between the engine and an adapter.
import { randomUUID } from "node:crypto";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery } from "@prisma/driver-adapter-utils";
import pg from "pg";

/** A migration-aware adapter factory that can close every connection it opened. */
export interface ClosableAdapterFactory extends SqlMigrationAwareDriverAdapterFactory {
  close(): Promise<void>;
}

type AdapterOverrides = {
  executeRaw?: (query: SqlQuery) => Promise<number>;
  afterDispose?: () => Promise<void>;
};

/** Delegates to `adapter` (a class instance with private fields, so no prototype tricks). */
function wrapAdapter(adapter: SqlDriverAdapter, overrides: AdapterOverrides = {}): SqlDriverAdapter {
  const wrapped = {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    disposed: false,
    queryRaw: (query: SqlQuery) => adapter.queryRaw(query),
    executeRaw: overrides.executeRaw ?? ((query: SqlQuery) => adapter.executeRaw(query)),
    executeScript: (script: string) => adapter.executeScript(script),
    startTransaction: (...args: Parameters<SqlDriverAdapter["startTransaction"]>) => adapter.startTransaction(...args),
    getConnectionInfo: adapter.getConnectionInfo ? () => adapter.getConnectionInfo!() : undefined,
    async dispose() {
      if (wrapped.disposed) return;
      wrapped.disposed = true;
      try {
        await adapter.dispose();
      } finally {
        await overrides.afterDispose?.();
      }
    },
  };
  return wrapped;
}

function closableFactory(
  provider: "sqlite" | "postgres",
  adapterName: string,
  open: { main: () => Promise<SqlDriverAdapter>; shadow: () => Promise<SqlDriverAdapter> },
): ClosableAdapterFactory {
  const opened: SqlDriverAdapter[] = [];
  const track = async (connect: () => Promise<SqlDriverAdapter>) => {
    // Wrapped so that dispose is idempotent, whether the engine or close() gets there first.
    const adapter = wrapAdapter(await connect());
    opened.push(adapter);
    return adapter;
  };
  return {
    provider,
    adapterName,
    connect: () => track(open.main),
    connectToShadowDb: () => track(open.shadow),
    async close() {
      const results = await Promise.allSettled(opened.splice(0).map((adapter) => adapter.dispose()));
      const failure = results.find((result) => result.status === "rejected");
      if (failure) throw failure.reason;
    },
  };
}

// ---------------------------------------------------------------- SQLite

/**
 * The engine replays migration files on the shadow database through `executeRaw`, which
 * better-sqlite3 refuses for multi-statement SQL: run those as a script instead.
 */
function withScriptFallback(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return wrapAdapter(adapter, {
    async executeRaw(query) {
      try {
        return await adapter.executeRaw(query);
      } catch (error) {
        const multiStatement = error instanceof RangeError && /more than one statement/.test(error.message);
        if (!multiStatement || query.args.length > 0) throw error;
        await adapter.executeScript(query.sql);
        return 0;
      }
    },
  });
}

export function sqliteAdapterFactory(filePath: string): ClosableAdapterFactory {
  // The shadow database is an in-memory one (the adapter's default).
  const base = new PrismaBetterSqlite3({ url: `file:${filePath}` });
  return closableFactory("sqlite", base.adapterName, {
    main: async () => withScriptFallback(await base.connect()),
    shadow: async () => withScriptFallback(await base.connectToShadowDb()),
  });
}

// ---------------------------------------------------------------- PostgreSQL

const PG_CHAR = 18;
const PG_CHAR_ARRAY = 1002;
const PG_TEXT = 25;
const PG_TEXT_ARRAY = 1009;

type FieldsHolder = { fields?: { dataTypeID: number }[] };

function relabelCharColumns<T>(result: T): T {
  for (const part of Array.isArray(result) ? result : [result]) {
    for (const field of (part as FieldsHolder | undefined)?.fields ?? []) {
      if (field.dataTypeID === PG_CHAR) field.dataTypeID = PG_TEXT;
      else if (field.dataTypeID === PG_CHAR_ARRAY) field.dataTypeID = PG_TEXT_ARRAY;
    }
  }
  return result;
}

/**
 * adapter-pg rejects PostgreSQL's internal `"char"` type (oid 18), which the engine's catalog
 * queries select (pg_class.relkind…). Its values are plain strings: report such columns as text.
 * Both call styles are covered: the pool calls back, a checked-out client returns a promise.
 */
class CharAsTextClient extends pg.Client {
  // pg's query() has many overloads; this one forwards them all, hence the loose signature.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
  override query(...args: any[]): any {
    const callback: unknown = args.at(-1);
    if (typeof callback === "function") {
      args[args.length - 1] = (error: Error | null, result: unknown) => callback(error, error ? result : relabelCharColumns(result));
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const pending = (super.query as (...a: unknown[]) => unknown)(...args);
    return pending instanceof Promise ? pending.then(relabelCharColumns) : pending;
  }
}

function pgAdapterFor(connectionString: string): PrismaPg {
  const pool = new pg.Pool({ connectionString, Client: CharAsTextClient, max: 4 });
  return new PrismaPg(pool, { disposeExternalPool: true });
}

async function runAdminStatement(connectionString: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * PrismaPg's own shadow database ignores the database name when built from a connection string
 * (it would shadow the main database): create a temporary database next to the main one instead,
 * dropped on dispose, or use SHADOW_DATABASE_URL when given (no CREATEDB privilege needed then).
 */
async function connectToTemporaryShadow(mainUrl: string): Promise<SqlDriverAdapter> {
  const name = `prisma_shadow_${randomUUID().replaceAll("-", "")}`;
  await runAdminStatement(mainUrl, `CREATE DATABASE "${name}"`);
  const shadowUrl = new URL(mainUrl);
  shadowUrl.pathname = `/${name}`;
  try {
    const adapter = await pgAdapterFor(shadowUrl.toString()).connect();
    return wrapAdapter(adapter, {
      afterDispose: () => runAdminStatement(mainUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    });
  } catch (error) {
    await runAdminStatement(mainUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    throw error;
  }
}

/** A given shadow database is wiped on each connection: the engine expects an empty one each time. */
async function connectToGivenShadow(shadowUrl: string): Promise<SqlDriverAdapter> {
  await runAdminStatement(shadowUrl, "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public");
  return pgAdapterFor(shadowUrl).connect();
}

export function postgresAdapterFactory(url: string, shadowDatabaseUrl?: string): ClosableAdapterFactory {
  const main = pgAdapterFor(url);
  return closableFactory("postgres", main.adapterName, {
    main: () => main.connect(),
    shadow: () => (shadowDatabaseUrl ? connectToGivenShadow(shadowDatabaseUrl) : connectToTemporaryShadow(url)),
  });
}
