// What folding a big board's log costs the compaction worker (issue 19, docs/decisions/010 point 13):
// a 20,000-note board (about 8 MiB) and the 2,000 notes stored after its snapshot, folded from the
// stored base (the board decoded again, as every fold did before) and brought forward from the doc the
// worker kept from the previous fold of the same log; and the same doc brought forward without
// encoding the whole board, which is all a reconnecting client's diff needs (the newcomers' worker
// after a fold, point 14). Wall time of each as the room sees it, medians of 7, in the real worker
// thread at the process's priority. Run: npx tsx bench/fold-cost.ts
import * as Y from "yjs";
import { Compactor } from "../server/board/compactor.js";
import { addBoardNotes } from "./edits.js";

const NOTES = 20_000;
const AFTER = 2_000;
const RUNS = 7;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const author = new Y.Doc();
addBoardNotes(author, NOTES - AFTER);
const base = Y.encodeStateAsUpdate(author);
const updates: Uint8Array[] = [];
author.on("update", (update: Uint8Array) => updates.push(update));
for (let i = 0; i < AFTER; i++) addBoardNotes(author, 1, 8_000_000 + i);

const compactor = new Compactor();
const fromBase: number[] = [];
const broughtForward: number[] = [];
const advanced: number[] = [];
try {
  for (let run = 0; run < RUNS; run++) {
    const lineage = `bench-${run}`;
    // The previous fold: the worker keeps its doc (the first fold of a log is always from the base).
    await compactor.merge(base, [], "board", { lineage, baseAt: 0 });
    let started = performance.now();
    await compactor.merge(base, updates, "board", { lineage, baseAt: 0 });
    broughtForward.push(performance.now() - started);
    // The same fold merged from the base, for comparison: another lineage never reuses the kept doc.
    started = performance.now();
    await compactor.merge(base, updates, "board", { lineage: `${lineage}-again`, baseAt: 0 });
    fromBase.push(performance.now() - started);
    // The doc only, for a diff: kept from the previous merge, brought forward, not encoded.
    await compactor.merge(base, [], "board", { lineage: `${lineage}-doc`, baseAt: 0 });
    started = performance.now();
    await compactor.advance(base, updates, "board", { lineage: `${lineage}-doc`, baseAt: 0 });
    advanced.push(performance.now() - started);
  }
} finally {
  await compactor.close();
}
console.log(`board of ${NOTES - AFTER} notes (${(base.byteLength / 2 ** 20).toFixed(1)} MiB) + ${AFTER} notes stored after it`);
console.log(`fold from the stored base:       median ${median(fromBase).toFixed(0)} ms`);
console.log(`fold brought forward (kept doc): median ${median(broughtForward).toFixed(0)} ms`);
console.log(`doc brought forward, not encoded: median ${median(advanced).toFixed(0)} ms`);
console.log(
  `ratios to the fold from the base: ${(median(broughtForward) / median(fromBase)).toFixed(2)}, ${(median(advanced) / median(fromBase)).toFixed(2)}`,
);
