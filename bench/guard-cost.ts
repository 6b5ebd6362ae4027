// What the trust rules cost (docs/decisions/009), measured on the write path itself with an
// in-memory store so that only the CPU of the room is counted:
//  1. a participant's edit of their own note, judged by the update guard, against applying it raw;
//  2. a server write (a card posted from a phone) on a board of about 2 MB, against the copy of the
//     board the server used to make for each such write.
// Medians of 7 runs. Run: npx tsx bench/guard-cost.ts
import type { TLPageId } from "@tldraw/tlschema";
import * as Y from "yjs";
import { noteShape } from "../board-core/cards.js";
import { boardRecords } from "../board-core/shared-doc.js";
import type { BoardStore } from "../server/board/board-store.js";
import { RoomWrites } from "../server/board/room-writes.js";
import { authorKeyOf } from "../board-core/authorship.server.js";
import { UpdateGuard } from "../server/board/update-guard.js";

const PAGE = "page:page" as TLPageId;
const RUNS = 7;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const note = (key: string, x: number, text: string) => noteShape({ id: `shape:${key}` as never, parentId: PAGE, x, y: 0, text });

/** A board with `count` notes from 40 participants, as the server holds it (ledger included). */
function board(count: number, textLength: number): { doc: Y.Doc; guard: UpdateGuard } {
  const doc = new Y.Doc();
  const guard = new UpdateGuard(doc, () => undefined);
  const authors = Array.from({ length: 40 }, (_, i) => ({
    role: "participant" as const,
    authorKey: authorKeyOf("b", `p${i}`),
    name: `P${i}`,
  }));
  const writer = new Y.Doc();
  for (let i = 0; i < count; i++) {
    const before = Y.encodeStateVector(writer);
    writer.clientID = 10_000 + (i % 40);
    boardRecords(writer).set(`shape:n${i}`, note(`n${i}`, i, "idée ".repeat(textLength / 6)));
    doc.transact((transaction) => {
      guard.apply(Y.encodeStateAsUpdate(writer, before), authors[i % 40], { boardLocked: false, sorting: false });
      transaction.local = true; // as room-writes.ts does
    });
  }
  return { doc, guard };
}

function editCost(): { guarded: number; raw: number } {
  const { doc, guard } = board(2_000, 60);
  const plain = new Y.Doc();
  Y.applyUpdate(plain, Y.encodeStateAsUpdate(doc));
  const writer = new Y.Doc();
  Y.applyUpdate(writer, Y.encodeStateAsUpdate(doc));
  writer.clientID = 10_000; // participant 0, who wrote n0, n40, n80…
  const updates: Uint8Array[] = [];
  writer.on("update", (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < 2_000; i++) boardRecords(writer).set(`shape:n${(i % 50) * 40}`, note(`n${(i % 50) * 40}`, i, `modifiée ${i}`));
  const me = { role: "participant" as const, authorKey: authorKeyOf("b", "p0"), name: "P0" };
  const guarded: number[] = [];
  const raw: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Each run replays the same edits on fresh copies, so that every update is new to the doc.
    const target = new Y.Doc();
    Y.applyUpdate(target, Y.encodeStateAsUpdate(doc));
    const targetGuard = new UpdateGuard(target, () => undefined);
    let start = process.hrtime.bigint();
    for (const update of updates) {
      target.transact((transaction) => {
        targetGuard.apply(update, me, { boardLocked: false, sorting: false });
        transaction.local = true;
      });
    }
    guarded.push(Number(process.hrtime.bigint() - start) / updates.length / 1000);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(plain));
    start = process.hrtime.bigint();
    for (const update of updates) Y.applyUpdate(copy, update);
    raw.push(Number(process.hrtime.bigint() - start) / updates.length / 1000);
  }
  void guard;
  return { guarded: median(guarded), raw: median(raw) };
}

async function serverWriteCost(): Promise<{ bytes: number; held: number; copied: number }> {
  const { doc } = board(4_000, 420);
  const bytes = Y.encodeStateAsUpdate(doc).byteLength;
  const store: BoardStore = {
    load: async () => null,
    append: async () => undefined,
    compact: async () => ({ removed: 0 }),
    saveFacilitation: async () => undefined,
    sessionClosed: async () => false,
    keepHiddenAuthors: async () => undefined,
    forgetHiddenAuthors: async () => undefined,
  };
  const writes = new RoomWrites<object>(
    doc,
    "b",
    store,
    {
      writerOf: () => ({ role: "participant", authorKey: "x", name: "x" }),
      permissions: () => ({ boardLocked: false, sorting: false }),
      isConnected: () => true,
      relay: () => undefined,
      refused: () => undefined,
      reject: () => undefined,
      broken: () => undefined,
      onWarning: () => undefined,
    },
    () => undefined,
  );
  const held: number[] = [];
  const copied: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    let start = process.hrtime.bigint();
    for (let i = 0; i < 20; i++)
      await writes.writeRecords([{ record: note(`phone-${run}-${i}`, i, "Envoyé du téléphone"), author: { authorKey: "k", name: "Awa" } }]);
    held.push(Number(process.hrtime.bigint() - start) / 20 / 1e6);
    // What each phone card used to cost: the board copied into a scratch doc, then the card written there.
    start = process.hrtime.bigint();
    for (let i = 0; i < 3; i++) {
      const scratch = new Y.Doc();
      Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
      const before = Y.encodeStateVector(scratch);
      boardRecords(scratch).set(`shape:copy-${run}-${i}`, note(`copy-${run}-${i}`, i, "Envoyé du téléphone"));
      Y.encodeStateAsUpdate(scratch, before);
      scratch.destroy();
    }
    copied.push(Number(process.hrtime.bigint() - start) / 3 / 1e6);
  }
  writes.destroy();
  return { bytes, held: median(held), copied: median(copied) };
}

const edits = editCost();
console.log(
  `participant edit of an own note, 2,000-note board: ${edits.guarded.toFixed(1)} µs judged and applied vs ${edits.raw.toFixed(1)} µs applied raw (×${(edits.guarded / edits.raw).toFixed(2)})`,
);
const write = await serverWriteCost();
console.log(
  `phone card on a ${(write.bytes / 1e6).toFixed(1)} MB board: ${write.held.toFixed(2)} ms held write vs ${write.copied.toFixed(1)} ms with a copy of the board (÷${(write.copied / write.held).toFixed(0)})`,
);
process.exit(0);
