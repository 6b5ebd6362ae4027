// Several real nodes (server/index.ts processes) on one PostgreSQL database, as docs/decisions/023
// runs them, and the clients a load balancer would spread over them. Helpers of the cluster-*.test.ts files.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { createPrismaBoardStore } from "../../app/board/stored-board.server.js";
import { boardAuthors, boardMeta, boardRecords } from "../../board-core/shared-doc.js";
import { createDb, type Db } from "../../prisma/db.js";
import { boardLockKey, lockKeyInPgLocks } from "../../server/cluster/lock-key.js";
import { putNote } from "./board-notes.js";
import { until, type BoardClient } from "./clients.js";
import { afterAll, beforeAll } from "vitest";
import { participantCookie } from "./fixtures.js";
import { createPostgresDatabase } from "./postgres.js";
import { freePort, killHard, startServerProcess, stopGracefully, type ServerProcess } from "./server-process.js";
import { WAIT_LIMIT_MS, withinLimit } from "./wait.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** The application_name of the one connection on which a node holds its boards' advisory locks. */
export const LOCK_CONNECTION_NAME = "atelier-board-locks";

/** Builds the production bundle once if it is missing (server-process.ts needs build/index.js). */
export function ensureBuild(): void {
  if (existsSync(path.join(ROOT, "build/index.js"))) return;
  execFileSync("flock", ["/tmp/atelier-build.lock", "npx", "remix", "build"], { cwd: ROOT, stdio: "ignore" });
}

// ---------------------------------------------------------------------------------------------
// Databases

/** Runs one query on its own connection (a test's checks never share the nodes' pools). */
export async function pgQuery<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface ClusterDatabase {
  url: string;
  /** The test's own Prisma client on it, for fixtures and checks. */
  db: Db;
  cleanup(): Promise<void>;
}

/** A fresh migrated PostgreSQL database (support/postgres.ts) with a Prisma client; `adminUrl`: a private server. */
export async function createClusterDatabase(adminUrl?: string): Promise<ClusterDatabase> {
  const created = await createPostgresDatabase(adminUrl);
  const db = createDb(created.url);
  return {
    url: created.url,
    db,
    async cleanup() {
      await db.$disconnect().catch(() => undefined);
      await created.drop().catch(() => undefined);
    },
  };
}

export interface PrivatePostgres {
  adminUrl: string;
  /** `pg_ctl restart -m fast`: every connection is cut, the server is back once this resolves. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const PG_BIN = "/usr/lib/postgresql/15/bin";

/**
 * A PostgreSQL server of this test file alone (initdb + pg_ctl in a temporary folder, on a free port),
 * for tests that restart it: the shared one on 5432 is never restarted. As root, it runs as `postgres`.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), "atelier-pg-"));
  const asRoot = process.getuid?.() === 0;
  const ids = asRoot
    ? { uid: Number(execFileSync("id", ["-u", "postgres"]).toString()), gid: Number(execFileSync("id", ["-g", "postgres"]).toString()) }
    : {};
  if (asRoot) chownSync(dir, ids.uid!, ids.gid!);
  const data = path.join(dir, "data");
  const port = await freePort();
  const run = (tool: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(path.join(PG_BIN, tool), args, { ...ids, cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.once("error", reject);
      child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${tool} ${args.join(" ")} failed (${code}):\n${output}`))));
    });
  await run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  await run("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "log"), "-w", "start"]);
  return {
    adminUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    restart: () => run("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "log"), "-m", "fast", "-w", "restart"]),
    async stop() {
      await run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Nodes

export interface ClusterNode {
  index: number;
  port: number;
  /** Its CLUSTER_NODE_ADDRESS, as Board.ownerAddress names it. */
  address: string;
  wsBase: string;
  /** Whether the test's "load balancer" sends clients there. */
  alive: boolean;
  process: ServerProcess | null;
  start(): Promise<void>;
  /** SIGKILL: no chance to flush nor to say goodbye. */
  kill(): Promise<void>;
  /** SIGTERM, as an orchestrator stops it, waited until it has exited. */
  terminate(): Promise<number | null>;
  output(): string;
}

export interface Cluster {
  nodes: ClusterNode[];
  /** While closed, every new client connection is refused (a balancer with no node to offer). */
  gate: { open: boolean };
  /** A port nothing listens on, where connections go while the gate is closed. */
  closedPort: number;
  nodeAt(address: string | null | undefined): ClusterNode | undefined;
  stop(): Promise<void>;
}

/** Starts `size` nodes on `databaseUrl` (already migrated), in parallel, with the same secrets. */
export async function startCluster(databaseUrl: string, options: { size?: number; env?: Record<string, string> } = {}): Promise<Cluster> {
  ensureBuild();
  const size = options.size ?? 3;
  const shared = {
    DATABASE_URL: databaseUrl,
    CLUSTER_SECRET: randomBytes(32).toString("hex"),
    SIGNING_SECRET: randomBytes(32).toString("hex"),
    PURGE_SCHEDULE: "off",
    ...options.env,
  };
  const ports = new Set<number>();
  while (ports.size < size + 1) ports.add(await freePort());
  const [closedPort, ...nodePorts] = [...ports];
  const nodes = nodePorts.map((port, index): ClusterNode => {
    const address = `http://127.0.0.1:${port}`;
    let earlier = "";
    const node: ClusterNode = {
      index,
      port,
      address,
      wsBase: `ws://127.0.0.1:${port}/yjs`,
      alive: false,
      process: null,
      async start() {
        if (node.process) earlier += node.process.output();
        node.process = await startServerProcess({ ...shared, PORT: String(port), CLUSTER_NODE_ADDRESS: address });
        node.alive = true;
      },
      async kill() {
        node.alive = false;
        if (node.process) await killHard(node.process);
      },
      async terminate() {
        node.alive = false;
        if (!node.process) return null;
        const child = node.process.child;
        const exited = new Promise<number | null>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
          else child.once("exit", (code) => resolve(code));
        });
        await stopGracefully(node.process);
        return exited;
      },
      output: () => earlier + (node.process?.output() ?? ""),
    };
    return node;
  });
  await Promise.all(nodes.map((node) => node.start()));
  return {
    nodes,
    gate: { open: true },
    closedPort,
    nodeAt: (address) => nodes.find((node) => node.address === address),
    async stop() {
      // A node that died on its own is a finding: say which, with the end of what it wrote.
      for (const node of nodes) {
        const child = node.process?.child;
        if (node.alive && child && (child.exitCode !== null || child.signalCode !== null)) {
          console.log(
            `node ${node.index} died on its own (${child.exitCode ?? child.signalCode}); its last words:\n${node.output().slice(-3000)}`,
          );
        }
      }
      await Promise.all(
        nodes.map(async (node) => {
          node.process?.child.kill("SIGCONT");
          if (node.process) await node.kill();
        }),
      );
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Clients

export interface ClusterClient extends BoardClient {
  /** The node this client's balancer prefers while it is up. */
  home: number;
  /** The node of each connection it opened, in order (index, or -1 while the gate was closed). */
  connections: number[];
  /** Close codes its connections ended with, in order. */
  closeCodes: number[];
  /** When each of those closes reached this client (Date.now()). */
  closeTimes: number[];
  /** Notes `shape:<prefix>…` it received from the server (remote updates, never its own). */
  received: Set<string>;
}

/** Where a balancer sends a new connection of a client whose preferred node is `home`. */
function pickNode(cluster: Cluster, home: number): ClusterNode | null {
  if (!cluster.gate.open) return null;
  for (let step = 0; step < cluster.nodes.length; step++) {
    const node = cluster.nodes[(home + step) % cluster.nodes.length];
    if (node.alive) return node;
  }
  return null;
}

/**
 * A real y-websocket provider whose every (re)connection goes through a balancer: to `home` while it
 * is up, else to the next live node, as a browser behind HAProxy would reconnect after its node died.
 */
export function connectClusterClient(cluster: Cluster, home: number, sessionId: string, cookie: string, watchPrefix = ""): ClusterClient {
  const connections: number[] = [];
  const closeCodes: number[] = [];
  const closeTimes: number[] = [];
  class BalancedSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      const node = pickNode(cluster, home);
      connections.push(node ? node.index : -1);
      const target = new URL(address);
      target.host = `127.0.0.1:${node ? node.port : cluster.closedPort}`;
      super(target, protocols, { headers: { Origin: `http://${target.host}`, Cookie: cookie } });
      this.on("error", () => undefined);
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider("ws://127.0.0.1/yjs", sessionId, doc, {
    WebSocketPolyfill: BalancedSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
  });
  provider.on("connection-close", (event: CloseEvent | null) => {
    if (!event) return;
    closeCodes.push(event.code);
    closeTimes.push(Date.now());
  });
  const received = new Set<string>();
  boardRecords(doc).observe((event) => {
    if (event.transaction.local) return;
    for (const key of event.keysChanged) if (key.startsWith(`shape:${watchPrefix}`)) received.add(key);
  });
  return {
    doc,
    provider,
    synced: syncedOnce(provider),
    home,
    connections,
    closeCodes,
    closeTimes,
    received,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

function syncedOnce(provider: WebsocketProvider): Promise<void> {
  return new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    const onSync = (isSynced: boolean) => {
      if (!isSynced) return;
      provider.off("sync", onSync);
      resolve();
    };
    provider.on("sync", onSync);
  });
}

/** Resolves once the client is connected and synced again (after a reconnection). */
export function resynced(client: BoardClient, what = "a client to reconnect and sync"): Promise<void> {
  return withinLimit(syncedOnce(client.provider), what);
}

/** Resolves once the client has no open connection (its node died or closed it). */
export function disconnected(client: BoardClient, what = "a client to be disconnected"): Promise<void> {
  const gone = new Promise<void>((resolve) => {
    if (!client.provider.wsconnected) return resolve();
    const onStatus = ({ status }: { status: string }) => {
      if (status !== "disconnected") return;
      client.provider.off("status", onStatus);
      resolve();
    };
    client.provider.on("status", onStatus);
  });
  return withinLimit(gone, what);
}

// ---------------------------------------------------------------------------------------------
// What the database says

/** Board.id of a session's board (the advisory lock key is derived from it). */
export async function boardIdOf(db: Db, sessionId: string): Promise<string> {
  return (await db.board.findUniqueOrThrow({ where: { sessionId }, select: { id: true } })).id;
}

export interface BoardLock {
  pid: number;
  granted: boolean;
  applicationName: string | null;
  clientPort: number | null;
}

/** Every advisory lock row of `boardId`'s key in this database, as pg_locks shows it. */
export async function boardLocks(databaseUrl: string, boardId: string): Promise<BoardLock[]> {
  const { classid, objid } = lockKeyInPgLocks(boardLockKey(boardId));
  const rows = await pgQuery<{ pid: number; granted: boolean; application_name: string | null; client_port: number | null }>(
    databaseUrl,
    `SELECT l.pid, l.granted, a.application_name, a.client_port
       FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.classid = $1::bigint::oid AND l.objid = $2::bigint::oid AND l.objsubid = 1
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [classid, objid],
  );
  return rows.map((row) => ({ pid: row.pid, granted: row.granted, applicationName: row.application_name, clientPort: row.client_port }));
}

/** How many advisory locks the nodes' lock connections hold in this database, all boards together. */
export async function heldBoardLockCount(databaseUrl: string): Promise<number> {
  const [row] = await pgQuery<{ count: string }>(
    databaseUrl,
    `SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = $1
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [LOCK_CONNECTION_NAME],
  );
  return Number(row.count);
}

export async function boardLease(db: Db, sessionId: string): Promise<{ leaseEpoch: number; ownerAddress: string | null }> {
  return db.board.findUniqueOrThrow({ where: { sessionId }, select: { leaseEpoch: true, ownerAddress: true } });
}

/**
 * The node whose process holds the TCP connection from `clientPort` to PostgreSQL (Linux: /proc),
 * so that a lock in pg_locks can be tied to a node without trusting what the node wrote.
 */
export function nodeHoldingConnection(cluster: Cluster, clientPort: number): ClusterNode | undefined {
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      const localPort = parseInt(fields[1].split(":")[1], 16);
      if (localPort === clientPort) inodes.add(fields[9]);
    }
  }
  return cluster.nodes.find((node) => {
    const pid = node.process?.child.pid;
    if (!pid || !node.alive) return false;
    try {
      return readdirSync(`/proc/${pid}/fd`).some((fd) => {
        try {
          const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
          return inodes.has(target.replace(/^socket:\[(\d+)\]$/, "$1"));
        } catch {
          return false;
        }
      });
    } catch {
      return false;
    }
  });
}

/** The board exactly as stored in PostgreSQL, read back the way a node taking it would. */
export async function storedDoc(db: Db, sessionId: string): Promise<Y.Doc> {
  const loaded = await createPrismaBoardStore(db).load(sessionId);
  if (!loaded) throw new Error(`no stored board for session ${sessionId}`);
  const doc = new Y.Doc();
  for (const update of [loaded.snapshot, ...loaded.updates]) if (update) Y.applyUpdate(doc, update);
  return doc;
}

/** A doc's contents (records, meta, authors) with keys sorted, to compare docs built in different orders. */
export function contents(doc: Y.Doc): string {
  return canonical({ records: boardRecords(doc).toJSON(), meta: boardMeta(doc).toJSON(), authors: boardAuthors(doc).toJSON() });
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Note ids (`shape:<prefix>…`) of a doc. */
export function noteIds(doc: Y.Doc, prefix: string): Set<string> {
  return new Set([...boardRecords(doc).keys()].filter((key) => key.startsWith(`shape:${prefix}`)));
}

/**
 * Waits until every client's doc and a fresh load from PostgreSQL have the same contents; gives up
 * with the differences named. Re-reads the stored board each round (the last writes may be in flight).
 */
export async function convergedWithStore(db: Db, sessionId: string, clients: BoardClient[], ms = WAIT_LIMIT_MS): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const reference = contents(await storedDoc(db, sessionId));
    const differing = clients.map((client, index) => (contents(client.doc) === reference ? -1 : index)).filter((index) => index >= 0);
    if (differing.length === 0) return;
    const stored = noteIds(await storedDoc(db, sessionId), "");
    const first = clients[differing[0]].doc;
    const mine = noteIds(first, "");
    const why =
      `clients ${differing.join(", ")} differ from the stored board; client ${differing[0]} has ` +
      `${[...mine].filter((id) => !stored.has(id)).length} notes not stored, lacks ${[...stored].filter((id) => !mine.has(id)).length}`;
    if (Date.now() > deadline) throw new Error(`gave up waiting ${ms} ms for convergence: ${why}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Re-checks `check` every 50 ms until it holds; gives up after `ms` naming `what`. A wait, not a timing. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, ms = WAIT_LIMIT_MS): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting ${ms} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// ---------------------------------------------------------------------------------------------
// A node killed mid-edit (cluster-owner-killed, cluster-forwarder-killed)

export interface KillMidEditResult {
  /** ms from the kill until every client of the dead node had lost its connection. */
  detectedMs: number;
  /** ms from letting clients back in until every one of them was synced again. */
  resyncedMs: number;
  /** ms from the kill until a note written after it had reached every client. */
  recoveredMs: number;
  seen: number;
  ownerBefore: { leaseEpoch: number; ownerAddress: string | null };
  ownerAfter: { leaseEpoch: number; ownerAddress: string | null };
}

/**
 * `clients` edit all along; after a few dozen relayed notes node `victim` is killed with SIGKILL while the
 * balancer lets nobody in, so that what PostgreSQL holds is read before any client could resend:
 * every note any client had received must be there. Then clients come back (each to a live node) and
 * edit again. The caller checks owners and locks.
 */
export async function killMidEdit(
  cluster: Cluster,
  db: Db,
  sessionId: string,
  clients: ClusterClient[],
  victim: ClusterNode,
): Promise<KillMidEditResult> {
  const ownerBefore = await boardLease(db, sessionId);
  let sequence = 0;
  const editing = setInterval(() => {
    clients.forEach((client, index) => putNote(client.doc, `kill.c${index}-${sequence}`, `note ${sequence}`));
    sequence += 1;
  }, 40);
  const watcher = clients.find((client) => client.connections.at(-1) !== victim.index) ?? clients[0];
  const onVictim = clients.filter((client) => client.connections.at(-1) === victim.index);
  const affected = cluster.nodeAt(ownerBefore.ownerAddress) === victim ? clients : onVictim;
  try {
    await until(watcher.doc, () => [...watcher.received].filter((key) => key.startsWith("shape:kill.")).length >= 40, "40 relayed notes");
    cluster.gate.open = false;
    const killedAt = Date.now();
    await victim.kill();
    await Promise.all(affected.map((client) => disconnected(client, "every client of the dead node to lose its connection")));
    const detectedMs = Date.now() - killedAt;
    const seen = new Set(clients.flatMap((client) => [...client.received]));
    const stored = await storedDoc(db, sessionId);
    const lost = [...seen].filter((key) => !boardRecords(stored).has(key));
    if (lost.length > 0)
      throw new Error(`${lost.length} of ${seen.size} notes clients had received are not in PostgreSQL: ${lost.slice(0, 5).join(", ")}`);
    cluster.gate.open = true;
    const backAt = Date.now();
    await Promise.all(affected.map((client) => resynced(client, "every client of the dead node to reconnect to a live one")));
    const resyncedMs = Date.now() - backAt;
    clearInterval(editing);
    clients.forEach((client, index) => putNote(client.doc, `after.c${index}`, `après ${index}`));
    await Promise.all(
      clients.map((client) =>
        until(client.doc, () => noteIds(client.doc, "after.").size === clients.length, "every note written after the kill"),
      ),
    );
    const recoveredMs = Date.now() - killedAt;
    return { detectedMs, resyncedMs, recoveredMs, seen: seen.size, ownerBefore, ownerAfter: await boardLease(db, sessionId) };
  } finally {
    clearInterval(editing);
    cluster.gate.open = true;
  }
}

// ---------------------------------------------------------------------------------------------
// One cluster per test file

export interface ClusterFile {
  readonly database: ClusterDatabase;
  readonly cluster: Cluster;
  /** Clients of the file's tests: destroyed when the file ends. */
  readonly clients: ClusterClient[];
  /** A client whose "load balancer" sends it to node `home` first, destroyed when the file ends. */
  connect(home: number, sessionId: string, cookie: string): ClusterClient;
}

/**
 * Registers the hooks of a file that runs its tests on one cluster: a fresh database and `size` nodes
 * before, every client, the nodes and the database gone after. Call inside a describe.
 */
export function useCluster(options: { size?: number; env?: Record<string, string> } = {}): ClusterFile {
  let database: ClusterDatabase | undefined;
  let cluster: Cluster | undefined;
  const clients: ClusterClient[] = [];
  beforeAll(async () => {
    database = await createClusterDatabase();
    cluster = await startCluster(database.url, options);
  }, 90_000);
  afterAll(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await cluster?.stop();
    await database?.cleanup();
  });
  return {
    get database() {
      return database!;
    },
    get cluster() {
      return cluster!;
    },
    clients,
    connect(home, sessionId, cookie) {
      const client = connectClusterClient(cluster!, home, sessionId, cookie);
      clients.push(client);
      return client;
    },
  };
}

/**
 * A session's board with `count` participants, each a client pushed to `file.clients`: the first on
 * node 0, which thereby owns the board, the others spread over the nodes; resolves once all are synced.
 */
export async function spreadOverNodes(file: ClusterFile, sessionId: string, count: number): Promise<ClusterClient[]> {
  const { database, cluster, clients } = file;
  const cookies = await Promise.all(Array.from({ length: count }, (_, index) => participantCookie(database.db, sessionId, `P${index}`)));
  const spread = [connectClusterClient(cluster, 0, sessionId, cookies[0])];
  clients.push(spread[0]);
  await spread[0].synced;
  for (let index = 1; index < count; index++) {
    const client = connectClusterClient(cluster, index % cluster.nodes.length, sessionId, cookies[index]);
    spread.push(client);
    clients.push(client);
  }
  await Promise.all(spread.map((client) => client.synced));
  return spread;
}
