// `npm run cluster`: three nodes of the production build and HAProxy in front of them, on this machine,
// to try several servers (README, "Plusieurs serveurs"; docs/decisions/023). Not a production launcher.
//
//   npm run cluster [-- --port=3000 --node-ports=3101,3102,3103]
//
// DATABASE_URL: PostgreSQL only; default postgresql://postgres@127.0.0.1:5432/atelier_cluster, created when
// missing. CLUSTER_SECRET and SIGNING_SECRET: from the environment, else generated once and kept in
// data/cluster-secrets (mode 0600; badges' keys are sealed with SIGNING_SECRET, so it must outlive a
// restart). REDIS_URL and LOG_LEVEL (default warn) pass to the nodes. Ctrl-C or SIGTERM: every node gets
// SIGTERM (it stores what it received, tells its clients to reconnect), then HAProxy stops.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { findHaproxy, startHaproxy, type HaproxyProcess } from "./haproxy.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/atelier_cluster";
const SECRETS_FILE = path.join(ROOT, "data", "cluster-secrets");
const NODE_READY_LIMIT_MS = 90_000;
const NODE_STOP_LIMIT_MS = 30_000;

function fail(message: string): never {
  console.error(`\n${message}`);
  process.exit(1);
}

const { values: flags } = parseArgs({ options: { port: { type: "string" }, "node-ports": { type: "string" } } });
const publicPort = Number(flags.port ?? process.env.PORT ?? 3000);
const nodePorts = (flags["node-ports"] ?? "3101,3102,3103").split(",").map(Number);
if (nodePorts.length !== 3 || ![publicPort, ...nodePorts].every((port) => Number.isInteger(port) && port > 0 && port < 65536)) {
  fail("Ports invalides : --port=<port de HAProxy> --node-ports=<trois ports séparés par des virgules>.");
}

const databaseUrl = process.env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
  fail(`Plusieurs serveurs demandent PostgreSQL : DATABASE_URL=${databaseUrl} n'en est pas une adresse (postgres://…).`);
}
if (databaseUrl === DEFAULT_DATABASE_URL) {
  console.log(
    `Base de données : ${DEFAULT_DATABASE_URL} (PostgreSQL local, créée si elle manque ; DATABASE_URL=postgres://… pour une autre).`,
  );
  await createDefaultDatabase();
} else {
  console.log(`Base de données : ${withoutPassword(databaseUrl)} (DATABASE_URL).`);
}
const secrets = clusterSecrets();
console.log(
  process.env.REDIS_URL
    ? `Redis : ${withoutPassword(process.env.REDIS_URL)} (compteurs partagés entre les serveurs).`
    : "Sans REDIS_URL : chaque serveur compte seul les essais de connexion et de code.",
);

run("npm", ["run", "--silent", "build"], "la construction", !existsSync(path.join(ROOT, "build/index.js")));
run("npm", ["run", "--silent", "db:migrate"], "les migrations");
run("npm", ["run", "--silent", "db:seed"], "les données de démonstration");
const haproxyInstall = spawnSync("bash", [path.join(ROOT, "scripts/ensure-haproxy.sh")], { stdio: "inherit" });
const haproxyBinary = haproxyInstall.status === 0 ? findHaproxy() : null;
if (!haproxyBinary) fail("HAProxy est introuvable : installez-le avec « sudo apt-get install -y haproxy », puis relancez.");
for (const port of [publicPort, ...nodePorts]) {
  if (!(await portIsFree(port))) fail(`Le port ${port} est déjà pris : choisissez-en d'autres (--port=…, --node-ports=…).`);
}

const nodes: ChildProcess[] = [];
/** Set once HAProxy runs (the handlers below may run before). */
const front: { haproxy?: HaproxyProcess } = {};
let stopping = false;
// If this script dies without stopping them (kill -9), its children must not outlive it.
process.on("exit", () => {
  for (const child of [...nodes, front.haproxy?.child])
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});
process.on("SIGINT", () => void stopAll());
process.on("SIGTERM", () => void stopAll());

for (const [index, port] of nodePorts.entries()) nodes.push(startNode(index + 1, port));
try {
  await Promise.all(nodePorts.map((port, index) => nodeReady(index + 1, port)));
} catch (error) {
  console.error(`\n${(error as Error).message}`);
  await stopAll(1);
}
const haproxy = await startHaproxy(haproxyBinary, {
  port: publicPort,
  nodes: nodePorts.map((port) => `127.0.0.1:${port}`) as [string, string, string],
  onOutput: (line) => console.log(`[haproxy] ${line}`),
  detached: true,
});
front.haproxy = haproxy;
haproxy.child.once("exit", () => {
  if (!stopping) {
    console.error("\nHAProxy s'est arrêté : tout s'arrête.");
    void stopAll(1);
  }
});

console.log(
  [
    "",
    `Atelier commun sur trois serveurs : ouvrez http://localhost:${publicPort}`,
    ...nodePorts.map((port, index) => `  nœud ${index + 1} : http://127.0.0.1:${port} (processus ${nodes[index].pid})`),
    `  Pour essayer une panne : kill -9 <processus d'un nœud> ; ses tableaux repartent sur un autre.`,
    "Ctrl-C arrête tout.",
  ].join("\n"),
);

async function createDefaultDatabase(): Promise<void> {
  const admin = new URL(DEFAULT_DATABASE_URL);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = 'atelier_cluster'");
    if (found.rowCount === 0) {
      await client.query('CREATE DATABASE "atelier_cluster"');
      console.log("Base atelier_cluster créée.");
    }
  } catch (error) {
    fail(
      `PostgreSQL ne répond pas sur 127.0.0.1:5432 (utilisateur postgres) : ${(error as Error).message}\n` +
        "Démarrez-le, ou donnez DATABASE_URL=postgres://… d'une base existante.",
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** CLUSTER_SECRET and SIGNING_SECRET: the environment's, else those kept in data/cluster-secrets. */
function clusterSecrets(): { CLUSTER_SECRET: string; SIGNING_SECRET: string } {
  const kept: Record<string, string> = {};
  if (existsSync(SECRETS_FILE)) {
    chmodSync(SECRETS_FILE, 0o600);
    for (const line of readFileSync(SECRETS_FILE, "utf8").split("\n")) {
      const match = /^(CLUSTER_SECRET|SIGNING_SECRET)=(.+)$/.exec(line.trim());
      if (match) kept[match[1]] = match[2];
    }
  }
  const names = ["CLUSTER_SECRET", "SIGNING_SECRET"] as const;
  const missing = names.filter((name) => !kept[name]);
  // Generated once, for what the environment does not give; never written when the environment gives both.
  if (missing.length > 0 && !names.every((name) => process.env[name])) {
    for (const name of missing) kept[name] = randomBytes(32).toString("base64url");
    mkdirSync(path.dirname(SECRETS_FILE), { recursive: true });
    const lines = [
      "# Secrets of `npm run cluster` (scripts/cluster.ts), the same for its three nodes. Keep this file:",
      "# the structures' badge keys are sealed with SIGNING_SECRET.",
      ...names.map((name) => `${name}=${kept[name]}`),
    ];
    writeFileSync(SECRETS_FILE, `${lines.join("\n")}\n`, { mode: 0o600 });
    chmodSync(SECRETS_FILE, 0o600);
    console.log(`Secrets des serveurs gardés dans ${path.relative(ROOT, SECRETS_FILE)} (lisible par vous seul).`);
  }
  return {
    CLUSTER_SECRET: process.env.CLUSTER_SECRET || kept.CLUSTER_SECRET,
    SIGNING_SECRET: process.env.SIGNING_SECRET || kept.SIGNING_SECRET,
  };
}

function run(command: string, args: string[], what: string, needed = true): void {
  if (!needed) return;
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, DATABASE_URL: databaseUrl } });
  if (result.status !== 0) fail(`Échec pendant ${what} (${command} ${args.join(" ")}).`);
}

function startNode(number: number, port: number): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: ROOT,
    // Its own process group: a Ctrl-C reaches this script, which stops the nodes in order.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      CLUSTER_NODE_ADDRESS: `http://127.0.0.1:${port}`,
      DATABASE_URL: databaseUrl,
      ...secrets,
      // HAProxy reaches the nodes from this machine: believe its X-Forwarded-For.
      TRUST_PROXY: "loopback",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    },
  });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split("\n")
      .filter((line) => line.trim())
      .forEach((line) => console.log(`[nœud ${number}] ${line}`));
  child.stdout!.on("data", prefix);
  child.stderr!.on("data", prefix);
  child.once("exit", (code, signal) => {
    if (!stopping) console.log(`[nœud ${number}] arrêté (${signal ?? `code ${code}`}) ; les autres continuent.`);
  });
  return child;
}

/** Resolves once the node answers 200 on /healthz; rejects if it exits first or takes too long. */
async function nodeReady(number: number, port: number): Promise<void> {
  const child = nodes[number - 1];
  const until = Date.now() + NODE_READY_LIMIT_MS;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`Le nœud ${number} s'est arrêté au démarrage.`);
    const status = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Le nœud ${number} n'a pas répondu sur http://127.0.0.1:${port}/healthz en ${NODE_READY_LIMIT_MS / 1000} s.`);
}

async function stopAll(code = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log("\nArrêt : chaque nœud enregistre ce qu'il a reçu…");
  await Promise.all(nodes.map((child) => stopChild(child)));
  await front.haproxy?.stop();
  process.exit(code);
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const late = setTimeout(() => child.kill("SIGKILL"), NODE_STOP_LIMIT_MS);
    child.once("exit", () => {
      clearTimeout(late);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

function withoutPassword(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (!parsed) return url;
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}
