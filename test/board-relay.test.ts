// How a room relays what it has stored: updates that arrive together are written together and
// relayed as one frame per connection; an author never gets their own updates back alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as syncProtocol from "y-protocols/sync";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import { openBoardStore } from "../server/board/board-store.js";
import { encodeUpdate } from "../server/board/protocol.js";
import { RoomRegistry } from "../server/board/room-registry.js";
import { noteTexts, putNote } from "./support/board-notes.js";
import { fakeConnection } from "./support/fake-connection.js";
import { createFacilitatorWithSession, createTestDatabase, type TestDatabase } from "./support/fixtures.js";

/** Applies every sync frame a connection received to `doc`, as a y-websocket provider would. */
function applyFrames(doc: Y.Doc, frames: Uint8Array[]): void {
  for (const frame of frames) {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== 0) continue; // presence
    syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, null);
  }
}

function authorDoc() {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  return { doc, updates };
}

describe("board relay", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.cleanup());

  it("relays a burst from one author as one frame to the others and nothing back to the author", async () => {
    const { sessionId } = await createFacilitatorWithSession(database.db);
    const registry = new RoomRegistry(openBoardStore(database.db, database.url), {}, () => undefined);
    const writer = fakeConnection();
    const reader = fakeConnection();
    const room = await registry.connect(sessionId, writer.connection);
    await registry.connect(sessionId, reader.connection);
    // The notes exist first: creating one also files its author, which its writer must get back.
    const author = authorDoc();
    for (let i = 0; i < 5; i++) putNote(author.doc, `n${i}`, `note ${i}`);
    room.receive(writer.connection, encodeUpdate(Y.encodeStateAsUpdate(author.doc)));
    await room.settle();
    author.updates.length = 0;
    const writerBefore = writer.frames.length;
    const readerBefore = reader.frames.length;

    for (let i = 0; i < 5; i++) putNote(author.doc, `n${i}`, `note ${i}, revue`);
    for (const update of author.updates) room.receive(writer.connection, encodeUpdate(update)); // same turn
    await room.settle();

    expect(writer.frames.length).toBe(writerBefore);
    expect(reader.frames.length).toBe(readerBefore + 1);
    const replica = new Y.Doc();
    applyFrames(replica, reader.frames);
    expect(noteTexts(replica, "n")).toEqual(noteTexts(author.doc, "n"));
    expect(noteTexts(replica, "n").n4).toBe("note 4, revue");
    await registry.close();
  });

  it("relays a batch from several authors to everyone", async () => {
    const { sessionId } = await createFacilitatorWithSession(database.db);
    const registry = new RoomRegistry(openBoardStore(database.db, database.url), {}, () => undefined);
    const people = [fakeConnection(), fakeConnection(), fakeConnection()];
    let room!: Awaited<ReturnType<RoomRegistry["connect"]>>;
    for (const person of people) room = await registry.connect(sessionId, person.connection);

    const authors = [authorDoc(), authorDoc()];
    putNote(authors[0].doc, "a", "de Awa");
    putNote(authors[1].doc, "b", "de Bruno");
    room.receive(people[0].connection, encodeUpdate(authors[0].updates[0]));
    room.receive(people[1].connection, encodeUpdate(authors[1].updates[0]));
    await room.settle();

    const replicas = people.map((person) => {
      const replica = new Y.Doc();
      applyFrames(replica, person.frames);
      return noteTexts(replica, "");
    });
    expect(replicas[0]).toMatchObject({ b: "de Bruno" });
    expect(replicas[1]).toMatchObject({ a: "de Awa" });
    expect(replicas[2]).toMatchObject({ a: "de Awa", b: "de Bruno" });
    expect(noteTexts(room.doc, "")).toMatchObject({ a: "de Awa", b: "de Bruno" });
    await registry.close();
  });
});
