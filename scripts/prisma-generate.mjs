// Generates both Prisma clients (SQLite and PostgreSQL) without Prisma's schema-engine binary.
//
// prisma/schema.prisma (SQLite) is the source of truth. The PostgreSQL schema differs only in its
// datasource provider and its generator output, so it is derived here into prisma/postgres/
// (gitignored; its migrations folder prisma/postgres/migrations/ is committed).
//
// PRISMA_SCHEMA_ENGINE_BINARY=/bin/false keeps the CLI from trying to download the binary that it
// does not need for `generate` (never /usr/bin/true, which would make `migrate deploy` "succeed"
// having applied nothing). Migrations are run by scripts/migrate.ts through the wasm engine.
import { spawn } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { derivePostgresSchema } from "./postgres-schema.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sqliteSchemaPath = path.join(root, "prisma/schema.prisma");
const postgresSchemaPath = path.join(root, "prisma/postgres/schema.prisma");
const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");

function runPrisma(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCli, ...args], {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`prisma ${args.join(" ")} failed (${signal ?? code})`))));
  });
}

async function main() {
  const started = Date.now();
  const sqliteSchema = await readFile(sqliteSchemaPath, "utf8");
  await mkdir(path.dirname(postgresSchemaPath), { recursive: true });
  await writeFile(postgresSchemaPath, derivePostgresSchema(sqliteSchema));
  await Promise.all([
    runPrisma(["generate", "--schema", path.relative(root, sqliteSchemaPath)]),
    runPrisma(["generate", "--schema", path.relative(root, postgresSchemaPath)]),
  ]);
  console.log(`Prisma clients generated (sqlite, postgres) in ${Date.now() - started} ms`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
