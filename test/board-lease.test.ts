// Several nodes, in one process (docs/decisions/023): two BoardOwnership instances on one PostgreSQL
// database stand for two nodes. What must hold: one owner per board; taking a board bumps its epoch;
// every write of a node that lost the board is refused by PostgreSQL in the statement itself, also
// when the takeover happens while the write is in flight; a lock connection terminated from
// PostgreSQL gives up every board of its node at once. And what a node accepts from another: a hop
// header or a /_cluster/ call only with CLUSTER_SECRET's signature.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import express from "express";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDeploy } from "../scripts/migrate-engine.js";
import { createPgBoardStore, type PgBoardStore } from "../server/board/board-store-pg.js";
import { isFenced } from "../server/board/fencing.js";
import { RoomRegistry } from "../server/board/room-registry.js";
import { BoardOwnership } from "../server/cluster/board-ownership.js";
import { clusterEndpoint } from "../server/cluster/cluster-boards.js";
import { HOP_HEADER, isForwarded, signHop } from "../server/cluster/forward.js";
import { boardLockKey, lockKeyInPgLocks } from "../server/cluster/lock-key.js";
import { createDb, type Db } from "../prisma/db.js";
import { createFacilitatorWithSession } from "./support/fixtures.js";
import { adminQuery, postgresForTests, postgresUrl } from "./support/postgres.js";

const postgres = await postgresForTests();
const name = `atelier_test_${randomUUID().replaceAll("-", "")}`;
const url = postgresUrl(name);
const SECRET = "secret-partagé-des-serveurs-".padEnd(40, "x");
let db: Db;
let outside: pg.Client;
const nodes: BoardOwnership[] = [];
const lost: Record<string, string[][]> = { a: [], b: [] };

function node(label: "a" | "b"): BoardOwnership {
  const ownership = new BoardOwnership({
    databaseUrl: url,
    address: `http://127.0.0.1:1000${label === "a" ? 1 : 2}`,
    onLost: (boardIds) => lost[label].push(boardIds),
    onWarning: () => undefined,
  });
  nodes.push(ownership);
  return ownership;
}

async function newBoard(): Promise<{ sessionId: string; boardId: string }> {
  const { sessionId } = await createFacilitatorWithSession(db);
  const board = await db.board.findUniqueOrThrow({ where: { sessionId }, select: { id: true } });
  return { sessionId, boardId: board.id };
}

async function locksOf(boardId: string): Promise<number> {
  const { classid, objid } = lockKeyInPgLocks(boardLockKey(boardId));
  const { rows } = await outside.query<{ count: string }>(
    `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND objsubid = 1 AND granted`,
    [classid, objid],
  );
  return Number(rows[0].count);
}

async function logLength(boardId: string): Promise<number> {
  const { rows } = await outside.query<{ count: string }>(`SELECT count(*) FROM "BoardUpdate" WHERE "boardId" = $1`, [boardId]);
  return Number(rows[0].count);
}

async function lockConnectionOf(ownership: BoardOwnership, boardId: string): Promise<number> {
  const { classid, objid } = lockKeyInPgLocks(boardLockKey(boardId));
  const { rows } = await outside.query<{ pid: number }>(
    `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND objsubid = 1 AND granted`,
    [classid, objid],
  );
  expect(ownership.holds(boardId)).toBe(true);
  return rows[0].pid;
}

describe.skipIf(!postgres)("board ownership and fencing on PostgreSQL", () => {
  beforeAll(async () => {
    await adminQuery(`CREATE DATABASE "${name}"`);
    await migrateDeploy(url);
    db = createDb(url);
    outside = new pg.Client({ connectionString: url });
    await outside.connect();
  });

  afterAll(async () => {
    for (const ownership of nodes) await ownership.close();
    await outside?.end();
    await db?.$disconnect();
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  it("gives a board to one node at a time, bumping its epoch, and tells the other where it is", async () => {
    const [a, b] = [node("a"), node("b")];
    await Promise.all([a.start(), b.start()]);
    const { sessionId, boardId } = await newBoard();
    // Both ask at once, several times each: one lock, one owner.
    const claims = await Promise.all([a.claim(sessionId), b.claim(sessionId), a.claim(sessionId), b.claim(sessionId)]);
    const owners = claims.filter((claim) => claim.kind === "owner");
    expect(new Set(owners.map((claim) => (claim.kind === "owner" ? claim.epoch : -1))).size).toBe(1);
    expect(a.holds(boardId) !== b.holds(boardId)).toBe(true);
    expect(await locksOf(boardId)).toBe(1);
    const [owner, other] = a.holds(boardId) ? [a, b] : [b, a];
    expect(await other.claim(sessionId)).toEqual({ kind: "elsewhere", address: owner.address });
    expect(await other.ownerElsewhere(sessionId)).toBe(owner.address);
    const row = await db.board.findUniqueOrThrow({ where: { id: boardId } });
    expect(row.ownerAddress).toBe(owner.address);
    expect(row.leaseEpoch).toBe(owner.epochOf(boardId));

    // Giving back another epoch than the one held (a room dropped and replaced) gives nothing back.
    await owner.release(boardId, row.leaseEpoch - 1);
    expect(owner.holds(boardId)).toBe(true);
    // Given back: the other takes it, with the next epoch.
    await owner.release(boardId, row.leaseEpoch);
    const taken = await other.claim(sessionId);
    expect(taken).toEqual({ kind: "owner", boardId, epoch: row.leaseEpoch + 1 });
    expect(await locksOf(boardId)).toBe(1);
    await other.release(boardId, row.leaseEpoch + 1);
    expect(await locksOf(boardId)).toBe(0);
    expect(await a.claim("no-such-session")).toEqual({ kind: "missing" });
  });

  it("refuses every write of a node that lost the board, and loses nothing of the owner's", async () => {
    const [a, b] = [node("a"), node("b")];
    await Promise.all([a.start(), b.start()]);
    const pgA = createPgBoardStore(url, { snapshotPartBytes: 1024 });
    const pgB = createPgBoardStore(url);
    try {
      const { sessionId, boardId } = await newBoard();
      const base = await logLength(boardId);
      const claimA = await a.claim(sessionId);
      if (claimA.kind !== "owner") throw new Error("A should own the board");
      const storeA = pgA.fencedBy(claimA.epoch);
      await storeA.append(boardId, [new Uint8Array([1]), new Uint8Array([2])]);
      // B with any epoch but the board's: refused by PostgreSQL.
      const notHeld = pgB.fencedBy(claimA.epoch - 1);
      await expect(notHeld.append(boardId, [new Uint8Array([9])])).rejects.toSatisfy(isFenced);
      await expect(notHeld.saveFacilitation(boardId, { phase: 1 })).rejects.toSatisfy(isFenced);

      // A's lock connection is cut from PostgreSQL while A lives: A gives the board up at once...
      const pid = await lockConnectionOf(a, boardId);
      await outside.query("SELECT pg_terminate_backend($1)", [pid]);
      const deadline = Date.now() + 5_000;
      while (lost.a.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(lost.a.at(-1)).toContain(boardId);
      expect(a.holds(boardId)).toBe(false);

      // ...and B takes it; a write by A's room with its old epoch (a pause, a stale process) is refused by PostgreSQL.
      const claim = await b.claim(sessionId);
      if (claim.kind !== "owner") throw new Error("B should own the board");
      expect(claim.epoch).toBe(claimA.epoch + 1);
      const storeB = pgB.fencedBy(claim.epoch);
      const staleA = storeA;
      {
        await expect(staleA.append(boardId, [new Uint8Array([4]), new Uint8Array([5])])).rejects.toSatisfy(isFenced);
        await expect(staleA.saveFacilitation(boardId, { phase: 2 })).rejects.toSatisfy(isFenced);
        await expect(staleA.keepHiddenAuthors(boardId, [{ recordId: "shape:x", authorKey: "k" }])).rejects.toSatisfy(isFenced);
        await expect(staleA.compact(boardId, new Uint8Array(4096).fill(7), 1)).rejects.toSatisfy(isFenced);
        await expect(staleA.compact(boardId, new Uint8Array(16).fill(7), 1)).rejects.toSatisfy(isFenced);
      }
      // The owner's writes go on; the log holds exactly the owner's entries.
      await storeB.append(boardId, [new Uint8Array([6])]);
      await storeB.saveFacilitation(boardId, { phase: 3 });
      expect(await logLength(boardId)).toBe(base + 3);
      const row = await db.board.findUniqueOrThrow({ where: { id: boardId } });
      expect(row.facilitation).toEqual({ phase: 3 });
      expect(await db.hiddenAuthorship.count({ where: { boardId } })).toBe(0);
      expect(await db.boardSnapshotPart.count({ where: { boardId } })).toBe(0);
    } finally {
      await pgA.close();
      await pgB.close();
    }
  });

  it("refuses an append in flight when the board is taken before it commits (all of that board's rows, none stored)", async () => {
    const a = node("a");
    await a.start();
    const pgStore = createPgBoardStore(url);
    try {
      const { sessionId, boardId } = await newBoard();
      const other = await newBoard();
      const claimed = await a.claim(sessionId);
      const claimedOther = await a.claim(other.sessionId);
      if (claimed.kind !== "owner" || claimedOther.kind !== "owner") throw new Error("A should own both boards");
      // Two rooms of one node, each with its epoch, through one store: their appends can share a group.
      const store = {
        append: (id: string, updates: Uint8Array[]) =>
          pgStore.fencedBy(id === boardId ? claimed.epoch : claimedOther.epoch).append(id, updates),
      };
      const base = await logLength(boardId);
      const otherBase = await logLength(other.boardId);
      // A takeover that has bumped the epoch but not committed yet: the append must wait for it, then see it.
      await outside.query("BEGIN");
      await outside.query(`UPDATE "Board" SET "leaseEpoch" = "leaseEpoch" + 1 WHERE "id" = $1`, [boardId]);
      const appending = Promise.allSettled([
        store.append(boardId, [new Uint8Array([1]), new Uint8Array([2]), new Uint8Array([3])]),
        store.append(other.boardId, [new Uint8Array([4])]),
      ]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await outside.query("COMMIT");
      const [taken, untouched] = await appending;
      expect(taken.status === "rejected" && isFenced(taken.reason)).toBe(true);
      // Another board committed in the same group is not affected.
      expect(untouched.status).toBe("fulfilled");
      expect(await logLength(boardId)).toBe(base);
      expect(await logLength(other.boardId)).toBe(otherBase + 1);
    } finally {
      await pgStore.close();
    }
  });

  it("loads a board only once it is taken, and closes a lost board's clients with 1012", async () => {
    const a = node("a");
    const b = node("b");
    await Promise.all([a.start(), b.start()]);
    const storeA = createPgBoardStore(url);
    const storeB = createPgBoardStore(url);
    const owning = (node: BoardOwnership, store: PgBoardStore) => ({
      claim: (sessionId: string) => node.claim(sessionId),
      release: (boardId: string, epoch: number) => node.release(boardId, epoch),
      storeFor: (epoch: number) => store.fencedBy(epoch),
    });
    const registryA = new RoomRegistry(storeA, {}, () => undefined, owning(a, storeA));
    const registryB = new RoomRegistry(storeB, {}, () => undefined, owning(b, storeB));
    try {
      const { sessionId, boardId } = await newBoard();
      const closes: number[] = [];
      const connection = {
        person: { key: "participant:1", role: "participant" as const, name: "P" },
        send: () => undefined,
        close: (code: number) => void closes.push(code),
      };
      await registryA.connect(sessionId, connection);
      expect(a.holds(boardId)).toBe(true);
      // B may not load it: the client is told to come back (1012) and lands on the owner.
      await expect(registryB.connect(sessionId, { ...connection, close: () => undefined })).rejects.toMatchObject({ status: 503 });
      expect(registryB.hasRoom(sessionId)).toBe(false);
      registryA.dropBoards([boardId]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(closes).toEqual([1012]);
      expect(registryA.hasRoom(sessionId)).toBe(false);
    } finally {
      await registryA.close();
      await registryB.close();
      await storeA.close();
      await storeB.close();
    }
  });
});

describe("what a node accepts from another", () => {
  const request = (url: string, hop?: string | string[]) =>
    ({ url, headers: hop === undefined ? {} : { [HOP_HEADER]: hop } }) as IncomingMessage;

  it("believes a hop header only with the secret's signature, for that very path, recently", () => {
    const hop = signHop(SECRET, "http://10.0.0.2:3000", "/yjs/s1");
    expect(isForwarded(request("/yjs/s1", hop), SECRET)).toBe(true);
    expect(isForwarded(request("/yjs/s2", hop), SECRET)).toBe(false);
    expect(isForwarded(request("/yjs/s1", hop), "another-secret".padEnd(40, "y"))).toBe(false);
    expect(isForwarded(request("/yjs/s1", signHop(SECRET, "http://10.0.0.2:3000", "/yjs/s1", Date.now() - 120_000)), SECRET)).toBe(false);
    const [from, at, signature] = hop.split(" ");
    for (const forged of [
      `${from} ${at}`,
      `${from} ${at} ${signature} extra`,
      `http://10.0.0.9:3000 ${at} ${signature}`,
      `${from} ${Number(at) + 1} ${signature}`,
      `${from} ${at} ${signature.toUpperCase()}`,
      `${from}  ${at} ${signature}`,
      `${from} ${at} ${signature}=`,
      "",
      "x".repeat(600),
      [hop, hop],
    ]) {
      expect(isForwarded(request("/yjs/s1", forged), SECRET)).toBe(false);
    }
  });

  it("answers /_cluster/boards only to a signed, fresh, well-formed command", async () => {
    const calls: string[] = [];
    const registry = {
      connectedPeople: (sessionId: string) => {
        calls.push(sessionId);
        return new Map([["participant:1", 2]]);
      },
    } as unknown as RoomRegistry;
    const app = express();
    app.use(clusterEndpoint(registry, SECRET));
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const { createHmac } = await import("node:crypto");
    const sign = (body: string, at = Date.now(), secret = SECRET) =>
      `${at} ${createHmac("sha256", secret).update(`cluster\n${at}\n${body}`).digest("base64url")}`;
    const post = (body: string, signature?: string) =>
      fetch(`http://127.0.0.1:${port}/_cluster/boards`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(signature ? { "x-atelier-cluster": signature } : {}) },
        body,
      });
    try {
      const body = JSON.stringify({ op: "connectedPeople", sessionId: "s1" });
      expect((await post(body)).status).toBe(403);
      expect((await post(body, sign(body, Date.now(), "wrong".padEnd(40, "z")))).status).toBe(403);
      expect((await post(body, sign(body, Date.now() - 120_000))).status).toBe(403);
      expect((await post(body, sign(JSON.stringify({ op: "connectedPeople", sessionId: "s2" })))).status).toBe(403);
      for (const bad of [
        '{"op":"dropAll","sessionId":"s1"}',
        '{"op":"connectedPeople","sessionId":"../x"}',
        "[]",
        "nope",
        '{"op":"eraseAuthor","sessionId":"s1"}',
      ]) {
        expect((await post(bad, sign(bad))).status).toBe(400);
      }
      const big = JSON.stringify({ op: "connectedPeople", sessionId: "s1", pad: "x".repeat(8_000) });
      expect((await post(big, sign(big))).status).toBe(413);
      expect(calls).toEqual([]);
      const answer = await post(body, sign(body));
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ people: { "participant:1": 2 } });
      expect(calls).toEqual(["s1"]);
      expect((await fetch(`http://127.0.0.1:${port}/_cluster/boards`)).status).toBe(405);
    } finally {
      server.close();
    }
  });
});
