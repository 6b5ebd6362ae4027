// Several nodes, one board (docs/decisions/023): whichever node a client lands on, there is one owner
// per board (one advisory lock, held on a lock connection of the node Board.ownerAddress names), and
// every client ends with the document PostgreSQL holds.
import { describe, expect, it } from "vitest";
import { noteText, putNote } from "./support/board-notes.js";
import { until } from "./support/clients.js";
import {
  boardIdOf,
  boardLease,
  boardLocks,
  type ClusterClient,
  contents,
  convergedWithStore,
  eventually,
  heldBoardLockCount,
  LOCK_CONNECTION_NAME,
  nodeHoldingConnection,
  noteIds,
  storedDoc,
  useCluster,
} from "./support/cluster.js";
import { createFacilitatorWithSession, participantCookie } from "./support/fixtures.js";
import { postgresForTests } from "./support/postgres.js";

const postgres = await postgresForTests();
process.setMaxListeners(80);

describe.skipIf(!postgres)("three nodes, one board", () => {
  // Rooms unload one second after their last client leaves, so that releasing a lock can be seen.
  const file = useCluster({ env: { BOARD_IDLE_UNLOAD_MS: "1000" } });

  async function newBoard() {
    const setup = await createFacilitatorWithSession(file.database.db);
    return setup.sessionId;
  }
  const client = (home: number, sessionId: string, cookie: string): ClusterClient => file.connect(home, sessionId, cookie);

  /** The one lock of a board: exactly one row, granted, on a lock connection of the node the board row names. */
  async function expectOneOwner(sessionId: string): Promise<void> {
    const locks = await boardLocks(file.database.url, await boardIdOf(file.database.db, sessionId));
    expect(locks, "advisory lock rows of the board").toHaveLength(1);
    expect(locks[0]).toMatchObject({ granted: true, applicationName: LOCK_CONNECTION_NAME });
    const lease = await boardLease(file.database.db, sessionId);
    const owner = file.cluster.nodeAt(lease.ownerAddress);
    expect(owner, `Board.ownerAddress ${lease.ownerAddress} is one of the nodes`).toBeDefined();
    expect(lease.leaseEpoch).toBeGreaterThan(0);
    // The lock's connection belongs to the very process Board.ownerAddress names.
    expect(nodeHoldingConnection(file.cluster, locks[0].clientPort!)?.index, "node holding the lock connection").toBe(owner!.index);
  }

  it("30 clients spread over three nodes end with the same document, equal to a fresh load from PostgreSQL", async () => {
    const sessionId = await newBoard();
    const cookies = await Promise.all(
      Array.from({ length: 30 }, (_, index) => participantCookie(file.database.db, sessionId, `P${index}`)),
    );
    const clients = cookies.map((cookie, index) => client(index % 3, sessionId, cookie));
    await Promise.all(clients.map((each) => each.synced));
    // Every node has clients of its own.
    expect(new Set(clients.map((each) => each.connections[0]))).toEqual(new Set([0, 1, 2]));
    const NOTES = 10;
    for (let round = 0; round < NOTES; round++) {
      clients.forEach((each, index) =>
        putNote(each.doc, `conv.c${index}-${round}`, `note ${index}/${round}`, { x: index * 10, y: round * 10 }),
      );
      // Let the round leave before the next, as people type: not a timing, a pace.
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    // A last edit of each client's first note: updates of existing records travel too.
    clients.forEach((each, index) => putNote(each.doc, `conv.c${index}-0`, `modifiée ${index}`, { x: index * 10 }));
    const total = clients.length * NOTES;
    await Promise.all(
      clients.map((each, index) =>
        until(
          each.doc,
          () =>
            noteIds(each.doc, "conv.").size === total &&
            clients.every((_, other) => noteText(each.doc, `conv.c${other}-0`) === `modifiée ${other}`),
          `client ${index} to have all ${total} notes and the last edits`,
        ),
      ),
    );
    await convergedWithStore(file.database.db, sessionId, clients);
    const stored = await storedDoc(file.database.db, sessionId);
    expect(noteIds(stored, "conv.").size).toBe(total);
    // Equal to each other too (the store is one reference; this says it in the rule's words).
    const first = contents(clients[0].doc);
    expect(clients.filter((each) => contents(each.doc) !== first).length).toBe(0);
    await expectOneOwner(sessionId);
    expect(await heldBoardLockCount(file.database.url)).toBe(1);
    for (const each of clients) each.destroy();
  }, 90_000);

  it("a storm of connections on four boards hitting all nodes at once leaves exactly one lock per board, and the boards agree", async () => {
    // One after the other: the fixtures' names are not made for parallel calls.
    const boards: string[] = [];
    for (let board = 0; board < 4; board++) boards.push(await newBoard());
    const PER_BOARD = 9;
    const cookies = await Promise.all(
      boards.map((sessionId) =>
        Promise.all(Array.from({ length: PER_BOARD }, (_, index) => participantCookie(file.database.db, sessionId, `S${index}`))),
      ),
    );
    // Every connection opened in the same turn, each board's spread over the three nodes.
    const storm = boards.map((sessionId, board) => cookies[board].map((cookie, index) => client((index + board) % 3, sessionId, cookie)));
    await Promise.all(storm.flat().map((each) => each.synced));
    for (const sessionId of boards) await expectOneOwner(sessionId);
    // One owner per board means one document: each client writes, every client of its board sees all.
    storm.forEach((clients, board) => clients.forEach((each, index) => putNote(each.doc, `storm.b${board}-c${index}`, `tempête ${index}`)));
    await Promise.all(
      storm.flatMap((clients) =>
        clients.map((each) => until(each.doc, () => noteIds(each.doc, "storm.").size === PER_BOARD, "every note of the storm's board")),
      ),
    );
    for (const [board, sessionId] of boards.entries()) await convergedWithStore(file.database.db, sessionId, storm[board]);
    for (const each of storm.flat()) each.destroy();
  }, 90_000);

  it("a board nobody is on any more is let go (its lock released), and a second storm takes it again with one owner", async () => {
    const sessionId = await newBoard();
    const boardId = await boardIdOf(file.database.db, sessionId);
    const cookies = await Promise.all(Array.from({ length: 9 }, (_, index) => participantCookie(file.database.db, sessionId, `R${index}`)));
    const first = cookies.map((cookie, index) => client(index % 3, sessionId, cookie));
    await Promise.all(first.map((each) => each.synced));
    await expectOneOwner(sessionId);
    const { leaseEpoch } = await boardLease(file.database.db, sessionId);
    for (const each of first) each.destroy();
    await eventually(
      async () => (await boardLocks(file.database.url, boardId)).length === 0,
      "the board's lock to be released after its room unloaded",
    );

    const second = cookies.map((cookie, index) => client((index + 1) % 3, sessionId, cookie));
    await Promise.all(second.map((each) => each.synced));
    await expectOneOwner(sessionId);
    // Taken again: a new lease.
    expect((await boardLease(file.database.db, sessionId)).leaseEpoch).toBeGreaterThan(leaseEpoch);
    putNote(second[0].doc, "again", "de retour");
    await Promise.all(second.map((each) => until(each.doc, () => noteText(each.doc, "again") === "de retour")));
    await convergedWithStore(file.database.db, sessionId, second);
  }, 90_000);
});
