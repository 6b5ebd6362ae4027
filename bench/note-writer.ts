// A writer that keeps only its own notes: a bare `ws` socket plus a private Y.Doc holding nothing
// but what it wrote. Its updates are what a browser would send for the same edits (each one names
// the records map as parent and builds only on the writer's own earlier items), so the server's
// trust rules accept them (docs/decisions/009), while the load generator integrates nothing it
// receives: 20 such writers on a 20,000-record board cost it no copy of the board.
//
// It syncs as a newcomer does (an empty state vector, so the server sends it the shared whole-board
// reply, which it only counts); the server already holds everything the writer wrote, and the
// writer answers the server's step 1 with whatever the server says it lacks.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as Y from "yjs";
import { originOf } from "../test/support/clients.js";
import { addMarkedNote, applyMarkedEdit, sequencesInFrame } from "./edits.js";
import type { OnEdit, Writer } from "./participants.js";

const MESSAGE_SYNC = 0;
const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;
const SYNC_TIMEOUT_MS = 30_000;

export type NoteEdit = "move" | "add";

function syncFrame(kind: number, payload: Uint8Array): Buffer {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, kind);
  encoding.writeVarUint8Array(encoder, payload);
  return Buffer.from(encoding.toUint8Array(encoder));
}

/** The writer's private document survives reconnections, so its clocks go on where they were. */
export class NoteWriterState {
  readonly doc = new Y.Doc();
  readonly own = new Set<number>();
  /** Notes added so far: an added note is always a new record, whichever run adds it. */
  added = 0;
}

/**
 * `state` lets the long-day bench reconnect the same person with the same document each run;
 * `kind` says whether each edit moves one of 10 notes (as bench/fanout.ts does) or adds a new one.
 */
export function connectNoteWriter(url: string, cookie: string, author: number, onEdit: OnEdit, kind: NoteEdit, state = new NoteWriterState()): Writer {
  const startedAt = performance.now();
  const socket = new WebSocket(url, { headers: { Origin: originOf(url), Cookie: cookie }, perMessageDeflate: false });
  let isSynced = false;
  let closing = false;
  let drops = 0;
  const pending: Uint8Array[] = [];
  const onUpdate = (update: Uint8Array) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(syncFrame(SYNC_UPDATE, update));
    else pending.push(update);
  };
  state.doc.on("update", onUpdate);
  let timer: NodeJS.Timeout | undefined;
  const synced = new Promise<number>((resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`${url}: writer not synced within ${SYNC_TIMEOUT_MS} ms`));
      socket.terminate();
    }, SYNC_TIMEOUT_MS);
    socket.on("open", () => {
      socket.send(syncFrame(SYNC_STEP_1, Y.encodeStateVector(new Y.Doc())));
      for (const update of pending.splice(0)) socket.send(syncFrame(SYNC_UPDATE, update));
    });
    socket.on("message", (data: Buffer) => {
      const arrivedAt = performance.now();
      if (data[0] !== MESSAGE_SYNC) return;
      if (data[1] === SYNC_UPDATE) {
        return sequencesInFrame(data, (seq) => {
          if (!state.own.has(seq)) onEdit(seq, arrivedAt);
        });
      }
      if (data[1] === SYNC_STEP_1) {
        const decoder = decoding.createDecoder(data);
        decoding.readVarUint(decoder);
        decoding.readVarUint(decoder);
        const serverVector = decoding.readVarUint8Array(decoder);
        socket.send(syncFrame(SYNC_STEP_2, Y.encodeStateAsUpdate(state.doc, serverVector)));
      } else if (data[1] === SYNC_STEP_2 && !isSynced) {
        isSynced = true;
        resolve(arrivedAt - startedAt);
      }
    });
    socket.on("unexpected-response", (_request, response) => {
      reject(new Error(`${url}: upgrade refused with ${response.statusCode}`));
      socket.terminate();
    });
    socket.on("error", (error) => reject(error));
    socket.on("close", (code, reason) => {
      if (!isSynced) reject(new Error(`${url}: writer closed before sync (${code} ${reason.toString()})`));
      else if (!closing) drops += 1;
    });
  }).finally(() => clearTimeout(timer));
  synced.catch(() => undefined);
  return {
    synced,
    get drops() {
      return drops;
    },
    edit(editNumber, seq) {
      state.own.add(seq);
      if (kind === "add") addMarkedNote(state.doc, author, state.added++, seq);
      else applyMarkedEdit(state.doc, author, editNumber, seq);
    },
    close() {
      closing = true;
      state.doc.off("update", onUpdate);
      socket.terminate();
    },
  };
}
