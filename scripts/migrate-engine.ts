// Prisma Migrate without Prisma's schema-engine binary: drives the same engine compiled to wasm
// (@prisma/schema-engine-wasm, the build behind prisma 7.10.0) through the driver adapters of
// scripts/migration-adapters.ts. Standard layout: prisma/migrations/ (SQLite) and
// prisma/postgres/migrations/ (PostgreSQL), each with migration_lock.toml; `_prisma_migrations`
// table in the database. Used by scripts/migrate.ts and directly by the tests.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { DiagnoseMigrationHistoryOutput, MigrationList, SchemaFilter, SchemasContainer } from "@prisma/schema-engine-wasm";
import * as wasmBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import { parseDatabaseUrl, prepareSqliteFile } from "../prisma/db.js";
import { postgresAdapterFactory, sqliteAdapterFactory, type ClosableAdapterFactory } from "./migration-adapters.js";
import { migrationSlug, orderedMigrationName, readMigrations, writeMigration } from "./migrations-folder.js";
import { derivePostgresSchema } from "./postgres-schema.mjs";

type SchemaEngine = wasmBindings.SchemaEngine;

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

export interface MigrationTarget {
  provider: "sqlite" | "postgresql";
  /** Human-readable location, for messages. */
  location: string;
  migrationsDir: string;
  schema: SchemasContainer;
  adapterFactory: () => ClosableAdapterFactory;
}

/**
 * Which schema, migrations folder and adapter a DATABASE_URL means. `root` is the project folder
 * holding prisma/ (every function here takes it, so that tests can migrate a scratch copy).
 */
export function migrationTarget(databaseUrl: string, root: string = PROJECT_ROOT): MigrationTarget {
  const target = parseDatabaseUrl(databaseUrl);
  const sqliteSchemaPath = path.join(root, "prisma/schema.prisma");
  const sqliteSchema = readFileSync(sqliteSchemaPath, "utf8");
  if (target.provider === "sqlite") {
    return {
      provider: "sqlite",
      location: target.filePath,
      migrationsDir: path.join(root, "prisma/migrations"),
      schema: { files: [{ path: sqliteSchemaPath, content: sqliteSchema }] },
      adapterFactory: () => {
        prepareSqliteFile(target.filePath);
        return sqliteAdapterFactory(target.filePath);
      },
    };
  }
  const url = new URL(target.url);
  return {
    provider: "postgresql",
    location: `${url.host}${url.pathname}`,
    migrationsDir: path.join(root, "prisma/postgres/migrations"),
    // Derived in memory from the source of truth: a stale prisma/postgres/schema.prisma cannot matter.
    schema: {
      files: [{ path: path.join(root, "prisma/postgres/schema.prisma"), content: derivePostgresSchema(sqliteSchema) }],
    },
    adapterFactory: () => postgresAdapterFactory(target.url, process.env.SHADOW_DATABASE_URL || undefined),
  };
}

// The wasm module is instantiated once per process (the bindings keep it in their own module
// state); each engine instance made from it is independent.
let wasmReady = false;
function loadWasm(): void {
  if (wasmReady) return;
  const bindingsPath = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bytes = readFileSync(path.join(path.dirname(bindingsPath), "schema_engine_bg.wasm"));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
    "./schema_engine_bg.js": wasmBindings as unknown as WebAssembly.ModuleImports,
  });
  wasmBindings.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  wasmReady = true;
}

/** Engine errors arrive as plain objects or JSON strings; make them readable Errors. */
function engineError(error: unknown): Error {
  if (error instanceof Error) return error;
  const raw = typeof error === "string" ? error : JSON.stringify(error);
  try {
    const parsed = JSON.parse(raw) as { message?: string; error_code?: string; meta?: unknown };
    if (parsed.message) return new Error(parsed.error_code ? `${parsed.error_code}: ${parsed.message}` : parsed.message);
  } catch {
    // not JSON: keep the raw text
  }
  return new Error(raw);
}

/** Runs `work` with a fresh engine instance, then frees it and closes every connection it opened. */
async function withEngine<T>(target: MigrationTarget, work: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  loadWasm();
  const factory = target.adapterFactory();
  const datamodels = target.schema.files.map((file): [string, string] => [file.path, file.content]);
  const log = (line: string) => {
    if (process.env.MIGRATE_DEBUG) process.stderr.write(`[schema-engine] ${line}\n`);
  };
  let engine: SchemaEngine | undefined;
  let failed = false;
  try {
    engine = await wasmBindings.SchemaEngine.new({ datamodels }, log, bindMigrationAwareSqlAdapterFactory(factory));
    return await work(engine);
  } catch (error) {
    failed = true;
    throw engineError(error);
  } finally {
    engine?.free();
    // A failure to close must not hide the engine's own error.
    await factory.close().catch((closeError: unknown) => {
      if (!failed) throw closeError;
    });
  }
}

/** Applies pending migrations (the `migrate deploy` of Prisma's CLI). */
export async function migrateDeploy(databaseUrl: string, root = PROJECT_ROOT): Promise<{ applied: string[] }> {
  const target = migrationTarget(databaseUrl, root);
  const migrationsList = await readMigrations(target.migrationsDir);
  return withEngine(target, async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
    return { applied: appliedMigrationNames };
  });
}

/** True for the engine's "no _prisma_migrations table" error, raised on a database never migrated. */
function isMissingMigrationsTable(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "P1014";
}

/** diagnoseMigrationHistory, except that a never-migrated database is a diagnosis, not an error. */
async function diagnoseHistory(engine: SchemaEngine, migrationsList: MigrationList): Promise<DiagnoseMigrationHistoryOutput> {
  try {
    return await engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTER });
  } catch (error) {
    if (!isMissingMigrationsTable(error)) throw error;
    const unappliedMigrationNames = migrationsList.migrationDirectories.map((directory) => directory.path);
    return {
      editedMigrationNames: [],
      failedMigrationNames: [],
      hasMigrationsTable: false,
      history: unappliedMigrationNames.length > 0 ? { diagnostic: "databaseIsBehind", unappliedMigrationNames } : null,
    };
  }
}

export interface MigrationStatus extends DiagnoseMigrationHistoryOutput {
  migrations: string[];
  /** True when every migration of the folder is applied and nothing is failed, edited or unknown. */
  upToDate: boolean;
}

/** Compares the database's migration history with the migrations folder (`migrate status`). */
export async function migrationStatus(databaseUrl: string, root = PROJECT_ROOT): Promise<MigrationStatus> {
  const target = migrationTarget(databaseUrl, root);
  const migrationsList = await readMigrations(target.migrationsDir);
  const migrations = migrationsList.migrationDirectories.map((directory) => directory.path);
  const diagnosis = await withEngine(target, (engine) => diagnoseHistory(engine, migrationsList));
  const upToDate =
    diagnosis.history === null &&
    diagnosis.failedMigrationNames.length === 0 &&
    diagnosis.editedMigrationNames.length === 0 &&
    (diagnosis.hasMigrationsTable || migrations.length === 0);
  return { ...diagnosis, migrations, upToDate };
}

export interface MigrationDiff {
  /** SQL that would bring the migrations folder to the schema; null when they match. */
  migrationsToSchema: string | null;
  /** SQL that would bring the database to the schema; null when they match. */
  databaseToSchema: string | null;
}

/** Checks that the migrations folder and the database both match the schema. */
export async function migrationDiff(databaseUrl: string, root = PROJECT_ROOT): Promise<MigrationDiff> {
  const target = migrationTarget(databaseUrl, root);
  const migrationsList = await readMigrations(target.migrationsDir);
  const toSchema = { tag: "schemaDatamodel" as const, ...target.schema };
  return withEngine(target, async (engine) => {
    const diff = async (from: Parameters<SchemaEngine["diff"]>[0]["from"]) => {
      const result = await engine.diff({ from, to: toSchema, script: true, exitCode: true, filters: NO_FILTER });
      return result.exitCode === 2 ? (result.stdout ?? "") : null;
    };
    const migrationsToSchema = await diff({ tag: "migrations", ...migrationsList });
    const databaseToSchema = await diff({ tag: "schemaDatasource", files: target.schema.files, configDir: root });
    return { migrationsToSchema, databaseToSchema };
  });
}

export interface DevOptions {
  /** Migration name, e.g. "add_consent"; required when the schema changed. */
  name?: string;
  /** Create the migration file without applying it. */
  createOnly?: boolean;
  /** Asked when the new migration would lose data; resolve true to go on. */
  confirmDataLoss: (warnings: string[]) => Promise<boolean>;
}

export interface DevResult {
  /** Migrations that were pending and got applied before looking for schema changes. */
  appliedBefore: string[];
  /** Folder name of the migration created from schema changes, if any. */
  created: string | null;
  warnings: string[];
  cancelled: boolean;
}

/** Creates (and applies) a migration from schema changes: the `migrate dev` of Prisma's CLI. */
export async function migrateDev(databaseUrl: string, options: DevOptions, root = PROJECT_ROOT): Promise<DevResult> {
  const target = migrationTarget(databaseUrl, root);
  const migrationsList = await readMigrations(target.migrationsDir);
  // A database without _prisma_migrations makes devDiagnostic fail (P1014): apply what exists first.
  const appliedBefore = await withEngine(target, async (engine) => {
    if ((await diagnoseHistory(engine, migrationsList)).hasMigrationsTable) return [];
    return (await engine.applyMigrations({ migrationsList, filters: NO_FILTER })).appliedMigrationNames;
  });
  // evaluateDataLoss and createMigration only work in the engine instance that ran devDiagnostic.
  return withEngine(target, async (engine): Promise<DevResult> => {
    const { action } = await engine.devDiagnostic({ migrationsList, filters: NO_FILTER });
    if (action.tag === "reset") {
      const remedy =
        target.provider === "sqlite"
          ? `delete the development database file ${target.location}`
          : `drop and recreate the development database ${target.location}`;
      throw new Error(`${action.reason}\nThe database must be reset: ${remedy}, then run this command again.`);
    }
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
    const result: DevResult = {
      appliedBefore: [...appliedBefore, ...appliedMigrationNames],
      created: null,
      warnings: [],
      cancelled: false,
    };
    const loss = await engine.evaluateDataLoss({ migrationsList, schema: target.schema, filters: NO_FILTER });
    if (loss.unexecutableSteps.length > 0) {
      const steps = loss.unexecutableSteps.map((step) => `  • ${step.message}`).join("\n");
      throw new Error(`The schema change cannot be applied to this database as it is:\n${steps}`);
    }
    if (loss.migrationSteps === 0 && !options.createOnly) return result;
    result.warnings = loss.warnings.map((warning) => warning.message);
    if (result.warnings.length > 0 && !(await options.confirmDataLoss(result.warnings))) {
      return { ...result, cancelled: true };
    }
    const migrationName = migrationSlug(options.name ?? "");
    if (!migrationName) throw new Error("The schema changed: give the new migration a name with --name <name>.");
    const created = await engine.createMigration({
      draft: Boolean(options.createOnly),
      migrationName,
      migrationsList,
      schema: target.schema,
      filters: NO_FILTER,
    });
    if (created.migrationScript === null) return result;
    const existing = migrationsList.migrationDirectories.map((directory) => directory.path);
    const name = orderedMigrationName(created.generatedMigrationName, existing);
    await writeMigration(target.migrationsDir, { ...created, generatedMigrationName: name, migrationScript: created.migrationScript });
    result.created = name;
    if (!options.createOnly) {
      const updated = await readMigrations(target.migrationsDir);
      await engine.applyMigrations({ migrationsList: updated, filters: NO_FILTER });
    }
    return result;
  });
}
