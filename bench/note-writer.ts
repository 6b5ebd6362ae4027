// A writer that keeps only its own notes: a raw participant (bench/participants.ts) plus a private
// Y.Doc holding nothing but what it wrote. Its updates are what a browser would send for the same
// edits (each one names the records map as parent and builds only on the writer's own earlier
// items), so the server's trust rules accept them (docs/decisions/009), while the load generator
// integrates nothing it receives: 20 such writers on a 20,000-record board cost it no copy of it.
//
// It syncs as a newcomer does (an empty state vector, so the server sends it the shared whole-board
// reply, which it only counts); the server already holds everything the writer wrote, and the
// writer answers the server's step 1 with whatever the server says it lacks.
import * as Y from "yjs";
import { encodeSyncStep2, encodeUpdate } from "../server/board/protocol.js";
import { addMarkedNote, applyMarkedEdit } from "./edits.js";
import { connectRawParticipant, type OnEdit, type Writer } from "./participants.js";

const SYNC_TIMEOUT_MS = 30_000;

export type NoteEdit = "move" | "add";

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
 * Edits are made only once the writer is synced (the socket is open then).
 */
export function connectNoteWriter(
  url: string,
  cookie: string,
  author: number,
  onEdit: OnEdit,
  kind: NoteEdit,
  state = new NoteWriterState(),
): Writer {
  const participant = connectRawParticipant(
    url,
    cookie,
    (seq, arrivedAt) => {
      if (!state.own.has(seq)) onEdit(seq, arrivedAt);
    },
    SYNC_TIMEOUT_MS,
    (serverVector) => encodeSyncStep2(state.doc, serverVector),
  );
  const onUpdate = (update: Uint8Array) => participant.send(encodeUpdate(update));
  state.doc.on("update", onUpdate);
  return {
    synced: participant.synced,
    get drops() {
      return participant.drops;
    },
    edit(editNumber, seq) {
      state.own.add(seq);
      if (kind === "add") addMarkedNote(state.doc, author, state.added++, seq);
      else applyMarkedEdit(state.doc, author, editNumber, seq);
    },
    close() {
      state.doc.off("update", onUpdate);
      participant.close();
    },
  };
}
