import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { openBoardStore } from "../server/board/board-store.js";
import { encodeAwareness, encodeUpdate } from "../server/board/protocol.js";
import { CLOSE } from "../server/board/room.js";
import { RoomRefusedError, RoomRegistry } from "../server/board/room-registry.js";
import { fakeConnection } from "./support/fake-connection.js";
import { createFacilitatorWithSession, createSessionFor, createTestDatabase, type TestDatabase } from "./support/fixtures.js";
import { noteText, putNote } from "./support/board-notes.js";

/** The awareness message a browser tab sends: its client id, a clock and its state. */
function presenceFrame(clientId: number, clock: number, state: Record<string, unknown>): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState(state);
  awareness.meta.set(clientId, { clock, lastUpdated: 0 });
  const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [clientId]);
  awareness.destroy();
  return encodeAwareness(update);
}

describe("board limits", () => {
  let database: TestDatabase;
  let sessionId: string;
  let otherSessionId: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    const setup = await createFacilitatorWithSession(database.db);
    sessionId = setup.sessionId;
    otherSessionId = await createSessionFor(database.db, setup.user.id, setup.structure.id);
  });
  afterAll(() => database.cleanup());
  afterEach(() => vi.useRealTimers());

  const registry = (limits: ConstructorParameters<typeof RoomRegistry>[1]) =>
    new RoomRegistry(openBoardStore(database.db, database.url), limits, () => undefined);

  it("a connection sending more updates than allowed is closed with 1008 and a reason; others keep editing", async () => {
    const rooms = registry({ maxMessagesPerSecond: 20 });
    const flooder = fakeConnection();
    const calm = fakeConnection();
    const room = await rooms.connect(sessionId, flooder.connection);
    await rooms.connect(sessionId, calm.connection);
    const author = new Y.Doc();
    const updates: Uint8Array[] = [];
    author.on("update", (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 100; i++) putNote(author, `flood${i}`, String(i));
    for (const update of updates) room.receive(flooder.connection, encodeUpdate(update));
    expect(flooder.closes).toEqual([CLOSE.tooManyMessages]);

    const other = new Y.Doc();
    other.on("update", (update: Uint8Array) => room.receive(calm.connection, encodeUpdate(update)));
    putNote(other, "calm", "still here");
    await room.settle();
    expect(noteText(room.doc, "calm")).toBe("still here");
    expect(calm.closes).toEqual([]);
    await rooms.close();
  });

  it("refuses one connection too many on a board, and one board too many on the server", async () => {
    const rooms = registry({ maxConnectionsPerRoom: 2, maxRooms: 1 });
    await rooms.connect(sessionId, fakeConnection().connection);
    await rooms.connect(sessionId, fakeConnection().connection);
    await expect(rooms.connect(sessionId, fakeConnection().connection)).rejects.toBeInstanceOf(RoomRefusedError);
    await expect(rooms.connect(otherSessionId, fakeConnection().connection)).rejects.toMatchObject({ status: 503 });
    await rooms.close();
  });

  it("an idle room of 200 people does not relay every presence renewal to everyone", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const rooms = registry({ awareness: { changeDelayMs: 50, renewalDelayMs: 10_000 } });
    const people = Array.from({ length: 200 }, () => fakeConnection());
    const room = await rooms.connect(sessionId, people[0].connection);
    for (const person of people.slice(1)) await rooms.connect(sessionId, person.connection);
    people.forEach((person, index) => room.receive(person.connection, presenceFrame(1000 + index, 1, { user: { name: `P${index}` } })));
    await vi.advanceTimersByTimeAsync(60);
    const framesAfterArrivals = people.map((person) => person.frames.length);

    // Everyone renews an unchanged state (what y-protocols does every 15 s).
    people.forEach((person, index) => room.receive(person.connection, presenceFrame(1000 + index, 2, { user: { name: `P${index}` } })));
    await vi.advanceTimersByTimeAsync(60);
    expect(people.map((person) => person.frames.length)).toEqual(framesAfterArrivals);
    await vi.advanceTimersByTimeAsync(10_000);
    const renewalFrames = people.reduce((sum, person, index) => sum + person.frames.length - framesAfterArrivals[index], 0);
    // One gathered message per person, instead of 200 × 200 = 40,000.
    expect(renewalFrames).toBe(200);
    vi.useRealTimers();
    await rooms.close();
  });
});
