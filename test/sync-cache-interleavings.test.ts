// The sync cache, its two workers and folds, interleaved as a busy day interleaves them (issue 19,
// docs/decisions/010 points 13–14): notes written and removed, folds (some failing in the store),
// removals' folds, reconnecting clients and newcomers, other boards taking the workers' kept docs.
// Whatever the order, a reply applied with the updates stored after it gives exactly the room's
// board, and no reply carries a text whose removal's fold had completed. Seeded, so a failure replays.
import * as decoding from "lib0/decoding";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { noteTexts, putNote } from "./support/board-notes.js";
import { boardRecords } from "../board-core/shared-doc.js";
import type { BoardStore } from "../server/board/board-store.js";
import { Compactor } from "../server/board/compactor.js";
import { encodeUpdate } from "../server/board/protocol.js";
import { RoomCompaction } from "../server/board/room-compaction.js";
import { SyncCache } from "../server/board/sync-cache.js";

const SEEDS = 8;
const STEPS = 250;

const compactors: Compactor[] = [];
afterEach(async () => {
  await Promise.all(compactors.splice(0).map((made) => made.close()));
});
/** Over all the days: the newcomers' doc was brought forward, not only merged from the base. */
let broughtForward = 0;
afterAll(() => {
  expect(broughtForward).toBeGreaterThan(0);
});

/** A small linear congruential generator: the same seed, the same day. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

function payloadOf(frame: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(frame);
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
  return decoding.readVarUint8Array(decoder);
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("the sync cache under interleaved folds, removals, reconnections and evictions", () => {
  for (let seed = 1; seed <= SEEDS; seed++) {
    it(`day ${seed}`, async () => {
      const draw = random(seed);
      // Workers that keep few docs, so that other boards take this one's often.
      const newcomers = new Compactor({ kept: 2 });
      const folder = new Compactor({ kept: 1 });
      compactors.push(newcomers, folder);
      const room = new Y.Doc();
      const cache = new SyncCache(room, new Awareness(room), newcomers, "b");
      const store = {
        async compact() {
          if (draw() < 0.05) throw new Error("base occupée");
          await new Promise((resolve) => setTimeout(resolve, draw() * 3));
        },
      } as unknown as BoardStore;
      const compaction = new RoomCompaction("b", store, folder, cache, {
        compactAfter: 1,
        compactAfterBytes: 1,
        onWarning: () => undefined,
      });
      const log: Uint8Array[] = [];
      const write = (change: () => void) => {
        let update: Uint8Array | null = null;
        room.once("update", (written: Uint8Array) => (update = written));
        change();
        log.push(update!);
        cache.stored(encodeUpdate(update!));
      };
      const live: string[] = [];
      let erased: string[] = [];
      const clients: Y.Doc[] = [];
      const pending: Promise<void>[] = [];
      const problems: string[] = [];
      let written = 0;
      for (let step = 0; step < STEPS; step++) {
        const roll = draw();
        if (draw() < 0.5) await turn();
        if (roll < 0.45) {
          const key = `n${written++}`;
          write(() => putNote(room, key, `texte-${key}-`));
          live.push(key);
        } else if (roll < 0.5 && live.length > 0) {
          const [key] = live.splice(Math.floor(draw() * live.length), 1);
          write(() => boardRecords(room).delete(`shape:${key}`));
          pending.push(
            compaction.runFromNow().then(
              () => void (erased = [...erased, `texte-${key}-`]),
              () => undefined,
            ),
          );
        } else if (roll < 0.6) {
          pending.push(compaction.run().catch(() => undefined));
        } else if (roll < 0.8) {
          // A newcomer, or someone who was here reconnecting.
          const known = clients.length > 0 && draw() >= 0.3 ? clients[Math.floor(draw() * clients.length)] : null;
          const client = known ?? new Y.Doc();
          if (!known) {
            clients.push(client);
            Y.applyUpdate(client, Y.encodeStateAsUpdate(room));
          }
          const since = log.length;
          const erasedThen = erased;
          pending.push(
            cache.syncStep2(Y.encodeStateVector(client)).then((reply) => {
              const check = new Y.Doc();
              Y.applyUpdate(check, Y.encodeStateAsUpdate(client));
              if (reply) {
                const sent = new TextDecoder().decode(Buffer.concat(reply));
                for (const text of erasedThen) if (sent.includes(text)) problems.push(`step ${step}: a reply carried ${text}`);
                for (const frame of reply) Y.applyUpdate(check, payloadOf(frame));
              } else Y.applyUpdate(check, Y.encodeStateAsUpdate(room, Y.encodeStateVector(check))); // the room answers itself
              for (const update of log.slice(since)) Y.applyUpdate(check, update);
              if (JSON.stringify(noteTexts(check)) !== JSON.stringify(noteTexts(room))) problems.push(`step ${step}: the reply diverged`);
              Y.applyUpdate(client, Y.encodeStateAsUpdate(room));
            }),
          );
        } else if (roll < 0.82) {
          const other = `autre-${step}`;
          const board = Y.encodeStateAsUpdate(new Y.Doc());
          pending.push(newcomers.merge(null, [board], other, { lineage: other, baseAt: 0 }).then(() => undefined));
          pending.push(folder.merge(null, [board], other, { lineage: other, baseAt: 0 }).then(() => undefined));
        } else await new Promise((resolve) => setTimeout(resolve, draw() * 5));
      }
      await Promise.all(pending);
      await compaction.idle();
      expect(problems).toEqual([]);
      broughtForward += newcomers.stats.broughtForward;
      cache.destroy();
    }, 60_000);
  }
});
