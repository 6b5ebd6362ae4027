// Which node owns which board (docs/decisions/023). A node owns a board while it holds a PostgreSQL
// advisory lock for it on one dedicated connection, and the epoch it bumped on the board row when it
// took it: every write of the owner is fenced by that epoch (fencing.ts, board-store-pg.ts). When that
// connection goes (cut, terminated, the database restarted), PostgreSQL has released every lock of it
// at once: the node drops all its boards (its rooms close with 1012 and the clients reconnect, to
// whichever node then takes the board) and opens a new lock connection.
import pg from "pg";
import { boardLockKey, lockKeyInPgLocks } from "./lock-key.js";

/** How often the lock connection is asked whether it still answers. */
const HEARTBEAT_MS = 1_000;
/**
 * PostgreSQL ends a lock session that has asked nothing for this long, releasing its locks: a node
 * frozen (a pause, SIGSTOP, a VM suspended) or a host gone silent gives its boards up by itself, where
 * TCP keepalives alone would keep a paused process's locks (its kernel still answers them). The
 * heartbeat above keeps a live node's session busy.
 */
const IDLE_SESSION_TIMEOUT = "8s";
/**
 * Taking a board bumps its row, which waits for a row lock held by a transaction of the previous owner:
 * never longer than this (a dead host's open transaction could hold it for hours), then the claim fails
 * (503, the client retries) rather than block the lock connection.
 */
const LOCK_TIMEOUT = "2s";
/** Read-only questions (who holds a board, a board's id) go through their own small pool, not the lock connection. */
const READ_POOL_SIZE = 2;
/** A lock connection that has not answered for this long is taken as lost (a lost host, a stalled network). */
const HEARTBEAT_DEADLINE_MS = 3_000;
/** Waits between attempts to open a new lock connection once one was lost. */
const RECONNECT_DELAYS_MS = [200, 500, 1_000, 2_000, 5_000];
/** A board locked by a node that has not written its address yet: asked again this often, this many times. */
const OWNER_ADDRESS_RETRY_MS = 50;
const OWNER_ADDRESS_RETRIES = 20;

export type Claim = { kind: "owner"; boardId: string; epoch: number } | { kind: "elsewhere"; address: string } | { kind: "missing" };

export class OwnershipUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OwnershipUnavailableError";
  }
}

export interface OwnershipOptions {
  databaseUrl: string;
  /** This node's CLUSTER_NODE_ADDRESS: written on the boards it takes, where the others forward to. */
  address: string;
  /** Every board this node held, at once, when its lock connection went: they must close without writing. */
  onLost: (boardIds: string[]) => void;
  onWarning: (message: string, error?: unknown) => void;
}

export class BoardOwnership {
  private client: pg.Client | null = null;
  /** When the lock connection last answered anything: a long queue of answers is a live connection. */
  private lastAnswerAt = Date.now();
  private readonly reads: pg.Pool;
  private connecting: Promise<pg.Client> | null = null;
  /** Boards this node holds now → the epoch it took each with. */
  private readonly held = new Map<string, number>();
  /** Claims under way, so that two connections to one board take its lock once (locks are reentrant). */
  private readonly claiming = new Map<string, Promise<Claim>>();
  private readonly boardIds = new Map<string, string>();
  private heartbeat: NodeJS.Timeout | null = null;
  private reconnectAttempt = 0;
  private closed = false;

  constructor(private readonly options: OwnershipOptions) {
    this.reads = new pg.Pool({
      connectionString: options.databaseUrl,
      max: READ_POOL_SIZE,
      keepAlive: true,
      application_name: "atelier-board-owners",
    });
    this.reads.on("error", () => undefined);
  }

  get address(): string {
    return this.options.address;
  }

  /** Opens the lock connection (a node that cannot reach its database does not start). */
  async start(): Promise<void> {
    await this.connection();
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS / 2);
    this.heartbeat.unref();
  }

  /** The epoch this node holds a board with, if it does. */
  epochOf(boardId: string): number | undefined {
    return this.held.get(boardId);
  }

  holds(boardId: string): boolean {
    return this.held.has(boardId);
  }

  /** How many boards this node holds (for /healthz and the tests). */
  get heldCount(): number {
    return this.held.size;
  }

  /**
   * Takes a session's board for this node if nobody holds it; says where it is held otherwise. The
   * epoch is bumped after the lock is taken and before anything is read: the board is then loaded
   * with every write the previous owner could still make.
   */
  claim(sessionId: string): Promise<Claim> {
    const existing = this.claiming.get(sessionId);
    if (existing) return existing;
    const claim = this.take(sessionId).finally(() => this.claiming.delete(sessionId));
    this.claiming.set(sessionId, claim);
    return claim;
  }

  /**
   * Where a session's board is held by another node right now, or null (held here, or by nobody: the
   * node asking may take it). Reads only: nothing is locked.
   */
  async ownerElsewhere(sessionId: string): Promise<string | null> {
    const client = this.reads;
    const boardId = await this.boardIdOf(client, sessionId);
    if (!boardId || this.held.has(boardId)) return null;
    for (let attempt = 0; ; attempt++) {
      const { classid, objid } = lockKeyInPgLocks(boardLockKey(boardId));
      const locked = await client.query<{ address: string | null }>(
        `SELECT b."ownerAddress" AS address FROM "Board" b
         WHERE b."id" = $1 AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.classid = $2
           AND l.objid = $3 AND l.objsubid = 1 AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()))`,
        [boardId, classid, objid],
      );
      if (locked.rows.length === 0) return null;
      const address = locked.rows[0].address;
      if (address && address !== this.options.address) return address;
      // Locked by a node that has not written its address yet (or by a dead incarnation of this one, whose
      // session PostgreSQL is about to end): ask again in a moment.
      if (attempt >= OWNER_ADDRESS_RETRIES) throw new OwnershipUnavailableError("board locked by a node without an address");
      await new Promise((resolve) => setTimeout(resolve, OWNER_ADDRESS_RETRY_MS));
    }
  }

  /**
   * Gives a board up (its room unloaded): another node may take it at once. Only the epoch named: a
   * room that was dropped and replaced never gives up its successor's hold.
   */
  async release(boardId: string, epoch: number): Promise<void> {
    if (this.held.get(boardId) !== epoch) return;
    this.held.delete(boardId);
    const client = this.client;
    if (!client) return;
    await this.ask(client, "SELECT pg_advisory_unlock($1::bigint)", [boardLockKey(boardId).toString()]).then(
      () => undefined,
      (error: unknown) => this.options.onWarning(`board ${boardId}: could not release its lock`, error),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.held.clear();
    const client = this.client;
    this.client = null;
    // Ending the session releases every lock it holds.
    await client?.end().catch(() => undefined);
    await this.reads.end().catch(() => undefined);
  }

  private async take(sessionId: string, attempt = 0): Promise<Claim> {
    const client = await this.connection();
    const boardId = await this.boardIdOf(this.reads, sessionId);
    if (!boardId) return { kind: "missing" };
    const epoch = this.held.get(boardId);
    if (epoch !== undefined) return { kind: "owner", boardId, epoch };
    const key = boardLockKey(boardId).toString();
    const locked = await this.ask<{ locked: boolean }>(client, "SELECT pg_try_advisory_lock($1::bigint) AS locked", [key]);
    if (locked.rows[0]?.locked) {
      const bumped = await this.ask<{ leaseEpoch: number }>(
        client,
        `UPDATE "Board" SET "leaseEpoch" = "leaseEpoch" + 1, "ownerAddress" = $2 WHERE "id" = $1 RETURNING "leaseEpoch"`,
        [boardId, this.options.address],
      ).catch(async (error: unknown) => {
        await this.ask(client, "SELECT pg_advisory_unlock($1::bigint)", [key]).catch(() => undefined);
        throw error;
      });
      if (bumped.rows.length === 0) {
        await this.ask(client, "SELECT pg_advisory_unlock($1::bigint)", [key]);
        this.boardIds.delete(sessionId);
        return { kind: "missing" };
      }
      // The connection may have gone between the lock and now: then the lock is gone too.
      if (this.client !== client) throw new OwnershipUnavailableError("lock connection lost while taking a board");
      this.held.set(boardId, bumped.rows[0].leaseEpoch);
      return { kind: "owner", boardId, epoch: bumped.rows[0].leaseEpoch };
    }
    const address = await this.ownerElsewhere(sessionId);
    // Released between the two questions: try again, a few times.
    if (address === null) {
      if (attempt >= 3) throw new OwnershipUnavailableError("board neither free nor held");
      return this.take(sessionId, attempt + 1);
    }
    return { kind: "elsewhere", address };
  }

  private async boardIdOf(client: pg.Pool, sessionId: string): Promise<string | null> {
    const known = this.boardIds.get(sessionId);
    if (known) return known;
    const { rows } = await client.query<{ id: string }>(`SELECT "id" FROM "Board" WHERE "sessionId" = $1`, [sessionId]);
    const boardId = rows[0]?.id ?? null;
    if (boardId) {
      // Bounded: session ids come from authenticated upgrades, but a long-lived node sees many boards.
      if (this.boardIds.size >= 10_000) this.boardIds.clear();
      this.boardIds.set(sessionId, boardId);
    }
    return boardId;
  }

  /** The lock connection, opened when there is none. */
  private connection(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    if (this.closed) return Promise.reject(new OwnershipUnavailableError("closed"));
    this.connecting ??= this.open().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async open(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.options.databaseUrl,
      application_name: "atelier-board-locks",
      keepAlive: true,
      keepAliveInitialDelayMillis: 1_000,
      connectionTimeoutMillis: 5_000,
    });
    client.on("error", (error) => this.lost(client, error));
    client.on("end", () => this.lost(client));
    try {
      await client.connect();
      // PostgreSQL's side too notices a vanished node within seconds, and then releases its locks
      // (idle_session_timeout: PostgreSQL 14 or later).
      await client.query(
        `SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3;
         SET idle_session_timeout = '${IDLE_SESSION_TIMEOUT}'; SET lock_timeout = '${LOCK_TIMEOUT}'`,
      );
    } catch (error) {
      // Never left open: each failed attempt would hold one of the server's connections.
      await client.end().catch(() => undefined);
      throw error;
    }
    this.lastAnswerAt = Date.now();
    this.client = client;
    this.reconnectAttempt = 0;
    return client;
  }

  /** The lock connection went: every lock went with it. */
  private lost(client: pg.Client, error?: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    const boards = [...this.held.keys()];
    this.held.clear();
    this.boardIds.clear();
    void client.end().catch(() => undefined);
    if (this.closed) return;
    this.options.onWarning(`lock connection lost: ${boards.length} board(s) given up`, error);
    if (boards.length > 0) this.options.onLost(boards);
    this.reconnect();
  }

  private reconnect(): void {
    const delay = RECONNECT_DELAYS_MS[Math.min(this.reconnectAttempt++, RECONNECT_DELAYS_MS.length - 1)];
    const timer = setTimeout(() => {
      if (this.closed || this.client) return;
      this.connection().catch(() => this.reconnect());
    }, delay);
    timer.unref();
  }

  /** A query on the lock connection; any answer, even an error, is a sign of life. */
  private async ask<R extends pg.QueryResultRow = pg.QueryResultRow>(client: pg.Client, text: string, values: unknown[] = []) {
    try {
      return await client.query<R>(text, values);
    } finally {
      if (client === this.client) this.lastAnswerAt = Date.now();
    }
  }

  /**
   * Asks the lock connection to answer when it has said nothing for a while; one that has answered
   * nothing at all for the deadline is taken as lost. Any answer counts: a queue of claims is a live
   * connection, not a dead one.
   */
  private beat(): void {
    const client = this.client;
    if (!client) return;
    const silent = Date.now() - this.lastAnswerAt;
    if (silent > HEARTBEAT_DEADLINE_MS) return this.lost(client, new Error("lock connection did not answer"));
    if (silent >= HEARTBEAT_MS) void this.ask(client, "SELECT 1").catch(() => undefined);
  }
}
