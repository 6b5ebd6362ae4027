// The two kinds of simulated participant. Both authenticate like a phone that joined by code:
// the session's participant cookie and the page's Origin on the WebSocket upgrade.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { COMPRESSED_SYNC_PARAM, COMPRESSED_SYNC_VALUE, MESSAGE_SYNC_GZIP } from "../board-core/compressed-sync.js";
import { connectBoardClient, originOf, type BoardClient } from "../test/support/clients.js";
import { applyMarkedEdit, sequencesInFrame, sequencesInUpdate } from "./edits.js";

/** Called for every relayed edit a participant receives, with its arrival time (performance.now()). */
export type OnEdit = (seq: number, arrivedAt: number) => void;

export interface Participant {
  /** Resolves with the milliseconds from the connection's start to its sync with the server. */
  synced: Promise<number>;
  /** Number of times the connection was lost after it had synced. */
  readonly drops: number;
  close(): void;
}

const MESSAGE_SYNC = 0;
const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

function syncFrame(write: (encoder: encoding.Encoder, doc: Y.Doc) => void): Buffer {
  const doc = new Y.Doc();
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  write(encoder, doc);
  doc.destroy();
  return Buffer.from(encoding.toUint8Array(encoder));
}
/** What a client with an empty document says: "here is my (empty) state vector", "I have nothing for you". */
const EMPTY_STEP_1 = syncFrame((encoder, doc) => syncProtocol.writeSyncStep1(encoder, doc));
const EMPTY_STEP_2 = syncFrame((encoder, doc) => syncProtocol.writeSyncStep2(encoder, doc));

/** A board URL that asks for the whole board gzipped, as the board page does where it can inflate it. */
export function compressedSyncUrl(url: string): string {
  return `${url}?${COMPRESSED_SYNC_PARAM}=${COMPRESSED_SYNC_VALUE}`;
}

/** A participant without a document; `pause`/`resume` let the load generator read its socket in batches. */
export interface RawParticipant extends Participant {
  pause(): void;
  resume(): void;
  /** Sends a frame if the socket is open (a writer's update); dropped otherwise. */
  send(frame: Uint8Array): void;
  /** Bytes of the whole-board frame it synced with (plain, or gzipped with `?sync=gzip` in its URL). */
  readonly wholeBytes: number;
}

/**
 * What a raw participant answers to the server's sync step 1 (whose state vector it is given):
 * by default "I have nothing for you".
 */
export type AnswerStep1 = (serverStateVector: Uint8Array) => Uint8Array;

/** How long a connection may take to sync before the bench gives up on it. */
const SYNC_TIMEOUT_MS = 30_000;

/**
 * A participant that speaks the sync protocol over a bare `ws` socket and keeps no document:
 * it syncs (step 1 / step 2 both ways), then only looks for the sequence number in what it
 * receives. Costs the load generator a few microseconds per frame.
 */
export function connectRawParticipant(
  url: string,
  cookie: string,
  onEdit: OnEdit = () => undefined,
  timeoutMs = SYNC_TIMEOUT_MS,
  answerStep1: AnswerStep1 | null = null,
): RawParticipant {
  const startedAt = performance.now();
  const socket = new WebSocket(url, { headers: { Origin: originOf(url), Cookie: cookie }, perMessageDeflate: false });
  let isSynced = false;
  let closing = false;
  let drops = 0;
  let wholeBytes = 0;
  let timer: NodeJS.Timeout | undefined;
  const synced = new Promise<number>((resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`${url}: no sync within ${timeoutMs} ms`));
      socket.terminate();
    }, timeoutMs);
    socket.on("open", () => socket.send(EMPTY_STEP_1));
    socket.on("message", (data: Buffer) => {
      const arrivedAt = performance.now();
      // The whole board gzipped (board-core/compressed-sync.ts): synced when it arrives. Inflating it
      // is the client device's work (about 26 ms for 8 MiB in Node), not the server's: the load
      // generator, which stands for hundreds of devices, does not do it (the tests do).
      if (data[0] === MESSAGE_SYNC_GZIP && !isSynced) {
        isSynced = true;
        wholeBytes = data.byteLength;
        return resolve(arrivedAt - startedAt);
      }
      if (data[0] !== MESSAGE_SYNC) return; // presence
      if (data[1] === SYNC_UPDATE) return sequencesInFrame(data, (seq) => onEdit(seq, arrivedAt));
      if (data[1] === SYNC_STEP_1) socket.send(answerStep1 ? answerStep1(stateVectorOf(data)) : EMPTY_STEP_2);
      else if (data[1] === SYNC_STEP_2 && !isSynced) {
        isSynced = true;
        wholeBytes = data.byteLength;
        resolve(arrivedAt - startedAt);
      }
    });
    socket.on("unexpected-response", (_request, response) => {
      reject(new Error(`${url}: upgrade refused with ${response.statusCode}`));
      socket.terminate();
    });
    socket.on("error", (error) => reject(error));
    socket.on("close", (code, reason) => {
      if (!isSynced) reject(new Error(`${url}: closed before sync (${code} ${reason.toString()})`));
      else if (!closing) drops += 1;
    });
  }).finally(() => clearTimeout(timer));
  synced.catch(() => undefined);
  return {
    synced,
    get drops() {
      return drops;
    },
    get wholeBytes() {
      return wholeBytes;
    },
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    send(frame) {
      if (socket.readyState === WebSocket.OPEN) socket.send(frame);
    },
    close() {
      closing = true;
      socket.terminate();
    },
  };
}

/** The state vector of a sync step 1 frame: [sync, step 1, varUint8Array(vector)]. */
function stateVectorOf(frame: Buffer): Uint8Array {
  const decoder = decoding.createDecoder(frame);
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
  return decoding.readVarUint8Array(decoder);
}

/**
 * A participant with a full Y.Doc behind a real y-websocket provider (as a browser tab runs it):
 * it integrates everything it receives, and it is the one that makes edits.
 */
export interface Writer extends Participant {
  edit(editNumber: number, seq: number): void;
}

export function connectWriter(wsBase: string, room: string, cookie: string, author: number, onEdit: OnEdit): Writer {
  const startedAt = performance.now();
  const client: BoardClient = connectBoardClient(wsBase, room, cookie);
  let drops = 0;
  let closing = false;
  let wasSynced = false;
  void client.synced.then(() => (wasSynced = true));
  client.doc.on("update", (update: Uint8Array, origin: unknown) => {
    if (origin !== client.provider) return;
    const arrivedAt = performance.now();
    sequencesInUpdate(Buffer.from(update.buffer, update.byteOffset, update.byteLength), (seq) => onEdit(seq, arrivedAt));
  });
  client.provider.on("status", ({ status }: { status: string }) => {
    if (status === "disconnected" && wasSynced && !closing) drops += 1;
  });
  return {
    synced: withTimeout(client.synced, SYNC_TIMEOUT_MS, `${wsBase}/${room}: no sync`).then(() => performance.now() - startedAt),
    get drops() {
      return drops;
    },
    edit(editNumber, seq) {
      applyMarkedEdit(client.doc, author, editNumber, seq);
    },
    close() {
      closing = true;
      client.destroy();
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Runs `connect` for every item, `concurrency` at a time (upgrades are authenticated one by one). */
export async function inBatches<T, R>(items: T[], concurrency: number, connect: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  async function lane(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      results[index] = await connect(items[index], index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}
