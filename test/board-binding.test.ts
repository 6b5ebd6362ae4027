import { noteShape } from "../board-core/cards.js";
import { UserRecordType, createShapeId, createUserId, toRichText, type TLNoteShape, type TLRecord, type TLStore } from "@tldraw/tlschema";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { BOARD_SCHEMA_KEY, boardMeta, boardRecords, readBoardSchema } from "../board-core/shared-doc";
import { createInitialBoardUpdate, zoneFrameShapeId } from "../board-core/template-layout";
import { createBoardStore } from "../app/board/tldraw-store";
import { BoardSchemaError, bindStoreToYDoc } from "../app/board/yjs-binding";
import { oneZoneTemplate } from "./support/templates.js";

const template = oneZoneTemplate("atelier-liaison", "Atelier de liaison");
const ZONE = zoneFrameShapeId("idees", "boite");

/** Origin of updates relayed between test docs, standing in for the WebSocket provider. */
const RELAY = Symbol("relay");
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

/** Two docs that exchange every update, as two browsers in the same room would through the server. */
function connectedDocs(initialUpdate?: Uint8Array): [Y.Doc, Y.Doc] {
  const docs: [Y.Doc, Y.Doc] = [new Y.Doc(), new Y.Doc()];
  for (const doc of docs) if (initialUpdate) Y.applyUpdate(doc, initialUpdate, RELAY);
  const [a, b] = docs;
  const relay = (to: Y.Doc) => (update: Uint8Array, origin: unknown) => {
    if (origin !== RELAY) Y.applyUpdate(to, update, RELAY);
  };
  a.on("update", relay(b));
  b.on("update", relay(a));
  cleanups.push(() => docs.forEach((doc) => doc.destroy()));
  return docs;
}

function openBoard(doc: Y.Doc, options?: Parameters<typeof bindStoreToYDoc>[2]): TLStore {
  const store = createBoardStore();
  const unbind = bindStoreToYDoc(store, doc, options);
  cleanups.push(() => {
    unbind();
    store.dispose();
  });
  return store;
}

function stickyNote(id: string, text: string): TLNoteShape {
  return noteShape({ id: createShapeId(id), parentId: ZONE, x: 30, y: 30, text });
}

/** Resolves on the doc's next update: local store changes reach the doc when the store flushes. */
function nextUpdate(doc: Y.Doc): Promise<void> {
  return new Promise((resolve) => doc.once("update", () => resolve()));
}

describe("two boards bound to the same room", () => {
  it("opens on the room's content: the template's zones are in the store", () => {
    const [doc] = connectedDocs(createInitialBoardUpdate(template));
    const store = openBoard(doc);
    expect(store.get(ZONE)).toMatchObject({ type: "frame", props: { name: "Boîte à idées" } });
    expect(store.get("page:page" as TLRecord["id"])).toBeDefined();
  });

  it("shows a sticky note posted on one board on the other", async () => {
    const [docA, docB] = connectedDocs(createInitialBoardUpdate(template));
    const alice = openBoard(docA);
    const bob = openBoard(docB);

    const sent = nextUpdate(docA);
    alice.put([stickyNote("note-1", "Prendre le bus")]);
    await sent;

    expect(bob.get(createShapeId("note-1"))).toMatchObject({ parentId: ZONE, props: { richText: toRichText("Prendre le bus") } });
  });

  it("carries an edit and a delete made on the other board back", async () => {
    const [docA, docB] = connectedDocs(createInitialBoardUpdate(template));
    const alice = openBoard(docA);
    const bob = openBoard(docB);
    const note = stickyNote("note-2", "Garde d'enfants");
    let sent = nextUpdate(docA);
    alice.put([note]);
    await sent;

    sent = nextUpdate(docB);
    bob.put([{ ...note, x: 250 }]);
    await sent;
    expect(alice.get(note.id)).toMatchObject({ x: 250 });

    sent = nextUpdate(docB);
    bob.remove([note.id]);
    await sent;
    expect(alice.get(note.id)).toBeUndefined();
    expect(boardRecords(docA).has(note.id)).toBe(false);
  });

  it("keeps each browser's own records (user, instance, camera) out of the room", async () => {
    const [docA] = connectedDocs(createInitialBoardUpdate(template));
    const alice = openBoard(docA);
    expect(alice.allRecords().some((record) => record.typeName === "instance")).toBe(true);

    const user = UserRecordType.create({ id: createUserId("alice"), name: "Alice" });
    alice.put([user]);
    const sent = nextUpdate(docA);
    alice.put([stickyNote("note-3", "Un mot")]);
    await sent;

    const shared = [...boardRecords(docA).values()];
    expect(shared.map((record) => record.id)).toContain(createShapeId("note-3"));
    for (const record of shared) {
      expect(record.typeName).not.toBe("user");
      expect(alice.schema.types[record.typeName].scope, record.id).toBe("document");
    }
  });

  it("ignores a user record that another client wrote into the room", () => {
    const [docA, docB] = connectedDocs(createInitialBoardUpdate(template));
    const alice = openBoard(docA);
    const stranger = UserRecordType.create({ id: createUserId("stranger"), name: "Quelqu'un" });
    boardRecords(docB).set(stranger.id, stranger);
    expect(alice.get(stranger.id)).toBeUndefined();
  });

  it("leaves out a malformed record from another client and still applies the rest", () => {
    const [docA, docB] = connectedDocs(createInitialBoardUpdate(template));
    const rejected: unknown[] = [];
    const alice = openBoard(docA, { onRejectedRecord: (record) => rejected.push(record) });
    const broken = { ...stickyNote("broken", "?"), props: { nonsense: true } } as unknown as TLRecord;
    const fine = stickyNote("fine", "Bonne carte");
    docB.transact(() => {
      boardRecords(docB).set(broken.id, broken);
      boardRecords(docB).set(fine.id, fine);
    });
    expect(rejected).toEqual([broken]);
    expect(alice.get(broken.id)).toBeUndefined();
    expect(alice.get(fine.id)).toBeDefined();
  });

  it("stops mirroring once unbound", () => {
    const [docA] = connectedDocs(createInitialBoardUpdate(template));
    const store = createBoardStore();
    const unbind = bindStoreToYDoc(store, docA);
    unbind();
    store.put([stickyNote("after", "Trop tard")]);
    store._flushHistory();
    expect(boardRecords(docA).has(createShapeId("after"))).toBe(false);
    boardRecords(docA).set(createShapeId("remote"), stickyNote("remote", "Ailleurs"));
    expect(store.get(createShapeId("remote"))).toBeUndefined();
    store.dispose();
  });
});

describe("opening a board saved with another tldraw schema", () => {
  /** A doc as an older version would have saved it: a text note from before tldraw's rich text. */
  function docFromOlderVersion(): Y.Doc {
    const [doc] = connectedDocs(createInitialBoardUpdate(template));
    const current = readBoardSchema(doc)!;
    if (current.schemaVersion !== 2) throw new Error("expected a v2 schema");
    const older = { ...current, sequences: { ...current.sequences, "com.tldraw.shape.note": 8 } };
    const { richText: _richText, textLastEditedBy: _editor, ...oldProps } = stickyNote("old", "").props;
    // Note props at version 8: plain `text`, and 0 meaning "font size not adjusted".
    const oldNote = { ...stickyNote("old", ""), props: { ...oldProps, text: "Écrit avant", fontSizeAdjustment: 0 } };
    doc.transact(() => {
      boardRecords(doc).set(oldNote.id, oldNote as unknown as TLRecord);
      boardMeta(doc).set(BOARD_SCHEMA_KEY, older);
    }, RELAY);
    return doc;
  }

  it("migrates older records on load and saves them back with the current schema", () => {
    const doc = docFromOlderVersion();
    const store = openBoard(doc);
    const migrated = store.get(createShapeId("old")) as TLNoteShape;
    expect(migrated.props.richText).toEqual(toRichText("Écrit avant"));
    expect(migrated.props).not.toHaveProperty("text");
    expect(migrated.props).toMatchObject({ fontSizeAdjustment: 1, textLastEditedBy: null });
    expect(boardRecords(doc).get(migrated.id)).toEqual(migrated);
    expect(readBoardSchema(doc)).toEqual(store.schema.serialize());
  });

  it("writes nothing to a room that is already at the current schema", () => {
    const [doc] = connectedDocs(createInitialBoardUpdate(template));
    const before = Y.encodeStateVector(doc);
    openBoard(doc);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it("refuses a board saved by a newer version instead of overwriting it", () => {
    const [doc] = connectedDocs(createInitialBoardUpdate(template));
    const current = readBoardSchema(doc)!;
    if (current.schemaVersion !== 2) throw new Error("expected a v2 schema");
    boardMeta(doc).set(BOARD_SCHEMA_KEY, { ...current, sequences: { ...current.sequences, "com.tldraw.shape.note": 999 } });
    const before = Y.encodeStateAsUpdate(doc);

    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(() => bindStoreToYDoc(createBoardStore(), doc)).toThrow(BoardSchemaError);
    errors.mockRestore();
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it("records the schema in a room that has none, and keeps its records", () => {
    const doc = new Y.Doc();
    cleanups.push(() => doc.destroy());
    const note = stickyNote("orphan", "Sans schéma");
    boardRecords(doc).set(note.id, { ...note, parentId: "page:page" } as TLRecord);
    const store = openBoard(doc);
    expect(store.get(note.id)).toBeDefined();
    expect(readBoardSchema(doc)).toEqual(store.schema.serialize());
  });
});
