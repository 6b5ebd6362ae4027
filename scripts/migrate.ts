// Database migrations without Prisma's engine binary (see scripts/migrate-engine.ts).
//
//   npm run db:migrate                          apply pending migrations (deploy)
//   npm run db:migrate:dev -- --name add_thing   create + apply a migration from schema changes
//   npx tsx scripts/migrate.ts status           exit 1 unless the database is up to date
//   npx tsx scripts/migrate.ts diff             exit 2 if migrations or database differ from the schema
//
// DATABASE_URL picks the database: file:./data/atelier.db (default, SQLite, relative to the current
// folder) or postgres://… (PostgreSQL, migrations in prisma/postgres/migrations/). Options of dev:
// --name <name>, --create-only, --accept-data-loss (required to accept data loss when not on a TTY).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { migrateDeploy, migrateDev, migrationDiff, migrationStatus, migrationTarget, PROJECT_ROOT } from "./migrate-engine.js";

const DEFAULT_DATABASE_URL = "file:./data/atelier.db";

async function confirmOnTerminal(warnings: string[], accepted: boolean): Promise<boolean> {
  process.stdout.write(`\n⚠️  Warnings for the current database:\n${warnings.map((w) => `  • ${w}`).join("\n")}\n\n`);
  if (accepted) return true;
  if (!process.stdin.isTTY) {
    throw new Error("This migration may lose data: run again with --accept-data-loss to create it anyway.");
  }
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^(y|yes|o|oui)$/i.test((await prompt.question("Create and apply this migration? [y/N] ")).trim());
  } finally {
    prompt.close();
  }
}

function list(names: string[]): string {
  return names.map((name) => `  • ${name}`).join("\n");
}

async function run(command: string | undefined, argv: string[], databaseUrl: string): Promise<number> {
  const target = migrationTarget(databaseUrl);
  const where = `${target.provider} database ${target.location}`;
  switch (command) {
    case "deploy": {
      const { applied } = await migrateDeploy(databaseUrl);
      console.log(
        applied.length > 0
          ? `Applied ${applied.length} migration(s) to ${where}:\n${list(applied)}`
          : `No pending migration: ${where} is up to date.`,
      );
      return 0;
    }
    case "dev": {
      const { values } = parseArgs({
        args: argv,
        options: {
          name: { type: "string", short: "n" },
          "create-only": { type: "boolean" },
          "accept-data-loss": { type: "boolean" },
        },
      });
      const result = await migrateDev(databaseUrl, {
        name: values.name,
        createOnly: values["create-only"],
        confirmDataLoss: (warnings) => confirmOnTerminal(warnings, Boolean(values["accept-data-loss"])),
      });
      if (result.appliedBefore.length > 0) console.log(`Applied pending migration(s) to ${where}:\n${list(result.appliedBefore)}`);
      if (result.cancelled) {
        console.log("Migration cancelled.");
        return 130;
      }
      if (result.created) {
        const folder = path.relative(process.cwd(), target.migrationsDir);
        const state = values["create-only"] ? "created (not applied)" : "created and applied";
        console.log(`Migration ${path.join(folder, result.created)} ${state}.`);
        // Like `prisma migrate dev`: refresh the derived PostgreSQL schema and both clients.
        const generate = spawnSync(process.execPath, [path.join(PROJECT_ROOT, "scripts/prisma-generate.mjs")], { stdio: "inherit" });
        return generate.status ?? 1;
      }
      console.log(`Already in sync: no schema change or pending migration for ${where}.`);
      return 0;
    }
    case "status": {
      const status = await migrationStatus(databaseUrl);
      console.log(`${status.migrations.length} migration(s) in ${path.relative(process.cwd(), target.migrationsDir)}.`);
      const history = status.history;
      if (history?.diagnostic === "databaseIsBehind") console.log(`Not yet applied to ${where}:\n${list(history.unappliedMigrationNames)}`);
      if (history?.diagnostic === "migrationsDirectoryIsBehind")
        console.log(`Applied to ${where} but missing from the folder:\n${list(history.unpersistedMigrationNames)}`);
      if (history?.diagnostic === "historiesDiverge")
        console.log(`Histories diverge after ${history.lastCommonMigrationName ?? "the start"}.`);
      if (status.failedMigrationNames.length > 0) console.log(`Failed:\n${list(status.failedMigrationNames)}`);
      if (status.editedMigrationNames.length > 0) console.log(`Edited after being applied:\n${list(status.editedMigrationNames)}`);
      if (!status.hasMigrationsTable && status.migrations.length > 0) console.log(`${where} has no migration history yet.`);
      console.log(status.upToDate ? `${where} is up to date.` : "Run `npm run db:migrate` to apply pending migrations.");
      return status.upToDate ? 0 : 1;
    }
    case "diff": {
      const diff = await migrationDiff(databaseUrl);
      if (diff.migrationsToSchema !== null)
        console.log(`-- The migrations folder lags behind the schema (run db:migrate:dev):\n${diff.migrationsToSchema}`);
      if (diff.databaseToSchema !== null) console.log(`-- ${where} differs from the schema:\n${diff.databaseToSchema}`);
      const empty = diff.migrationsToSchema === null && diff.databaseToSchema === null;
      if (empty) console.log(`No difference: the migrations and ${where} match the schema.`);
      return empty ? 0 : 2;
    }
    default:
      console.error("Usage: tsx scripts/migrate.ts <deploy | dev [--name <name>] [--create-only] [--accept-data-loss] | status | diff>");
      return 64;
  }
}

const [command, ...argv] = process.argv.slice(2);
const started = Date.now();
run(command, argv, process.env.DATABASE_URL || DEFAULT_DATABASE_URL).then(
  (code) => {
    if (process.env.MIGRATE_DEBUG) console.error(`done in ${Date.now() - started} ms`);
    // The engine leaves a timer pending for ~10 s: exit now that everything is closed.
    process.exit(code);
  },
  (error: unknown) => {
    const code = (error as { code?: unknown } | null)?.code;
    const message = error instanceof Error ? error.message : String(error);
    console.error(typeof code === "string" && !message.startsWith(code) ? `${code}: ${message}` : message);
    process.exit(1);
  },
);
