// Pages served by one node act on a board held by another (docs/decisions/023): the facilitator's
// participants list counts connections held on the owner, removing a participant from another node
// closes her socket on the owner at once (4403), deleting the session from a third node closes the
// board everywhere (4410); and the node-to-node path cannot be used from outside.
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLOSE_BOARD_GONE, CLOSE_REMOVED } from "../board-core/close-codes.js";
import { boardLease, createClusterDatabase, eventually, startCluster, type Cluster, type ClusterDatabase } from "./support/cluster.js";
import { createFacilitatorWithSession, participantCookie, professionalCookie } from "./support/fixtures.js";
import { postgresForTests } from "./support/postgres.js";
import { withinLimit } from "./support/wait.js";

const postgres = await postgresForTests();

describe.skipIf(!postgres)("pages on one node, the board on another", () => {
  let database: ClusterDatabase;
  let cluster: Cluster;

  beforeAll(async () => {
    database = await createClusterDatabase();
    cluster = await startCluster(database.url);
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
    await database?.cleanup();
  });

  /** A participant's socket opened on one node; resolves with its close code when it closes. */
  async function openOn(node: number, sessionId: string, cookie: string): Promise<{ socket: WebSocket; closed: Promise<number> }> {
    const { port } = cluster.nodes[node];
    const socket = new WebSocket(`ws://127.0.0.1:${port}/yjs/${sessionId}`, {
      headers: { Origin: `http://127.0.0.1:${port}`, Cookie: cookie },
    });
    socket.on("error", () => undefined);
    const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
    await withinLimit(new Promise((resolve) => socket.once("open", resolve)), "a participant's socket to open");
    return { socket, closed };
  }

  const base = (node: number) => `http://127.0.0.1:${cluster.nodes[node].port}`;

  it("lists, removes and deletes from other nodes than the owner, who acts at once", async () => {
    const setup = await createFacilitatorWithSession(database.db);
    const facilitator = await professionalCookie(database.db, setup.user.id);
    const awaCookie = await participantCookie(database.db, setup.sessionId, "Awa");
    const benCookie = await participantCookie(database.db, setup.sessionId, "Ben");
    const awa = await database.db.participant.findFirstOrThrow({ where: { sessionId: setup.sessionId, displayName: "Awa" } });

    // Awa on node 0 takes the board there; Ben reaches it through node 1.
    const awaSocket = await openOn(0, setup.sessionId, awaCookie);
    // (The socket opens at the upgrade; the node takes the board just after.)
    await eventually(
      async () => (await boardLease(database.db, setup.sessionId)).ownerAddress === cluster.nodes[0].address,
      "node 0 to take the board",
    );
    const benSocket = await openOn(1, setup.sessionId, benCookie);

    // The list, asked of node 2, counts the connections the owner holds.
    const listed = await eventually(async () => {
      const answer = await fetch(`${base(2)}/sessions/${setup.sessionId}/participants.json`, { headers: { Cookie: facilitator } });
      const list = (await answer.json()) as { participants: { displayName: string; connections: number }[] };
      const counts = Object.fromEntries(list.participants.map((each) => [each.displayName, each.connections]));
      return counts.Awa === 1 && counts.Ben === 1 ? counts : undefined;
    }, "node 2's list to count both connections held on node 0");
    expect(listed).toEqual({ Awa: 1, Ben: 1 });

    // Removing Awa from node 1: her socket on node 0 closes with 4403; Ben stays.
    const removed = await fetch(`${base(1)}/sessions/${setup.sessionId}/participants`, {
      method: "POST",
      headers: { Origin: base(1), Cookie: facilitator },
      body: new URLSearchParams({ intent: "remove", participantId: awa.id }),
      redirect: "manual",
    });
    expect(removed.status).toBeLessThan(400);
    expect(await withinLimit(awaSocket.closed, "Awa's socket to close")).toBe(CLOSE_REMOVED);
    expect(benSocket.socket.readyState).toBe(WebSocket.OPEN);

    // Deleting the session from node 2: Ben's forwarded socket closes as "board gone", and the rows go.
    const deleted = await fetch(`${base(2)}/sessions/${setup.sessionId}/delete`, {
      method: "POST",
      headers: { Origin: base(2), Cookie: facilitator },
      body: new URLSearchParams({}),
      redirect: "manual",
    });
    expect(deleted.status).toBe(302);
    expect(await withinLimit(benSocket.closed, "Ben's socket to close")).toBe(CLOSE_BOARD_GONE);
    expect(await database.db.board.count({ where: { sessionId: setup.sessionId } })).toBe(0);
  }, 90_000);

  it("refuses the node-to-node path to anyone without the cluster's secret", async () => {
    const setup = await createFacilitatorWithSession(database.db);
    const facilitator = await professionalCookie(database.db, setup.user.id);
    const body = JSON.stringify({ op: "forgetBoard", sessionId: setup.sessionId });
    for (const headers of <Record<string, string>[]>[
      { "content-type": "application/json" },
      { "content-type": "application/json", "x-atelier-cluster": `${Date.now()} forged` },
      { "content-type": "application/json", Cookie: facilitator, Origin: base(0) },
    ]) {
      const answer = await fetch(`${base(0)}/_cluster/boards`, { method: "POST", headers, body });
      expect(answer.status).toBe(403);
      expect(await answer.text()).not.toMatch(/at \w+ \(/);
    }
    expect(await database.db.board.count({ where: { sessionId: setup.sessionId } })).toBe(1);
  });
});
