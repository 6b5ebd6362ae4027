import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { noteTexts, putNote } from "./support/board-notes.js";
import { openBoardStore } from "../server/board/board-store.js";
import { encodeUpdate } from "../server/board/protocol.js";
import { RoomRegistry } from "../server/board/room-registry.js";
import { fakeConnection } from "./support/fake-connection.js";
import { untilNoRoomLoaded } from "./support/rooms.js";
import { createFacilitatorWithSession, createTestDatabase, type TestDatabase } from "./support/fixtures.js";

async function until(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("board log compaction", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.cleanup());

  it("folds a long log into a snapshot while the room is open and when it empties, and reloads the same board", async () => {
    const { sessionId } = await createFacilitatorWithSession(database.db);
    const store = openBoardStore(database.db, database.url);
    const registry = new RoomRegistry(store, { compactAfter: 20, idleUnloadMs: 0 }, () => undefined);
    const author = new Y.Doc();
    const updates: Uint8Array[] = [];
    author.on("update", (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 50; i++) putNote(author, `n${i}`, `note ${i}`);

    const writer = fakeConnection();
    const room = await registry.connect(sessionId, writer.connection);
    // One at a time: updates that arrive together are stored as one log entry.
    for (const update of updates) {
      room.receive(writer.connection, encodeUpdate(update));
      await room.settle();
    }
    const board = await database.db.board.findUniqueOrThrow({ where: { sessionId } });
    // While the room is open, the log is folded as soon as it reaches compactAfter entries.
    await until(async () => (await database.db.boardUpdate.count({ where: { boardId: board.id } })) < 20);
    const live = await database.db.board.findUniqueOrThrow({ where: { sessionId } });
    expect(live.snapshot).not.toBeNull();
    expect(live.snapshotSeq).toBeGreaterThanOrEqual(20);
    putNote(author, "last", "written after the live compaction");
    room.receive(writer.connection, encodeUpdate(updates[updates.length - 1]));
    await room.settle();

    const unloaded = untilNoRoomLoaded(registry);
    registry.disconnect(room, writer.connection);
    await unloaded;

    const compacted = await database.db.board.findUniqueOrThrow({ where: { sessionId } });
    expect(compacted.snapshot).not.toBeNull();
    expect(await database.db.boardUpdate.count({ where: { boardId: board.id } })).toBe(0);

    const reader = fakeConnection();
    const reopened = await registry.connect(sessionId, reader.connection);
    expect(noteTexts(reopened.doc, "")).toMatchObject(noteTexts(author, ""));
    expect(noteTexts(reopened.doc, "").last).toBe("written after the live compaction");
    expect(reader.closes).toEqual([]);
    await registry.close();
  });

  it("keeps an update that arrives during compaction", async () => {
    const { sessionId } = await createFacilitatorWithSession(database.db);
    const store = openBoardStore(database.db, database.url);
    const registry = new RoomRegistry(store, { compactAfter: 1000 }, () => undefined);
    const writer = fakeConnection();
    const room = await registry.connect(sessionId, writer.connection);
    const author = new Y.Doc();
    const updates: Uint8Array[] = [];
    author.on("update", (update: Uint8Array) => updates.push(update));
    putNote(author, "before", "1");
    room.receive(writer.connection, encodeUpdate(updates[0]));
    const compaction = room.compact();
    putNote(author, "during", "2");
    room.receive(writer.connection, encodeUpdate(updates[1]));
    await compaction;
    await room.settle();
    await registry.close();

    const loaded = await store.load(sessionId);
    const reloaded = new Y.Doc();
    for (const update of [loaded!.snapshot!, ...loaded!.updates]) Y.applyUpdate(reloaded, update);
    expect(noteTexts(reloaded, "")).toMatchObject({ before: "1", during: "2" });
  });
});
