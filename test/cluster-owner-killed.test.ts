// The owner of a board killed with SIGKILL mid-edit (docs/decisions/023): its advisory lock goes with
// its connection, another node takes the board with a new lease, every note any client had received
// is in PostgreSQL, and the clients carry on there.
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

describe.skipIf(!postgres)("the owner of a board killed mid-edit", () => {
  const file = useCluster();

  it("with SIGKILL: every update any client had received is in PostgreSQL, clients reconnect to a new owner, editing continues", async () => {
    const { database, cluster } = file;
    const { sessionId } = await createFacilitatorWithSession(database.db);
    // The first client makes node 0 the owner; the others spread over the three nodes.
    const clients = await spreadOverNodes(file, sessionId, 12);
    const owner = cluster.nodes[0];

    const result = await killMidEdit(cluster, database.db, sessionId, clients, owner);
    console.log(
      `owner killed (SIGKILL): clients cut ${result.detectedMs} ms after the kill, all synced again ${result.resyncedMs} ms after ` +
        `being let back in, a new note everywhere ${result.recoveredMs} ms after the kill (${result.seen} notes had been relayed)`,
    );
    expect(result.ownerBefore.ownerAddress).toBe(owner.address);
    const newOwner = cluster.nodeAt(result.ownerAfter.ownerAddress);
    expect(newOwner, `new Board.ownerAddress ${result.ownerAfter.ownerAddress}`).toBeDefined();
    expect(newOwner!.index).not.toBe(owner.index);
    expect(result.ownerAfter.leaseEpoch).toBeGreaterThan(result.ownerBefore.leaseEpoch);
    // The clients of the dead node went elsewhere.
    for (const client of clients.filter((each) => each.connections[0] === owner.index))
      expect(client.connections.at(-1)).not.toBe(owner.index);
    const locks = await boardLocks(database.url, await boardIdOf(database.db, sessionId));
    expect(locks).toHaveLength(1);
    expect(locks[0]).toMatchObject({ granted: true, applicationName: LOCK_CONNECTION_NAME });
    expect(nodeHoldingConnection(cluster, locks[0].clientPort!)?.index).toBe(newOwner!.index);
    await convergedWithStore(database.db, sessionId, clients);
  }, 90_000);
});
