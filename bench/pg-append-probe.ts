// PostgreSQL only: how long the board store's appends take alone, then while a compaction writes the
// snapshot of a 20,000-note board (8 MiB), on a fresh database of the local server (TEST_POSTGRES_URL).
// It isolates the store from the relay and the load generator, which the long-day bench cannot do on
// a busy machine. `npx tsx bench/pg-append-probe.ts` (about a minute). Issue 19, docs/decisions/010.
import * as Y from "yjs";
import { createPgBoardStore } from "../server/board/board-store-pg.js";
import { createFacilitatorWithSession } from "../test/support/fixtures.js";
import { benchDatabase } from "./boards.js";
import { addBoardNotes } from "./edits.js";
import { summarize } from "./stats.js";

const NOTES = 20_000;
const ALONE = 300;
const COMPACTIONS = 5;

const database = await benchDatabase("postgres");
const store = createPgBoardStore(database.url);
try {
  const { sessionId } = await createFacilitatorWithSession(database.db);
  const { boardId } = (await store.load(sessionId))!;
  const doc = new Y.Doc();
  addBoardNotes(doc, NOTES);
  const snapshot = Y.encodeStateAsUpdate(doc);
  await store.append(boardId, [snapshot]);
  // One append at a time, as a room writes: a note's worth of bytes each.
  const note = () => new Uint8Array(415).map((_, index) => (index * 7) % 251);

  const alone: number[] = [];
  for (let index = 0; index < ALONE; index++) {
    const start = performance.now();
    await store.append(boardId, [note()]);
    alone.push(performance.now() - start);
  }
  const during: number[] = [];
  const compactions: number[] = [];
  for (let round = 0; round < COMPACTIONS; round++) {
    const entries = (await store.load(sessionId))!.updates.length;
    const start = performance.now();
    let done = false;
    const compaction = store.compact(boardId, snapshot, entries).then(() => {
      done = true;
      compactions.push(performance.now() - start);
    });
    while (!done) {
      const from = performance.now();
      await store.append(boardId, [note()]);
      during.push(performance.now() - from);
    }
    await compaction;
  }
  const fmt = (values: number[]) => {
    const s = summarize(Float64Array.from(values));
    return `p50 ${s.p50.toFixed(1)} / p99 ${s.p99.toFixed(1)} / max ${s.max.toFixed(1)} ms (${values.length})`;
  };
  console.log(`snapshot ${(snapshot.byteLength / 2 ** 20).toFixed(1)} MiB`);
  console.log(`appends alone:              ${fmt(alone)}`);
  console.log(`appends during compactions: ${fmt(during)}`);
  console.log(`compactions:                ${fmt(compactions)}`);
} finally {
  await store.close();
  await database.cleanup();
}
process.exit(0);
