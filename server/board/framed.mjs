// How the relay frames a message around a payload, shared by protocol.ts and the compaction worker
// (plain JavaScript, so that the worker runs it under tsx, vitest or node). docs/decisions/010.
import * as encoding from "lib0/encoding";

/**
 * `head` as varuints, then `payload` with its length: what lib0's encoder writes, in one allocation
 * and one copy of the payload (the encoder copies a large payload twice, which for a whole board of
 * several MiB kept the relay's thread busy for tens of milliseconds). Also returns where the payload
 * starts in the frame.
 */
export function framedAt(head, payload) {
  const encoder = encoding.createEncoder();
  for (const value of head) encoding.writeVarUint(encoder, value);
  encoding.writeVarUint(encoder, payload.byteLength);
  const prefix = encoding.toUint8Array(encoder);
  const frame = new Uint8Array(prefix.byteLength + payload.byteLength);
  frame.set(prefix, 0);
  frame.set(payload, prefix.byteLength);
  return { frame, at: prefix.byteLength };
}
