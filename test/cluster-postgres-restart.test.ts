// PostgreSQL restarted mid-edit under three nodes (docs/decisions/023): every connection to it is cut,
// locks included. Clients are told to reconnect (1011 when a write failed, 1012 when the node lost the
// board), they resend what the server may not have stored, and nothing is lost. A PostgreSQL of this
// file alone is started and restarted; the shared one is never touched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { putNote } from "./support/board-notes.js";
import { until } from "./support/clients.js";
import {
  boardIdOf,
  boardLocks,
  connectClusterClient,
  convergedWithStore,
  createClusterDatabase,
  eventually,
  LOCK_CONNECTION_NAME,
  noteIds,
  startCluster,
  startPrivatePostgres,
  storedDoc,
  type Cluster,
  type ClusterClient,
  type ClusterDatabase,
  type PrivatePostgres,
} from "./support/cluster.js";
import { createFacilitatorWithSession, participantCookie } from "./support/fixtures.js";

process.setMaxListeners(40);

describe("PostgreSQL restarted under three nodes", () => {
  let server: PrivatePostgres;
  let database: ClusterDatabase;
  let cluster: Cluster;
  const clients: ClusterClient[] = [];

  beforeAll(async () => {
    server = await startPrivatePostgres();
    database = await createClusterDatabase(server.adminUrl);
    cluster = await startCluster(database.url);
  }, 90_000);
  afterAll(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await cluster?.stop();
    await database?.cleanup();
    await server?.stop();
  });

  it("mid-edit: clients are told (1011 or 1012), they resend, nothing is lost", async () => {
    const { sessionId } = await createFacilitatorWithSession(database.db);
    const boardId = await boardIdOf(database.db, sessionId);
    const cookies = await Promise.all(Array.from({ length: 9 }, (_, index) => participantCookie(database.db, sessionId, `P${index}`)));
    clients.push(connectClusterClient(cluster, 0, sessionId, cookies[0]));
    await clients[0].synced;
    for (let index = 1; index < cookies.length; index++) clients.push(connectClusterClient(cluster, index % 3, sessionId, cookies[index]));
    await Promise.all(clients.map((client) => client.synced));

    const written = clients.map(() => 0);
    const editing = setInterval(() => {
      clients.forEach((client, index) => putNote(client.doc, `pgr.c${index}-${written[index]++}`, "note"));
    }, 50);
    try {
      await until(clients[1].doc, () => clients[1].received.size >= 20, "20 relayed notes");
      const closesBefore = clients.map((client) => client.closeCodes.length);
      await server.restart();
      // Every client was cut and told why; each comes back and syncs.
      await eventually(
        async () => clients.every((client, index) => client.closeCodes.length > closesBefore[index] && client.provider.synced),
        "every client to be told, then to reconnect and sync once PostgreSQL is back",
        40_000,
      );
      const told = clients.map((client, index) => client.closeCodes[closesBefore[index]]);
      console.log(`PostgreSQL restarted: clients were told ${told.join(", ")}`);
      for (const code of told) expect([1011, 1012]).toContain(code);
      // Editing goes on after the restart.
      const resumedAt = written.map((count) => count);
      await Promise.all(
        clients.map((client, index) =>
          until(
            client.doc,
            () => noteIds(client.doc, `pgr.c${(index + 1) % clients.length}-${resumedAt[(index + 1) % clients.length] + 3}`).size === 1,
          ),
        ),
      );
    } finally {
      clearInterval(editing);
    }
    await convergedWithStore(database.db, sessionId, clients, 30_000);
    const stored = await storedDoc(database.db, sessionId);
    // Every note every client wrote, before, during and after the restart.
    const missing = clients.flatMap((_, index) =>
      Array.from({ length: written[index] }, (_, sequence) => `shape:pgr.c${index}-${sequence}`).filter(
        (id) => !noteIds(stored, "pgr.").has(id),
      ),
    );
    expect(missing).toEqual([]);
    const locks = await boardLocks(database.url, boardId);
    expect(locks).toHaveLength(1);
    expect(locks[0]).toMatchObject({ granted: true, applicationName: LOCK_CONNECTION_NAME });
  }, 90_000);
});
