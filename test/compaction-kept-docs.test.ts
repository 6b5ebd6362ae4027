// The compaction worker brings a board's kept doc forward instead of decoding the whole snapshot for
// every merge (issue 19, docs/decisions/010 point 13): what it answers must be exactly what a merge
// from the stored base gives, and a doc kept from another room's log must never be reused.
import * as decoding from "lib0/decoding";
import { afterEach, describe, expect, it } from "vitest";
import { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { noteTexts, putNote } from "./support/board-notes.js";
import { boardMeta, boardRecords } from "../board-core/shared-doc.js";
import type { BoardStore } from "../server/board/board-store.js";
import { Compactor } from "../server/board/compactor.js";
import { encodeUpdate } from "../server/board/protocol.js";
import { RoomCompaction } from "../server/board/room-compaction.js";
import { SyncCache } from "../server/board/sync-cache.js";

/** A board written note by note, one update per note, as participants write it. */
function authoredBoard(notes: number, prefix = "n") {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < notes; i++) putNote(doc, `${prefix}${i}`, `carte ${i}`);
  return { doc, updates };
}

function textsOf(update: Uint8Array): Record<string, string> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return noteTexts(doc);
}

function mergedHere(base: Uint8Array | null, updates: Uint8Array[]): Uint8Array {
  return Y.mergeUpdates([...(base ? [base] : []), ...updates]);
}

const compactors: Compactor[] = [];
function compactor(kept?: number): Compactor {
  const made = new Compactor({ kept });
  compactors.push(made);
  return made;
}
afterEach(async () => {
  await Promise.all(compactors.splice(0).map((made) => made.close()));
});

describe("the compaction worker's kept docs", () => {
  it("brings the kept doc forward by the updates it lacks, and answers what a merge from the base answers", async () => {
    const { doc, updates } = authoredBoard(14);
    const worker = compactor();
    const first = (await worker.merge(null, updates.slice(0, 6), "b", { lineage: "room-1", baseAt: 0 })).update;
    expect(worker.stats).toMatchObject({ merges: 1, broughtForward: 0 });

    // The room folded the first 6 entries into `first`: the next merge names it as its base.
    const second = (await worker.merge(first, updates.slice(6, 10), "b", { lineage: "room-1", baseAt: 6 })).update;
    expect(worker.stats).toMatchObject({ merges: 2, broughtForward: 1, updatesBroughtForward: 4 });
    expect(textsOf(second)).toEqual(textsOf(mergedHere(null, updates.slice(0, 10))));

    // Updates that partly overlap what the kept doc holds (a merge for newcomers over the same log):
    // only the last four are applied.
    const third = (await worker.merge(first, updates.slice(6, 14), "b", { lineage: "room-1", baseAt: 6 })).update;
    expect(worker.stats).toMatchObject({ merges: 3, broughtForward: 2, updatesBroughtForward: 8 });
    expect(textsOf(third)).toEqual(noteTexts(doc));

    // The kept doc is still the one a reconnecting client's diff is encoded from.
    const diff = await worker.diff("b", Y.encodeStateVector(new Y.Doc()), "room-1");
    expect(textsOf(diff!.update)).toEqual(noteTexts(doc));
    // Asked for by another room of the same board (one that replaced a broken one): none is kept for it.
    expect(await worker.diff("b", Y.encodeStateVector(new Y.Doc()), "room-2")).toBeNull();
  });

  it("merges from the base when the kept doc is behind it, since the entries in between are only in the base", async () => {
    const { doc, updates } = authoredBoard(12);
    const worker = compactor();
    await worker.merge(null, updates.slice(0, 4), "b", { lineage: "room-1", baseAt: 0 });
    // Another worker folded up to entry 9 meanwhile: the kept doc (at 4) lacks entries 4–8.
    const base = mergedHere(null, updates.slice(0, 9));
    const merged = (await worker.merge(base, updates.slice(9), "b", { lineage: "room-1", baseAt: 9 })).update;
    expect(worker.stats.broughtForward).toBe(0);
    expect(textsOf(merged)).toEqual(noteTexts(doc));
  });

  it("never reuses a doc kept from another room's log, so a board reloaded with less does not get back what it lost", async () => {
    const worker = compactor();
    const before = authoredBoard(3);
    putNote(before.doc, "secret", "retiré à la demande de la personne");
    // Kept as holding the first entry of its log: a position the next room's log also reaches.
    await worker.merge(null, [Y.encodeStateAsUpdate(before.doc)], "b", { lineage: "room-1", baseAt: 0 });

    // The board was purged and its room loaded again: a new log over a base without the note.
    const purged = authoredBoard(3);
    const base = Y.encodeStateAsUpdate(purged.doc);
    const later = authoredBoard(2, "m");
    const merged = (await worker.merge(base, later.updates, "b", { lineage: "room-2", baseAt: 0 })).update;
    expect(worker.stats.broughtForward).toBe(0);
    expect(Object.keys(textsOf(merged)).sort()).toEqual(["m0", "m1", "n0", "n1", "n2"]);
    // And a merge that names no log never brings anything forward either.
    const unnamed = (await worker.merge(base, [], "b")).update;
    expect(textsOf(unnamed)).toEqual(noteTexts(purged.doc));
    expect(worker.stats.broughtForward).toBe(0);
  });

  it("keeps at most as many boards' docs as it is told, the least recently merged going first", async () => {
    const worker = compactor(1);
    const one = authoredBoard(4, "a");
    const two = authoredBoard(4, "b");
    const first = (await worker.merge(null, one.updates.slice(0, 2), "one", { lineage: "one", baseAt: 0 })).update;
    await worker.merge(null, two.updates, "two", { lineage: "two", baseAt: 0 });
    expect(await worker.diff("one", Y.encodeStateVector(new Y.Doc()))).toBeNull();
    const again = (await worker.merge(first, one.updates.slice(2), "one", { lineage: "one", baseAt: 2 })).update;
    expect(worker.stats.broughtForward).toBe(0);
    expect(textsOf(again)).toEqual(noteTexts(one.doc));
  });

  it("a room's folds after the first apply only what was stored since, and each stores the whole board", async () => {
    const folded: Uint8Array[] = [];
    const store = {
      async compact(_board: string, snapshot: Uint8Array) {
        folded.push(snapshot);
      },
    } as unknown as BoardStore;
    const room = new Y.Doc();
    const worker = compactor();
    const cache = new SyncCache(room, new Awareness(room), worker, "b");
    const compaction = new RoomCompaction("b", store, worker, cache, { compactAfter: 1, compactAfterBytes: 1, onWarning: () => undefined });
    const write = (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        let update: Uint8Array | null = null;
        room.once("update", (written: Uint8Array) => (update = written));
        putNote(room, `n${i}`, `carte ${i}`);
        cache.stored(encodeUpdate(update!));
      }
    };

    write(0, 20);
    await compaction.run();
    write(20, 35);
    await compaction.run();
    write(35, 40);
    await compaction.run();

    expect(folded).toHaveLength(3);
    expect(Object.keys(textsOf(folded[0]))).toHaveLength(20);
    expect(textsOf(folded[2])).toEqual(noteTexts(room));
    expect(worker.stats).toMatchObject({ merges: 3, broughtForward: 2, updatesBroughtForward: 20 });
    cache.destroy();
  });

  describe("a room whose newcomers' doc a fold left behind", () => {
    /** A room as the server runs one: its doc, a cache over the newcomers' worker, folds in another. */
    function liveRoom(store = { async compact() {} } as unknown as BoardStore, folder = compactor(), newcomers = compactor()) {
      const room = new Y.Doc();
      const cache = new SyncCache(room, new Awareness(room), newcomers, "b");
      const compaction = new RoomCompaction("b", store, folder, cache, {
        compactAfter: 1,
        compactAfterBytes: 1,
        onWarning: () => undefined,
      });
      /** One stored entry per change, as the room stores what it relays. */
      const write = (change: () => void) => {
        let update: Uint8Array | null = null;
        room.once("update", (written: Uint8Array) => (update = written));
        change();
        cache.stored(encodeUpdate(update!));
      };
      const notes = (from: number, to: number) => {
        for (let i = from; i < to; i++) write(() => putNote(room, `n${i}`, `carte ${i}`));
      };
      /** A participant who holds the first `held` notes reconnects: the reply, applied to their doc. */
      const reconnect = async (client: Y.Doc) => {
        const reply = await cache.syncStep2(Y.encodeStateVector(client));
        expect(reply).not.toBeNull();
        for (const frame of reply!) Y.applyUpdate(client, payloadOf(frame));
        return reply!;
      };
      /** A client synced at 10 notes reconnects at `at`: it and the newcomers' doc then hold the first `at`. */
      const heldBoth = async (at: number) => {
        notes(0, 10);
        const client = new Y.Doc();
        Y.applyUpdate(client, Y.encodeStateAsUpdate(room));
        notes(10, at);
        await reconnect(client);
        return client;
      };
      return { room, newcomers, folder, cache, compaction, write, notes, reconnect, heldBoth };
    }

    it("brings it forward with the entries the fold took, and reconnecting clients get exactly the stored board", async () => {
      const { room, newcomers, cache, compaction, notes, reconnect } = liveRoom();
      notes(0, 20);
      const client = new Y.Doc();
      Y.applyUpdate(client, Y.encodeStateAsUpdate(room));
      notes(20, 80); // more than the 50 stored entries a reply may carry after the worker's doc
      await reconnect(client);
      expect(newcomers.stats).toMatchObject({ merges: 1, broughtForward: 0 });

      notes(80, 140);
      await compaction.run(); // folds entries 0–139: the newcomers' doc (at 80) is behind the snapshot
      notes(140, 150);
      await reconnect(client);
      // 60 folded entries and the 10 stored after the fold, applied to the kept doc: no merge from the snapshot.
      expect(newcomers.stats).toMatchObject({ merges: 2, broughtForward: 1, updatesBroughtForward: 70 });
      expect(noteTexts(client)).toEqual(noteTexts(room));

      // A second fold while it is behind again: the entries of both are kept for it.
      notes(150, 210);
      await compaction.run();
      notes(210, 275);
      await compaction.run();
      await reconnect(client);
      expect(newcomers.stats).toMatchObject({ merges: 3, broughtForward: 2, updatesBroughtForward: 195 });
      expect(noteTexts(client)).toEqual(noteTexts(room));

      // A newcomer gets the last fold's snapshot: the same board.
      const newcomer = new Y.Doc();
      await reconnect(newcomer);
      expect(noteTexts(newcomer)).toEqual(noteTexts(room));
      cache.destroy();
    });

    it("lets the folded entries go after a removal's fold: the removed text is kept nowhere, not even for that", async () => {
      const { room, newcomers, cache, compaction, write, notes, reconnect, heldBoth } = liveRoom();
      const client = await heldBoth(70);
      write(() => putNote(room, "secret", "mon adresse, retirée ensuite"));
      notes(70, 130);
      write(() => boardRecords(room).delete("shape:secret"));
      await compaction.runFromNow(); // what a removal runs
      notes(130, 190);
      const reply = await reconnect(client);
      // Merged from the snapshot, not from the folded entries (which held the note's text).
      expect(newcomers.stats).toMatchObject({ merges: 2, broughtForward: 0 });
      expect(noteTexts(client)).toEqual(noteTexts(room));
      expect(noteTexts(client).secret).toBeUndefined();
      const sent = new TextDecoder().decode(Buffer.concat(reply));
      expect(sent).not.toContain("retirée");
      cache.destroy();
    });

    it("lets them go after the first fold that succeeds once a removal's own fold failed", async () => {
      let failNext = false;
      const store = {
        async compact() {
          if (failNext) {
            failNext = false;
            throw new Error("base occupée");
          }
        },
      } as unknown as BoardStore;
      const { room, newcomers, cache, compaction, write, notes, reconnect, heldBoth } = liveRoom(store);
      const client = await heldBoth(70);
      write(() => putNote(room, "secret", "mon adresse, retirée ensuite"));
      notes(70, 80);
      write(() => boardRecords(room).delete("shape:secret"));
      failNext = true;
      await expect(compaction.runFromNow()).rejects.toThrow(); // the room says: log kept until the next fold
      await compaction.run(); // the next, ordinary one: the stored board no longer holds the text
      notes(80, 140);
      await reconnect(client);
      expect(newcomers.stats).toMatchObject({ merges: 2, broughtForward: 0 });
      expect(noteTexts(client)).toEqual(noteTexts(room));
      cache.destroy();
    });

    it("a room that goes while its merges run leaves no board kept in either worker", async () => {
      const [folder, newcomers] = [compactor(1), compactor(1)];
      const { room, cache, compaction, notes, reconnect } = liveRoom(undefined, folder, newcomers);
      notes(0, 10);
      const client = new Y.Doc();
      Y.applyUpdate(client, Y.encodeStateAsUpdate(room));
      notes(10, 70);
      await reconnect(client); // the newcomers' worker keeps the board's doc
      await compaction.run(); // so does the folding worker
      // Each lets it go for another board's.
      const other = authoredBoard(2, "x").updates;
      await newcomers.merge(null, other, "autre", { lineage: "autre", baseAt: 0 });
      await folder.merge(null, other, "autre", { lineage: "autre", baseAt: 0 });
      notes(70, 130);
      // Both workers first get asked without the base, answer that they lack it, and are asked again
      // with it: after the room's forget was posted.
      const reply = cache.syncStep2(Y.encodeStateVector(client));
      const folding = compaction.run();
      cache.destroy();
      compaction.forget();
      await reply;
      await folding;
      const nothing = Y.encodeStateVector(new Y.Doc());
      expect(await newcomers.diff("b", nothing)).toBeNull();
      expect(await folder.diff("fold:b", nothing)).toBeNull();
    });

    it("lets them go once they weigh more than the snapshot, and merges from it", async () => {
      const { room, newcomers, cache, compaction, write, notes, reconnect, heldBoth } = liveRoom();
      const client = await heldBoth(70);
      // 300 rewrites of one 1 KiB value: about 300 KiB of log over a snapshot of a few KiB.
      for (let i = 0; i < 300; i++) write(() => boardMeta(room).set("consigne", `${i} ${"x".repeat(1024)}`));
      await compaction.run();
      notes(70, 130);
      await reconnect(client);
      expect(newcomers.stats).toMatchObject({ merges: 2, broughtForward: 0 });
      expect(noteTexts(client)).toEqual(noteTexts(room));
      expect(boardMeta(client).get("consigne")).toBe(boardMeta(room).get("consigne"));
      cache.destroy();
    });
  });
});

/** The update a sync frame carries (a sync step 2 or an update, as the room sends them). */
function payloadOf(frame: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(frame);
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
  return decoding.readVarUint8Array(decoder);
}
