// A rolling restart (docs/decisions/023): each node in turn is stopped with SIGTERM, as an orchestrator
// does, and started again once its clients are back elsewhere. Mid-edit, with nobody let in while a node
// stops, so that PostgreSQL is read before any client could resend: no update any client received is lost.
import { describe, expect, it } from "vitest";
import { boardRecords } from "../board-core/shared-doc.js";
import { putNote } from "./support/board-notes.js";
import { until } from "./support/clients.js";
import {
  boardIdOf,
  boardLease,
  boardLocks,
  convergedWithStore,
  disconnected,
  noteIds,
  resynced,
  spreadOverNodes,
  storedDoc,
  useCluster,
} from "./support/cluster.js";
import { createFacilitatorWithSession } from "./support/fixtures.js";
import { postgresForTests } from "./support/postgres.js";

const postgres = await postgresForTests();
process.setMaxListeners(40);

describe.skipIf(!postgres)("a rolling restart of three nodes", () => {
  const file = useCluster();

  it("SIGTERM each node in turn, restart it: no update lost, editing never stops for good", async () => {
    const { database, cluster } = file;
    const { sessionId } = await createFacilitatorWithSession(database.db);
    // The first client makes node 0 the owner; the others spread over the three nodes.
    const clients = await spreadOverNodes(file, sessionId, 12);

    const written = clients.map(() => 0);
    const editing = setInterval(() => {
      clients.forEach((client, index) => putNote(client.doc, `roll.c${index}-${written[index]++}`, "note"));
    }, 50);
    try {
      // Node 0 owns the board at first: a forwarding node goes first, then the owner, then the last one.
      for (const node of [1, 0, 2].map((index) => cluster.nodes[index])) {
        const watcher = clients.find((client) => client.connections.at(-1) !== node.index)!;
        const target = watcher.received.size + 15;
        await until(watcher.doc, () => watcher.received.size >= target, "15 more relayed notes");
        const owner = cluster.nodeAt((await boardLease(database.db, sessionId)).ownerAddress);
        const direct = clients.filter((client) => client.connections.at(-1) === node.index);
        const affected = owner === node ? clients : direct;
        const closesBefore = affected.map((client) => client.closeCodes.length);
        cluster.gate.open = false;
        expect(await node.terminate(), `node ${node.index} exit code after SIGTERM`).toBe(0);
        await Promise.all(affected.map((client) => disconnected(client)));
        const told = affected.map((client, index) => client.closeCodes[closesBefore[index]]);
        console.log(`node ${node.index} (${owner === node ? "owner" : "forwarding"}) stopped: its clients saw ${told.join(", ")}`);
        // The owner's room tells every client, direct or through a tunnel, "restarting" (1012). A forwarding
        // node only pipes bytes: its tunnels are cut (the clients see 1006) and they reconnect all the same.
        if (owner === node) expect(told).toEqual(affected.map(() => 1012));
        const seen = new Set(clients.flatMap((client) => [...client.received]));
        const stored = await storedDoc(database.db, sessionId);
        expect(
          [...seen].filter((key) => !boardRecords(stored).has(key)),
          `notes received but not stored, node ${node.index} stopped`,
        ).toEqual([]);
        cluster.gate.open = true;
        await Promise.all(affected.map((client) => resynced(client)));
        await node.start();
      }
    } finally {
      clearInterval(editing);
      cluster.gate.open = true;
    }
    clients.forEach((client, index) => putNote(client.doc, `roll-after.c${index}`, "après"));
    await Promise.all(clients.map((client) => until(client.doc, () => noteIds(client.doc, "roll-after.").size === clients.length)));
    await convergedWithStore(database.db, sessionId, clients);
    const stored = await storedDoc(database.db, sessionId);
    const ids = noteIds(stored, "roll.");
    const missing = clients.flatMap((_, index) =>
      Array.from({ length: written[index] }, (_, sequence) => `shape:roll.c${index}-${sequence}`).filter((id) => !ids.has(id)),
    );
    expect(missing).toEqual([]);
    expect(await boardLocks(database.url, await boardIdOf(database.db, sessionId))).toHaveLength(1);
  }, 150_000);
});
