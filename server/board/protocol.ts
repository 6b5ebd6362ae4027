import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import { MESSAGE_SYNC_GZIP } from "../../board-core/compressed-sync.js";
import { MESSAGE_FACILITATION } from "../../board-core/facilitation-protocol.js";
import { framedAt } from "./framed.mjs";

/** Message types of the y-websocket protocol. */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_QUERY_AWARENESS = 3;
export const SYNC_STEP_1 = 0;
export const SYNC_STEP_2 = 1;
export const SYNC_UPDATE = 2;

export type ClientMessage =
  | { type: "sync-step-1"; stateVector: Uint8Array }
  | { type: "update"; update: Uint8Array; /** A sync step 2: what the client has that the server lacked. */ syncReply: boolean }
  | { type: "awareness"; update: Uint8Array }
  | { type: "query-awareness" }
  | { type: "facilitation"; text: string };

export class ProtocolError extends Error {}

/**
 * Decodes one frame fully before anything acts on it: a frame with an unknown type,
 * a truncated field, trailing bytes or an update Yjs cannot parse is rejected whole.
 */
export function decodeClientMessage(frame: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    let message: ClientMessage;
    if (type === MESSAGE_SYNC) {
      const step = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (step === SYNC_STEP_1) {
        Y.decodeStateVector(payload);
        message = { type: "sync-step-1", stateVector: payload };
      } else if (step === SYNC_STEP_2 || step === SYNC_UPDATE) {
        Y.decodeUpdate(payload);
        message = { type: "update", update: payload, syncReply: step === SYNC_STEP_2 };
      } else {
        throw new ProtocolError(`unknown sync step ${step}`);
      }
    } else if (type === MESSAGE_AWARENESS) {
      message = { type: "awareness", update: decoding.readVarUint8Array(decoder) };
    } else if (type === MESSAGE_QUERY_AWARENESS) {
      message = { type: "query-awareness" };
    } else if (type === MESSAGE_FACILITATION) {
      message = { type: "facilitation", text: decoding.readVarString(decoder) };
    } else {
      throw new ProtocolError(`unknown message type ${type}`);
    }
    if (decoding.hasContent(decoder)) throw new ProtocolError("trailing bytes");
    return message;
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError("malformed frame");
  }
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, SYNC_STEP_1);
  encoding.writeVarUint8Array(encoder, Y.encodeStateVector(doc));
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  return encodeSync(SYNC_STEP_2, Y.encodeStateAsUpdate(doc, stateVector));
}

/** A sync step 2 whose payload is an update already encoded (a stored snapshot). */
export function encodeSyncStep2Update(update: Uint8Array): Uint8Array {
  return encodeSync(SYNC_STEP_2, update);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  return encodeSync(SYNC_UPDATE, update);
}

/** A sync frame gzipped once, for the clients that asked for it (board-core/compressed-sync.ts). */
export function encodeSyncGzip(gzipped: Uint8Array): Uint8Array {
  return framed([MESSAGE_SYNC_GZIP], gzipped);
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

function encodeSync(step: number, payload: Uint8Array): Uint8Array {
  return framed([MESSAGE_SYNC, step], payload);
}

/** `head` as varuints, then `payload` with its length, in one allocation and one copy (framed.mjs). */
function framed(head: number[], payload: Uint8Array): Uint8Array {
  return framedAt(head, payload).frame;
}
