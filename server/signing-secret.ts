// The server's secret that seals the structures' private signing keys (app/badges/keys.server.ts).
// SIGNING_SECRET when set (needed as soon as there are several nodes: each must open what another
// sealed); otherwise a random secret kept in a file beside the SQLite database, created on first
// use with mode 0600 (PostgreSQL without the variable: ./data/signing-secret).
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseDatabaseUrl } from "../prisma/db.js";
import type { Env } from "./env.js";

export function signingSecretFile(databaseUrl: string, cwd: string = process.cwd()): string {
  const target = parseDatabaseUrl(databaseUrl, cwd);
  const folder = target.provider === "sqlite" ? path.dirname(target.filePath) : path.resolve(cwd, "data");
  return path.join(folder, "signing-secret");
}

/** A function giving the secret, read (or created) once, on first need. */
export function signingSecretSource(env: Pick<Env, "SIGNING_SECRET" | "DATABASE_URL">): () => Promise<string> {
  if (env.SIGNING_SECRET) {
    const secret = env.SIGNING_SECRET;
    return () => Promise.resolve(secret);
  }
  let pending: Promise<string> | null = null;
  // The file is found on first need: a context built for one page (tests) never touches it.
  return () => (pending ??= readOrCreate(signingSecretFile(env.DATABASE_URL)));
}

async function readOrCreate(file: string): Promise<string> {
  try {
    return (await readFile(file, "utf8")).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  try {
    // "wx": two processes starting at once do not overwrite each other's secret.
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return (await readFile(file, "utf8")).trim();
  }
}
