// The whole board, compressed once by the server and shared by every newcomer that can inflate it
// (issue 19, docs/decisions/010): a 20,000-note board is an 8 MiB sync step 2, a few hundred KiB
// gzipped. A client asks for it with `?sync=gzip` on the board URL; it then receives the whole-board
// sync step 2 as one frame [MESSAGE_SYNC_GZIP, varUint8Array(gzip of the plain frame)]. Every other
// frame stays as the y-websocket protocol has it, and a client that does not ask never gets one.
// Runs in browsers (DecompressionStream) and in Node 18+, where the same global exists.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { WebsocketProvider } from "y-websocket";

export const MESSAGE_SYNC_GZIP = 101;
/** The URL parameter a client declares the capability with, and its one accepted value. */
export const COMPRESSED_SYNC_PARAM = "sync";
export const COMPRESSED_SYNC_VALUE = "gzip";
const MESSAGE_SYNC = 0;

/** True where this browser can inflate the compressed board. */
export function canInflateSync(): boolean {
  return typeof DecompressionStream === "function" && typeof Response === "function" && typeof Blob === "function";
}

/** The plain frame inside a compressed one's payload. */
export async function inflateSyncFrame(gzipped: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([gzipped as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/** Sync messages a connection received before its board, each as its bytes after the message type. */
interface Held {
  socket: WebSocket | null;
  messages: Uint8Array[];
}

/**
 * Takes a board (a sync step 2, the decoder just past the message type) received on `socket`: the
 * board first, then the messages held for that connection, and only then "synced".
 */
type ReceiveBoard = (decoder: decoding.Decoder, socket: WebSocket | null) => void;

const boardFirst = new WeakMap<WebsocketProvider, ReceiveBoard>();

/**
 * Until the doc has its first board, the sync updates that come before it (the updates the server
 * stored after its shared whole-board frame, edits relayed meanwhile) are kept aside, then applied
 * once the board is in the doc, in their order; the provider says "synced" after that, so the
 * canvas binds to the whole board. Applied as they came, each would find what it builds on missing,
 * and Yjs would keep it aside and merge every later one into that pile: measured in Node on 20,000
 * notes, 400 updates before the board cost 3.7 s more, against 0.1 s applied after it. Every other
 * message goes through as y-websocket has it: the server's sync step 1 (answered at once), messages
 * from other tabs (broadcast channel), and everything once a board is in (a reconnecting page
 * already holds what the updates build on, and keeps showing others' edits as they come).
 */
export function holdUpdatesUntilBoard(provider: WebsocketProvider): ReceiveBoard {
  const installed = boardFirst.get(provider);
  if (installed) return installed;
  const plainSync = provider.messageHandlers[MESSAGE_SYNC];
  let held: Held = { socket: null, messages: [] };
  const apply = (message: Uint8Array, socket: WebSocket | null) => {
    const encoder = encoding.createEncoder();
    plainSync(encoder, decoding.createDecoder(message), provider, false, MESSAGE_SYNC);
    // As y-websocket answers a message, on the socket it came by.
    if (provider.ws === socket && socket?.readyState === 1 && encoding.length(encoder) > 1) socket.send(encoding.toUint8Array(encoder));
  };
  let boardIn = false;
  const receiveBoard: ReceiveBoard = (decoder, socket) => {
    try {
      plainSync(encoding.createEncoder(), decoder, provider, false, MESSAGE_SYNC);
      boardIn = true;
      // A board that arrives for a connection replaced meanwhile goes into the doc, and that is all.
      if (held.socket === socket) {
        const messages = held.messages;
        held = { socket: null, messages: [] };
        for (const message of messages) {
          try {
            apply(message, socket);
          } catch (error) {
            console.error("board: an update kept for after the board is unreadable", error);
          }
        }
      }
    } finally {
      if (provider.ws === socket) provider.synced = true;
    }
  };
  provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, current, emitSynced, messageType) => {
    const kind = decoder.arr[decoder.pos];
    if (boardIn || !emitSynced || current.synced || (kind !== SYNC_UPDATE && kind !== SYNC_STEP_2)) {
      return plainSync(encoder, decoder, current, emitSynced, messageType);
    }
    const socket = current.ws;
    if (kind === SYNC_STEP_2) return receiveBoard(decoder, socket);
    if (held.socket !== socket) held = { socket, messages: [] };
    held.messages.push(decoder.arr.slice(decoder.pos));
  };
  boardFirst.set(provider, receiveBoard);
  return receiveBoard;
}

/**
 * Lets `provider` read compressed whole-board frames: inflated off the socket's turn, then taken as
 * the board (`holdUpdatesUntilBoard`, installed here too): what came before it and meanwhile is
 * applied after it, and the provider says "synced" once all of it is in the doc. A frame inflated
 * after its connection was replaced still goes into the doc (it is the board as it was) but does
 * not mark the new connection synced.
 */
export function acceptCompressedSync(provider: WebsocketProvider, onError: (error: unknown) => void = console.error): void {
  const receiveBoard = holdUpdatesUntilBoard(provider);
  provider.messageHandlers[MESSAGE_SYNC_GZIP] = (_encoder, decoder, current) => {
    const socket = current.ws;
    const gzipped = decoding.readVarUint8Array(decoder);
    void inflateSyncFrame(gzipped)
      .then((frame) => {
        const inner = decoding.createDecoder(frame);
        if (decoding.readVarUint(inner) !== MESSAGE_SYNC || inner.arr[inner.pos] !== SYNC_STEP_2) {
          throw new Error("compressed frame is not a sync step 2");
        }
        receiveBoard(inner, socket);
      })
      .catch(onError);
  };
}
