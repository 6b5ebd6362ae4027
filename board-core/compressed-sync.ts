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

/**
 * Lets `provider` read compressed whole-board frames: inflated off the socket's turn, then handed to
 * the provider's own sync handler as if they had arrived plain, so the provider reports "synced" once
 * the board is in the doc. Updates that arrive while it inflates are kept by Yjs until the board they
 * build on is there. A frame inflated after its connection was replaced still goes into the doc (it
 * is the board as it was) but does not mark the new connection synced.
 */
export function acceptCompressedSync(provider: WebsocketProvider, onError: (error: unknown) => void = console.error): void {
  provider.messageHandlers[MESSAGE_SYNC_GZIP] = (_encoder, decoder, current) => {
    const socket = current.ws;
    const gzipped = decoding.readVarUint8Array(decoder);
    void inflateSyncFrame(gzipped)
      .then((frame) => {
        const inner = decoding.createDecoder(frame);
        if (decoding.readVarUint(inner) !== MESSAGE_SYNC) throw new Error("compressed frame is not a sync message");
        // The sync handler writes its answer to this encoder; a sync step 2 needs none.
        current.messageHandlers[MESSAGE_SYNC](encoding.createEncoder(), inner, current, current.ws === socket, MESSAGE_SYNC);
      }, onError)
      .catch(onError);
  };
}
