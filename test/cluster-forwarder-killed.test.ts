// A node that forwards a board's sockets to its owner killed with SIGKILL mid-edit (docs/decisions/023):
// the owner keeps the board (same lock, same lease), every note any client had received is in
// PostgreSQL, and the dead node's clients carry on through another node.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  boardIdOf,
  boardLocks,
  connectClusterClient,
  convergedWithStore,
  createClusterDatabase,
  killMidEdit,
  LOCK_CONNECTION_NAME,
  nodeHoldingConnection,
  startCluster,
  type Cluster,
  type ClusterClient,
  type ClusterDatabase,
} from "./support/cluster.js";
import { createFacilitatorWithSession, participantCookie } from "./support/fixtures.js";
import { postgresForTests } from "./support/postgres.js";

const postgres = await postgresForTests();
process.setMaxListeners(40);

describe.skipIf(!postgres)("a forwarding node killed mid-edit", () => {
  let database: ClusterDatabase;
  let cluster: Cluster;
  const clients: ClusterClient[] = [];

  beforeAll(async () => {
    database = await createClusterDatabase();
    cluster = await startCluster(database.url);
  }, 90_000);
  afterAll(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await cluster?.stop();
    await database?.cleanup();
  });

  it("with SIGKILL: every update any client had received is in PostgreSQL, its clients reconnect, the owner keeps the board", async () => {
    const { sessionId } = await createFacilitatorWithSession(database.db);
    const cookies = await Promise.all(Array.from({ length: 12 }, (_, index) => participantCookie(database.db, sessionId, `P${index}`)));
    clients.push(connectClusterClient(cluster, 0, sessionId, cookies[0]));
    await clients[0].synced;
    for (const [index, cookie] of cookies.entries())
      if (index > 0) clients.push(connectClusterClient(cluster, index % 3, sessionId, cookie));
    await Promise.all(clients.map((client) => client.synced));
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
