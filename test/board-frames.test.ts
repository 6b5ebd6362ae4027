import * as encoding from "lib0/encoding";
import { afterAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { putNote } from "./support/board-notes.js";
import { Compactor } from "../server/board/compactor.js";
import { encodeSyncGzip, encodeSyncStep2Update, encodeUpdate } from "../server/board/protocol.js";
import { MESSAGE_SYNC_GZIP } from "../board-core/compressed-sync.js";

/** What lib0's encoder writes for the same message: the y-websocket clients read it with lib0. */
function lib0Frame(head: number[], payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  for (const value of head) encoding.writeVarUint(encoder, value);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

describe("board frames", () => {
  // Lengths on both sides of each varuint size boundary, and a whole board's worth.
  it.each([0, 1, 127, 128, 16_383, 16_384, 70_000, 3_000_000])("a %i-byte payload is framed byte for byte as lib0 frames it", (size) => {
    const payload = Uint8Array.from({ length: size }, (_, index) => (index * 31) % 251);
    expect(Buffer.from(encodeUpdate(payload)).equals(Buffer.from(lib0Frame([0, 2], payload)))).toBe(true);
    expect(Buffer.from(encodeSyncStep2Update(payload)).equals(Buffer.from(lib0Frame([0, 1], payload)))).toBe(true);
    expect(Buffer.from(encodeSyncGzip(payload)).equals(Buffer.from(lib0Frame([MESSAGE_SYNC_GZIP], payload)))).toBe(true);
  });
});

// The worker frames what it merges and diffs (docs/decisions/010, point 18): the relay sends those
// frames as they come, so they must be exactly the frames the relay's own encoder would build.
describe("frames built by the compaction worker", () => {
  const worker = new Compactor();
  afterAll(() => worker.close());

  it.each([1, 300, 3_000])("a merge of %i notes and a diff from it are the sync step 2 frames of their updates", async (notes) => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on("update", (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < notes; i++) putNote(doc, `n${i}`, `carte ${i} `.repeat(1 + (i % 7)));
    const merged = await worker.merge(null, updates, "b", { lineage: `frames-${notes}`, baseAt: 0 });
    expect(Buffer.from(merged.frame).equals(Buffer.from(encodeSyncStep2Update(merged.update)))).toBe(true);
    // The update is the frame's payload itself, not a copy of it, and the frame has its buffer to itself.
    expect(merged.update.buffer).toBe(merged.frame.buffer);
    expect(merged.frame.byteOffset).toBe(0);
    expect(merged.frame.byteLength).toBe(merged.frame.buffer.byteLength);
    expect(merged.update.byteOffset + merged.update.byteLength).toBe(merged.frame.byteLength);
    const whole = new Y.Doc();
    Y.applyUpdate(whole, merged.update);
    expect(Y.encodeStateVector(whole)).toEqual(Y.encodeStateVector(doc));

    const lacking = await worker.diff("b", Y.encodeStateVector(new Y.Doc()), `frames-${notes}`);
    expect(lacking).not.toBeNull();
    expect(Buffer.from(lacking!.frame).equals(Buffer.from(encodeSyncStep2Update(lacking!.update)))).toBe(true);
    expect(lacking!.update.buffer).toBe(lacking!.frame.buffer);
  });
});
