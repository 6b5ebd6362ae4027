// How often the board is merged for newcomers (issue 19, docs/decisions/010 point 12): merges rest
// between them, so that a storm with edits streaming in does not keep a core merging the same big
// board over and over; newcomers meanwhile get more of the updates stored after the merged frame.
import { createShapeId } from "@tldraw/tlschema";
import * as decoding from "lib0/decoding";
import { describe, expect, it } from "vitest";
import { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { noteShape } from "../board-core/cards.js";
import { boardMeta, boardRecords } from "../board-core/shared-doc.js";
import { BOARD_PAGE_ID } from "../board-core/template-layout.js";
import type { Compactor } from "../server/board/compactor.js";
import { framedAt } from "../server/board/framed.mjs";
import { encodeUpdate, MESSAGE_SYNC, SYNC_STEP_2 } from "../server/board/protocol.js";
import { SyncCache } from "../server/board/sync-cache.js";

const NEWCOMER = Uint8Array.of(0); // an empty state vector

function payload(frame: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(frame);
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
  return decoding.readVarUint8Array(decoder);
}

/** A board of `notes` notes, stored as its snapshot, and a cache over it with a clock the test moves. */
function boardWithCache(notes: number) {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (let i = 0; i < notes; i++) {
      const shape = noteShape({ id: createShapeId(`n${i}`), parentId: BOARD_PAGE_ID, x: i, y: 0, text: `carte ${i}` });
      boardRecords(doc).set(shape.id, shape);
    }
  });
  const snapshot = Y.encodeStateAsUpdate(doc);
  const clock = { now: 1_000 };
  const merges: number[] = [];
  /** Each merge takes 40 ms of the test's clock. */
  const compactor = {
    async merge(base: Uint8Array | null, updates: Uint8Array[]) {
      merges.push(updates.length);
      clock.now += 40;
      // Framed as the worker frames it (compactor.ts: FramedUpdate), the update a view of the frame.
      const { frame, at } = framedAt([MESSAGE_SYNC, SYNC_STEP_2], Y.mergeUpdates([...(base ? [base] : []), ...updates]));
      return { frame, update: frame.subarray(at) };
    },
    async diff() {
      return null;
    },
    async forget() {},
  } satisfies Pick<Compactor, "merge" | "diff" | "forget"> as unknown as Compactor;
  const cache = new SyncCache(doc, new Awareness(doc), compactor, "tableau", snapshot, [], () => clock.now);
  let edits = 0;
  /** `count` edits of about 450 bytes, applied to the room's doc and stored, as the room does. */
  const edit = (count: number) => {
    for (let i = 0; i < count; i++) {
      const update = captureUpdate(doc, () => boardMeta(doc).set(`k${edits % 7}`, `${edits++} ${"x".repeat(420)}`));
      cache.stored(encodeUpdate(update));
    }
  };
  return { doc, cache, clock, merges, edit };
}

function captureUpdate(doc: Y.Doc, change: () => void): Uint8Array {
  let captured: Uint8Array | null = null;
  const keep = (update: Uint8Array) => (captured = update);
  doc.on("update", keep);
  change();
  doc.off("update", keep);
  return captured!;
}

/** Lets the cache's background merge run (the fake compactor answers at once). */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe("merges for newcomers", () => {
  it("a merge for newcomers rests ten times as long as it took before the next one, unless the updates pile up", async () => {
    // About 840 KB: 60 edits after it weigh more than 1/32 of it, 401 less than a quarter.
    const { doc, cache, clock, merges, edit } = boardWithCache(2_000);
    edit(60);
    await cache.syncStep2(NEWCOMER); // past 50 updates after the frame: merged for the next ones
    await settle();
    expect(merges).toEqual([60]);

    // 40 ms of merging: nothing more is merged in the background for 400 ms.
    edit(60);
    const resting = (await cache.syncStep2(NEWCOMER))!;
    await settle();
    expect(merges).toEqual([60]);
    // The newcomer meanwhile gets the 60 updates stored after the fresher frame, then the frame.
    expect(resting).toHaveLength(61);
    expect([resting[60][0], resting[60][1]]).toEqual([MESSAGE_SYNC, SYNC_STEP_2]);
    const newcomer = new Y.Doc();
    for (const frame of [resting[60], ...resting.slice(0, 60)]) Y.applyUpdate(newcomer, payload(frame));
    expect(newcomer.getMap("meta").toJSON()).toEqual(boardMeta(doc).toJSON());
    expect(boardRecords(newcomer).size).toBe(2_000);

    clock.now += 399;
    await cache.syncStep2(NEWCOMER);
    await settle();
    expect(merges).toEqual([60]);
    clock.now += 1;
    await cache.syncStep2(NEWCOMER);
    await settle();
    expect(merges).toEqual([60, 120]);

    // Resting again; past 400 updates after the frame the rest is cut short.
    edit(400);
    await cache.syncStep2(NEWCOMER);
    await settle();
    expect(merges).toEqual([60, 120]);
    edit(1);
    await cache.syncStep2(NEWCOMER);
    await settle();
    expect(merges).toEqual([60, 120, 521]);
  });
});
