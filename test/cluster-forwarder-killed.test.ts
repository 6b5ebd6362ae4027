// A node that forwards a board's sockets to its owner killed with SIGKILL mid-edit (docs/decisions/023):
// the owner keeps the board (same lock, same lease), every note any client had received is in
// PostgreSQL, and the dead node's clients carry on through another node.
import { describe, expect, it } from "vitest";
import {
  boardIdOf,
  boardLocks,
  convergedWithStore,
  killMidEdit,
  LOCK_CONNECTION_NAME,
  nodeHoldingConnection,
  spreadOverNodes,
  useCluster,
} from "./support/cluster.js";
import { createFacilitatorWithSession } from "./support/fixtures.js";
import { postgresForTests } from "./support/postgres.js";

const postgres = await postgresForTests();
process.setMaxListeners(40);

describe.skipIf(!postgres)("a forwarding node killed mid-edit", () => {
  const file = useCluster();

  it("with SIGKILL: every update any client had received is in PostgreSQL, its clients reconnect, the owner keeps the board", async () => {
    const { database, cluster } = file;
    const { sessionId } = await createFacilitatorWithSession(database.db);
    // The first client makes node 0 the owner; the others spread over the three nodes.
    const clients = await spreadOverNodes(file, sessionId, 12);
    const [owner, forwarder] = cluster.nodes;
    const lockBefore = await boardLocks(database.url, await boardIdOf(database.db, sessionId));

    const result = await killMidEdit(cluster, database.db, sessionId, clients, forwarder);
    console.log(
      `forwarding node killed (SIGKILL): its clients cut ${result.detectedMs} ms after the kill, synced again ${result.resyncedMs} ms ` +
        `after being let back in, a new note everywhere ${result.recoveredMs} ms after the kill (${result.seen} notes had been relayed)`,
    );
    // The owner never lost the board: same node, same lease, same lock connection.
    expect(result.ownerBefore.ownerAddress).toBe(owner.address);
    expect(result.ownerAfter).toEqual(result.ownerBefore);
    const locks = await boardLocks(database.url, await boardIdOf(database.db, sessionId));
    expect(locks).toHaveLength(1);
    expect(locks[0]).toMatchObject({ granted: true, applicationName: LOCK_CONNECTION_NAME, pid: lockBefore[0].pid });
    expect(nodeHoldingConnection(cluster, locks[0].clientPort!)?.index).toBe(owner.index);
    for (const client of clients.filter((each) => each.connections[0] === forwarder.index)) {
      expect(client.connections.at(-1)).not.toBe(forwarder.index);
    }
    await convergedWithStore(database.db, sessionId, clients);
  }, 90_000);
});
