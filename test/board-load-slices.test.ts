// A big board is loaded a slice per turn of the event loop (docs/decisions/010 point 10): the slices
// must rebuild exactly the board the store holds, each small, nothing left pending, and the room
// built from them must be the live board everyone edits.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { loadInSlices } from "../server/board/board-load.js";
import { Compactor } from "../server/board/compactor.js";
import { openBoardStore } from "../server/board/board-store.js";
import { encodeUpdate } from "../server/board/protocol.js";
import { RoomRegistry } from "../server/board/room-registry.js";
import { SLICE_STRUCTS, sliceUpdate } from "../server/board/slice-update.mjs";
import { noteTexts, putNote } from "./support/board-notes.js";
import { fakeConnection } from "./support/fake-connection.js";
import { untilNoRoomLoaded } from "./support/rooms.js";
import { createFacilitatorWithSession, createTestDatabase, type TestDatabase } from "./support/fixtures.js";

/** A small deterministic generator, so that a failing history can be replayed from its seed. */
function generator(seed: number) {
  let state = seed >>> 0 || 1;
  return (below: number) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % below;
  };
}

/**
 * A board edited by many clients that see each other late: concurrent writes to the same keys,
 * deletions, list and text inserts at the same places, nested maps: every kind of reference a
 * struct can hold to another client's (left and right neighbours, a parent item).
 */
function concurrentHistory(seed: number, steps: number): Y.Doc {
  const random = generator(seed);
  const server = new Y.Doc();
  const clients = Array.from({ length: 12 }, () => new Y.Doc());
  for (let step = 0; step < steps; step++) {
    const doc = clients[random(clients.length)];
    const before = Y.encodeStateVector(doc);
    doc.transact(() => {
      const records = doc.getMap<unknown>("records");
      const key = `shape:${random(steps)}`;
      switch (random(6)) {
        case 0:
          records.delete(key);
          break;
        case 1:
          doc.getArray<number>("order").insert(random(doc.getArray("order").length + 1), [step]);
          break;
        case 2:
          doc.getText("title").insert(random(doc.getText("title").length + 1), `m${step}`);
          break;
        case 3: {
          const nested = new Y.Map<unknown>();
          nested.set("by", step);
          records.set(key, nested);
          break;
        }
        case 4: {
          const existing = records.get(key);
          if (existing instanceof Y.Map) existing.set(`k${random(4)}`, step);
          else records.set(key, { x: step, text: `carte ${step}` });
          break;
        }
        default:
          records.set(key, { x: step, text: `carte ${step}` });
      }
    });
    Y.applyUpdate(server, Y.encodeStateAsUpdate(doc, before));
    // Now and then a client catches up with everything; the others stay behind for a while.
    if (random(5) === 0) {
      const late = clients[random(clients.length)];
      Y.applyUpdate(late, Y.encodeStateAsUpdate(server, Y.encodeStateVector(late)));
    }
  }
  return server;
}

/** What a person sees of the doc, whatever the order its entries were integrated in. */
function contents(doc: Y.Doc) {
  const records = Object.entries(doc.getMap("records").toJSON()).sort(([a], [b]) => (a < b ? -1 : 1));
  return { records, order: doc.getArray("order").toJSON(), title: doc.getText("title").toString() };
}

/** The doc the slices make, and how many of them left structs waiting for a later one. */
function applyInOrder(slices: Uint8Array[]): Y.Doc & { waited?: number } {
  const doc: Y.Doc & { waited?: number } = new Y.Doc();
  doc.waited = 0;
  for (const slice of slices) {
    Y.applyUpdate(doc, slice);
    if (doc.store.pendingStructs) doc.waited += 1;
  }
  return doc;
}

describe("a whole board cut into slices", () => {
  it.each([1, 7, 42, 2026])("rebuilds the same board from concurrent histories (seed %i)", (seed) => {
    const original = concurrentHistory(seed, 3_000);
    const whole = Y.encodeStateAsUpdate(original);
    const direct = new Y.Doc();
    Y.applyUpdate(direct, whole);
    const slices = sliceUpdate(whole, 50);
    expect(slices.length).toBeGreaterThan(10);
    const rebuilt = applyInOrder(slices);
    expect(contents(rebuilt)).toEqual(contents(direct));
    expect(Y.encodeStateVector(rebuilt)).toEqual(Y.encodeStateVector(direct));
    expect(Y.equalDeleteSets(Y.createDeleteSetFromStructStore(rebuilt.store), Y.createDeleteSetFromStructStore(direct.store))).toBe(true);
    // Each slice integrated as it came: nothing waited for a later one (Yjs would keep such structs
    // aside and try them again with every later slice).
    expect(rebuilt.waited).toBe(0);
    expect(rebuilt.store.pendingStructs).toBeNull();
    expect(rebuilt.store.pendingDs).toBeNull();
  });

  it("keeps every slice to its share of content, deletions in the last one only", () => {
    const whole = Y.encodeStateAsUpdate(concurrentHistory(5, 2_000));
    const withContent = (structs: (Y.Item | Y.GC | Y.Skip)[]) =>
      structs.filter((struct) => struct instanceof Y.Item && !(struct.content instanceof Y.ContentDeleted)).length;
    const slices = sliceUpdate(whole, 40);
    for (const slice of slices.slice(0, -1)) {
      const { structs, ds } = Y.decodeUpdate(slice);
      expect(withContent(structs)).toBeLessThanOrEqual(40);
      expect(ds.clients.size).toBe(0);
    }
    const last = Y.decodeUpdate(slices[slices.length - 1]);
    expect(last.structs).toEqual([]);
    expect(last.ds.clients.size).toBeGreaterThan(0);
    // The default share is what a room uses.
    expect(sliceUpdate(whole).length).toBeGreaterThanOrEqual(Math.ceil(withContent(Y.decodeUpdate(whole).structs) / SLICE_STRUCTS) + 1);
  });

  it("counts what was deleted for little: a board of moved records is a few slices, not thousands", () => {
    // Each move of a record leaves the value it replaced behind, deleted (a struct without content).
    const doc = new Y.Doc();
    const records = doc.getMap("records");
    for (let move = 0; move < 20_000; move++) records.set(`shape:${move % 100}`, { x: move });
    const whole = Y.encodeStateAsUpdate(doc);
    expect(Y.decodeUpdate(whole).structs.length).toBeGreaterThan(19_000);
    const slices = sliceUpdate(whole);
    expect(slices.length).toBeLessThanOrEqual(3);
    expect(contents(applyInOrder(slices))).toEqual(contents(doc));
  });

  it("orders long chains between two clients and many clients waiting at their end", () => {
    // Two people answering each other line after line (each insert's left neighbour is the other's
    // last one), then hundreds of newcomers each adding a line after the very last: every newcomer
    // waits for the end of the chain, which is placed one struct at a time.
    const a = new Y.Doc();
    const b = new Y.Doc();
    for (let line = 0; line < 1_500; line++) {
      const [writer, reader] = line % 2 === 0 ? [a, b] : [b, a];
      const before = Y.encodeStateVector(reader);
      writer.getArray<string>("lines").push([`ligne ${line}`]);
      Y.applyUpdate(reader, Y.encodeStateAsUpdate(writer, before));
    }
    const whole = new Y.Doc();
    Y.applyUpdate(whole, Y.encodeStateAsUpdate(a));
    for (let newcomer = 0; newcomer < 300; newcomer++) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(a));
      const before = Y.encodeStateVector(doc);
      doc.getArray<string>("lines").push([`arrivée ${newcomer}`]);
      Y.applyUpdate(whole, Y.encodeStateAsUpdate(doc, before));
    }
    const update = Y.encodeStateAsUpdate(whole);
    const rebuilt = applyInOrder(sliceUpdate(update, 25));
    expect(rebuilt.waited).toBe(0);
    expect(rebuilt.getArray("lines").toJSON()).toEqual(whole.getArray("lines").toJSON());
    expect(rebuilt.getArray("lines").length).toBe(1_800);
  });

  it("refuses to cut what it would not rebuild faithfully: a gap in a client's clocks, formatted text", () => {
    // A log whose third entry was lost: the doc keeps the later ones pending, and its whole state
    // then holds a gap (a Skip). Written as one run, the structs after it would change ids.
    const writer = new Y.Doc();
    const entries: Uint8Array[] = [];
    writer.on("update", (update: Uint8Array) => entries.push(update));
    for (let i = 0; i < 6; i++) writer.getMap("records").set(`shape:${i}`, { i });
    const damaged = new Y.Doc();
    for (const [index, entry] of entries.entries()) if (index !== 2) Y.applyUpdate(damaged, entry);
    const withGap = Y.encodeStateAsUpdate(damaged);
    expect(Y.decodeUpdate(withGap).structs.some((struct) => struct instanceof Y.Skip)).toBe(true);
    expect(() => sliceUpdate(withGap)).toThrow(/gap/);

    const text = new Y.Doc();
    text.getText("t").insert(0, "gras", { bold: true });
    expect(() => sliceUpdate(Y.encodeStateAsUpdate(text))).toThrow(/formatted/);
  });

  it("leaves pending, as applying it whole would, what depends on structs the update lacks", () => {
    const history = new Y.Doc();
    const updates: Uint8Array[] = [];
    history.on("update", (update: Uint8Array) => updates.push(update));
    const other = new Y.Doc();
    for (let i = 0; i < 40; i++) {
      history.getArray<number>("list").insert(0, [i]);
      Y.applyUpdate(other, updates[updates.length - 1]);
      other.getArray<number>("list").insert(1, [100 + i]);
      Y.applyUpdate(history, Y.encodeStateAsUpdate(other, Y.encodeStateVector(history)));
    }
    // Without the first ten updates of `history`: later structs point at structs that are not there.
    const partial = Y.mergeUpdates(updates.slice(10));
    const direct = new Y.Doc();
    Y.applyUpdate(direct, partial);
    const rebuilt = applyInOrder(sliceUpdate(partial, 8));
    expect(direct.store.pendingStructs).not.toBeNull();
    expect(rebuilt.store.pendingStructs).not.toBeNull();
    // Once what was missing comes, both are the whole list.
    const missing = Y.mergeUpdates(updates.slice(0, 10));
    Y.applyUpdate(direct, missing);
    Y.applyUpdate(rebuilt, missing);
    expect(rebuilt.getArray("list").toJSON()).toEqual(direct.getArray("list").toJSON());
    expect(rebuilt.getArray("list").toJSON()).toEqual(history.getArray("list").toJSON());
  });
});

describe("loading a big board", () => {
  it("applies one slice per turn of the event loop, and a small board not at all", async () => {
    const original = concurrentHistory(3, 1_500);
    const snapshot = Y.encodeStateAsUpdate(original);
    const slices = sliceUpdate(snapshot, 30);
    // A worker that answers at once: any turn the loop takes during the load is one the load gave.
    const worker = { slices: async () => slices } as unknown as Compactor;
    let turns = 0;
    let counting = true;
    const count = () => {
      turns += 1;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const doc = await loadInSlices({ snapshot, updates: [] }, worker, () => undefined, 1);
    counting = false;
    expect(doc).not.toBeNull();
    expect(contents(doc!)).toEqual(contents(original));
    expect(turns).toBeGreaterThanOrEqual(slices.length - 1);

    const small = await loadInSlices({ snapshot, updates: [] }, worker, () => undefined, snapshot.byteLength);
    expect(small).toBeNull();
  });

  it("falls back to applying the board at once when the worker fails, with a warning", async () => {
    const snapshot = Y.encodeStateAsUpdate(concurrentHistory(4, 200));
    const failing = {
      slices: async () => {
        throw new Error("worker stopped");
      },
    } as unknown as Compactor;
    const warnings: string[] = [];
    expect(await loadInSlices({ snapshot, updates: [] }, failing, (message) => warnings.push(message), 1)).toBeNull();
    expect(warnings).toHaveLength(1);
  });
});

describe("a board the worker will not cut", () => {
  it("is applied at once by the room, as before, the worker's refusal logged", async () => {
    const writer = new Y.Doc();
    const entries: Uint8Array[] = [];
    writer.on("update", (update: Uint8Array) => entries.push(update));
    for (let i = 0; i < 6; i++) writer.getMap("records").set(`shape:${i}`, { i });
    const compactor = new Compactor();
    try {
      const warnings: string[] = [];
      const stored = { snapshot: entries[0], updates: [entries[1], entries[3], entries[4], entries[5]] };
      expect(await loadInSlices(stored, compactor, (message) => warnings.push(message), 1)).toBeNull();
      expect(warnings).toHaveLength(1);
    } finally {
      await compactor.close();
    }
  });
});

describe("a room that loads its board in slices", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.cleanup());

  it("holds the stored board, snapshot and log, and stays the live board", async () => {
    const { sessionId } = await createFacilitatorWithSession(database.db);
    const store = openBoardStore(database.db, database.url);
    // Every board is "big" here: the room loads through the worker's slices.
    const registry = new RoomRegistry(store, { compactAfter: 20, idleUnloadMs: 0, loadAtOnceBytes: 1 }, () => undefined);
    const author = new Y.Doc();
    const updates: Uint8Array[] = [];
    author.on("update", (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 600; i++) putNote(author, `n${i}`, `carte ${i}`, { x: i * 10 });
    for (let i = 0; i < 600; i += 7) putNote(author, `n${i}`, `carte ${i}, réécrite`);

    const writer = fakeConnection();
    const room = await registry.connect(sessionId, writer.connection);
    for (let i = 0; i < updates.length; i += 25) {
      room.receive(writer.connection, encodeUpdate(Y.mergeUpdates(updates.slice(i, i + 25))));
      await room.settle();
    }
    const unloaded = untilNoRoomLoaded(registry);
    registry.disconnect(room, writer.connection);
    await unloaded;
    // Something in the log after the snapshot, too.
    const again = fakeConnection();
    const second = await registry.connect(sessionId, again.connection);
    expect(noteTexts(second.doc)).toEqual(noteTexts(author));
    putNote(author, "after", "écrite après le rechargement");
    second.receive(again.connection, encodeUpdate(updates[updates.length - 1]));
    await second.settle();

    // A reader on the reloaded room sees every note, and an edit made there is relayed and stored.
    const reader = fakeConnection();
    await registry.connect(sessionId, reader.connection);
    expect(noteTexts(second.doc)).toEqual(noteTexts(author));
    expect(again.closes).toEqual([]);
    expect(reader.closes).toEqual([]);
    await registry.close();

    const fresh = new RoomRegistry(openBoardStore(database.db, database.url), { loadAtOnceBytes: 1 }, () => undefined);
    const last = fakeConnection();
    const reloaded = await fresh.connect(sessionId, last.connection);
    expect(noteTexts(reloaded.doc)).toEqual(noteTexts(author));
    expect(noteTexts(reloaded.doc).after).toBe("écrite après le rechargement");
    await fresh.close();
  });
});
