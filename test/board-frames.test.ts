import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
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
