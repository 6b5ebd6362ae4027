// Fencing (docs/decisions/023): a node whose lock connection is cut while its process lives has lost
// the board. It closes its rooms (1012) at once, and whatever it still tries to write afterwards (here,
// frozen with SIGSTOP while another node took the board, then woken with edits waiting in its sockets)
// is refused by the lease epoch: the log keeps every entry the new owner wrote, and nobody sees the late ones.
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { boardRecords } from "../board-core/shared-doc.js";
import { encodeUpdate } from "../server/board/protocol.js";
import { noteText, putNote } from "./support/board-notes.js";
import { until } from "./support/clients.js";
import {
  boardIdOf,
  boardLease,
  boardLocks,
  type ClusterClient,
  convergedWithStore,
  disconnected,
  eventually,
  LOCK_CONNECTION_NAME,
  nodeHoldingConnection,
  noteIds,
  pgQuery,
  resynced,
  storedDoc,
  useCluster,
} from "./support/cluster.js";
import { createFacilitatorWithSession, participantCookie } from "./support/fixtures.js";
import { postgresForTests } from "./support/postgres.js";
import { withinLimit } from "./support/wait.js";

const postgres = await postgresForTests();
process.setMaxListeners(40);

describe.skipIf(!postgres)("a node that lost its lock connection", () => {
  // Compaction every 10 entries: a late writer that was not fenced would fold (and delete) the new owner's entries.
  const file = useCluster({ env: { BOARD_COMPACT_AFTER: "10" } });

  const client = (home: number, sessionId: string, cookie: string): ClusterClient => file.connect(home, sessionId, cookie);
  async function ownerLock(sessionId: string) {
    const locks = await boardLocks(file.database.url, await boardIdOf(file.database.db, sessionId));
    expect(locks, "advisory lock rows of the board").toHaveLength(1);
    expect(locks[0]).toMatchObject({ granted: true, applicationName: LOCK_CONNECTION_NAME });
    return locks[0];
  }

  it("terminated from PostgreSQL (pg_terminate_backend) while its process lives: its rooms close within a second, nothing lost", async () => {
    const { sessionId } = await createFacilitatorWithSession(file.database.db);
    const cookies = await Promise.all(Array.from({ length: 6 }, (_, index) => participantCookie(file.database.db, sessionId, `P${index}`)));
    const clients = [client(0, sessionId, cookies[0])];
    await clients[0].synced;
    for (let index = 1; index < cookies.length; index++) clients.push(client(index % 3, sessionId, cookies[index]));
    await Promise.all(clients.map((each) => each.synced));
    const before = await boardLease(file.database.db, sessionId);
    expect(before.ownerAddress).toBe(file.cluster.nodes[0].address);
    const lock = await ownerLock(sessionId);
    expect(nodeHoldingConnection(file.cluster, lock.clientPort!)?.index).toBe(0);

    let sequence = 0;
    const editing = setInterval(() => {
      clients.forEach((each, index) => putNote(each.doc, `fence.c${index}-${sequence}`, `note ${sequence}`));
      sequence += 1;
    }, 40);
    try {
      await until(clients[1].doc, () => clients[1].received.size >= 20, "20 relayed notes");
      file.cluster.gate.open = false;
      const closes = clients.map((each) => {
        const count = each.closeCodes.length;
        return eventually(
          async () => each.closeCodes.length > count && { code: each.closeCodes[count], at: each.closeTimes[count] },
          "a close",
        );
      });
      const cutAt = Date.now();
      const [{ terminated }] = await pgQuery<{ terminated: boolean }>(file.database.url, "SELECT pg_terminate_backend($1) AS terminated", [
        lock.pid,
      ]);
      expect(terminated).toBe(true);
      const closed = await Promise.all(closes);
      const direct = clients.filter((each) => each.connections.at(-1) === 0).map((each) => closed[clients.indexOf(each)]);
      console.log(`lock connection cut: the owner's own clients were told ${direct.map(({ at }) => at - cutAt).join(", ")} ms later`);
      // Every connection of the room, direct or forwarded, is told "restarting, reconnect".
      expect(closed.map(({ code }) => code)).toEqual(clients.map(() => 1012));
      // Soft: the rest of the test still says whether anything was lost.
      for (const { at } of direct)
        expect.soft(at - cutAt, "ms from the cut until the owner's own clients see their socket close").toBeLessThan(1_000);
      await Promise.all(clients.map((each) => disconnected(each)));
      const seen = new Set(clients.flatMap((each) => [...each.received]));
      const stored = await storedDoc(file.database.db, sessionId);
      expect([...seen].filter((key) => !boardRecords(stored).has(key))).toEqual([]);
      file.cluster.gate.open = true;
      await Promise.all(clients.map((each) => resynced(each)));
    } finally {
      clearInterval(editing);
      file.cluster.gate.open = true;
    }
    clients.forEach((each, index) => putNote(each.doc, `fence-after.c${index}`, "après"));
    await Promise.all(clients.map((each) => until(each.doc, () => noteIds(each.doc, "fence-after.").size === clients.length)));
    const after = await boardLease(file.database.db, sessionId);
    expect(after.leaseEpoch).toBeGreaterThan(before.leaseEpoch);
    const again = await ownerLock(sessionId);
    expect(nodeHoldingConnection(file.cluster, again.clientPort!)?.address).toBe(after.ownerAddress);
    await convergedWithStore(file.database.db, sessionId, clients);
  }, 90_000);

  for (const cut of ["terminated from PostgreSQL", "ended by PostgreSQL itself (idle session timeout)"] as const) {
    it(`frozen, its lock ${cut} and the board taken elsewhere, then woken with edits in its sockets: its late writes are refused, no entry is lost`, async () => {
      const { sessionId } = await createFacilitatorWithSession(file.database.db);
      const [xCookie, yCookie, zCookie, wCookie] = await Promise.all(
        ["X", "Y", "Z", "W"].map((name) => participantCookie(file.database.db, sessionId, name)),
      );
      const stale = file.cluster.nodes[0];
      // X speaks raw Yjs frames to node 0 and never resends: what it sends while node 0 is frozen reaches only node 0.
      const x = new WebSocket(`${stale.wsBase}/${sessionId}`, { headers: { Origin: `http://127.0.0.1:${stale.port}`, Cookie: xCookie } });
      x.on("error", () => undefined);
      const xClosed = new Promise<number>((resolve) => x.once("close", (code) => resolve(code)));
      await withinLimit(new Promise((resolve) => x.once("open", resolve)), "X's socket to open");
      const xDoc = new Y.Doc();
      xDoc.on("update", (update: Uint8Array) => x.send(encodeUpdate(update)));
      const z = client(2, sessionId, zCookie);
      await z.synced;
      putNote(xDoc, "x-before", "avant");
      await until(z.doc, () => noteText(z.doc, "x-before") === "avant", "X's first note to reach Z");
      const before = await boardLease(file.database.db, sessionId);
      expect(before.ownerAddress).toBe(stale.address);
      const lock = await ownerLock(sessionId);

      stale.process!.child.kill("SIGSTOP");
      try {
        for (let index = 0; index < 20; index++) putNote(xDoc, `late-${index}`, `en retard ${index}`);
        // Either someone ends its lock session, or nobody does and PostgreSQL ends it once it has been
        // silent for longer than its idle_session_timeout (8 s).
        if (cut === "terminated from PostgreSQL") await pgQuery(file.database.url, "SELECT pg_terminate_backend($1)", [lock.pid]);
        await eventually(
          async () => (await boardLocks(file.database.url, await boardIdOf(file.database.db, sessionId))).length === 0,
          "the frozen node's lock to go",
          20_000,
        );
        // While it is frozen, the balancer sends nobody to node 0.
        stale.alive = false;
        const y = client(1, sessionId, yCookie);
        await y.synced;
        for (let index = 0; index < 25; index++) putNote(y.doc, `y-after-${index}`, `nouvelle ${index}`);
        await until(y.doc, () => noteIds(y.doc, "y-after-").size === 25);
        const taken = await boardLease(file.database.db, sessionId);
        expect(taken.leaseEpoch).toBeGreaterThan(before.leaseEpoch);
        expect(taken.ownerAddress).not.toBe(stale.address);

        stale.process!.child.kill("SIGCONT");
        // Woken, node 0 finds it lost the board: X is closed, and nothing X sent late was written.
        const lateStored = eventually(
          async () => noteIds(await storedDoc(file.database.db, sessionId), "late-").size || false,
          "late notes",
          25_000,
        );
        const outcome = await withinLimit(
          Promise.race([xClosed.then((code) => ({ closed: code })), lateStored.then((count) => ({ wrote: count }))]),
          "the woken node to close X's socket (or to write its late notes)",
        );
        expect(outcome, "what the woken stale owner did with the edits it found in its sockets").toEqual({ closed: expect.any(Number) });
        expect([1011, 1012]).toContain((outcome as { closed: number }).closed);
        lateStored.catch(() => undefined);
        // Z's socket went through node 2 to node 0: cut at the latest when node 0 woke, it reconnects and
        // gets the new owner's notes.
        await until(z.doc, () => noteIds(z.doc, "y-after-").size === 25, "Z to see the new owner's notes");
        stale.alive = true;
        // Node 0 serves the board again, now by forwarding to the new owner.
        const w = client(0, sessionId, wCookie);
        await w.synced;
        expect(w.connections.at(-1)).toBe(0);
        expect(noteIds(w.doc, "y-after-").size).toBe(25);
        putNote(w.doc, "w-through-stale", "par le nœud 0");
        await until(y.doc, () => noteText(y.doc, "w-through-stale") === "par le nœud 0");

        const stored = await storedDoc(file.database.db, sessionId);
        expect(noteIds(stored, "late-"), "notes the stale owner received while frozen").toEqual(new Set());
        expect(noteIds(stored, "y-after-").size, "the new owner's notes, after the stale one woke").toBe(25);
        expect(noteText(stored, "x-before")).toBe("avant");
        for (const each of [y, z, w]) expect(noteIds(each.doc, "late-"), "late notes relayed to a client").toEqual(new Set());
        await convergedWithStore(file.database.db, sessionId, [y, z, w]);
        const locks = await boardLocks(file.database.url, await boardIdOf(file.database.db, sessionId));
        expect(locks).toHaveLength(1);
        expect(nodeHoldingConnection(file.cluster, locks[0].clientPort!)?.address).toBe(
          (await boardLease(file.database.db, sessionId)).ownerAddress,
        );
      } finally {
        stale.process?.child.kill("SIGCONT");
        stale.alive = true;
        x.terminate();
      }
    }, 90_000);
  }
});
