// What the simulated participants write: tldraw sticky notes, stored the way the board binding
// stores them (one whole record per key of the records map). An edit under measurement carries a
// sequence number as plain text ("~b#000001234") in the note's meta; Yjs writes strings as raw
// UTF-8, so a receiver finds it with one Buffer.indexOf instead of decoding the update.
import { noteShape } from "../board-core/cards.js";
import { createShapeId, type TLNoteShape, type TLParentId } from "@tldraw/tlschema";
import * as Y from "yjs";
import { boardRecords } from "../board-core/shared-doc.js";
import { BOARD_PAGE_ID } from "../board-core/template-layout.js";

const MARKER = "~b#";
const MARKER_BYTES = Buffer.from(MARKER);
const SEQ_DIGITS = 9;
const DIGIT_ZERO = 0x30;
const NOTES_PER_AUTHOR = 10;
const MESSAGE_SYNC = 0;
const SYNC_UPDATE = 2;

const COLORS = ["yellow", "light-green", "light-blue", "orange", "light-violet"] as const;
const WORDS = ["confiance", "entretien", "mobilité", "garde d'enfant", "formation", "CV", "logement", "santé"];

export function noteRecord(
  key: string,
  position: { x: number; y: number },
  text: string,
  meta: Record<string, string | number> = {},
): TLNoteShape {
  const note = noteShape({
    id: createShapeId(key),
    parentId: BOARD_PAGE_ID as TLParentId,
    ...position,
    text,
    color: COLORS[text.length % COLORS.length],
  });
  return { ...note, meta };
}

export function markerOf(seq: number): string {
  return MARKER + String(seq).padStart(SEQ_DIGITS, "0");
}

/**
 * The sequence number carried by a relayed update frame (y-websocket sync "update" message),
 * or -1 for any other frame (sync step 2, awareness) or an update without a marker.
 */
/** Calls `found` with every marked edit of a sync-update frame (the server may relay several in one). */
export function sequencesInFrame(frame: Buffer, found: (seq: number) => void): void {
  if (frame.length < 2 || frame[0] !== MESSAGE_SYNC || frame[1] !== SYNC_UPDATE) return;
  sequencesInUpdate(frame, found);
}

export function sequencesInUpdate(bytes: Buffer, found: (seq: number) => void): void {
  for (let at = bytes.indexOf(MARKER_BYTES); at >= 0; at = bytes.indexOf(MARKER_BYTES, at + MARKER_BYTES.length)) {
    if (at + MARKER_BYTES.length + SEQ_DIGITS > bytes.length) return;
    let seq = 0;
    for (let i = at + MARKER_BYTES.length, end = i + SEQ_DIGITS; i < end; i++) seq = seq * 10 + (bytes[i] - DIGIT_ZERO);
    found(seq);
  }
}

/** A participant's edit: moves one of their notes (created on first use), marked with `seq`. */
export function applyMarkedEdit(doc: Y.Doc, author: number, edit: number, seq: number): void {
  const slot = edit % NOTES_PER_AUTHOR;
  const record = noteRecord(
    `bench-${author}-${slot}`,
    { x: 240 * slot + (edit % 7) * 3, y: 240 * author + (edit % 5) * 3 },
    `${WORDS[(author + slot) % WORDS.length]} ${slot}`,
    { bench: markerOf(seq) },
  );
  boardRecords(doc).set(record.id, record);
}

/**
 * `count` updates as a workshop produces them: authors take turns; `notes` notes are created along
 * the way, and every other edit moves or retypes one of them (each edit rewrites the whole record,
 * as the binding does). One doc plays every author by switching its client id, so the updates
 * build on each other like a real log.
 */
export function workshopUpdates(count: number, { authors = 24, notes = 400 } = {}): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  const records = boardRecords(doc);
  const notesPerAuthor: number[] = new Array(authors).fill(0);
  const createEvery = Math.max(1, Math.floor(count / notes));
  for (let i = 0; i < count; i++) {
    const author = i % authors;
    doc.clientID = 1_000_000 + author;
    const existing = notesPerAuthor[author];
    const create = existing === 0 || (i % createEvery === 0 && i / createEvery < notes - authors);
    const slot = create ? existing : (i * 7919) % existing;
    if (create) notesPerAuthor[author] += 1;
    const words = WORDS[(i >> 3) % WORDS.length] + (i % 3 === 0 ? ` ${WORDS[i % WORDS.length]}` : "");
    const record = noteRecord(`w-${author}-${slot}`, { x: 220 * slot + (i % 97), y: 220 * author + (i % 89) }, words);
    doc.transact(() => records.set(record.id, record));
  }
  doc.destroy();
  return updates;
}

/** A participant's edit that adds a new note of theirs (the board grows), marked with `seq`. */
export function addMarkedNote(doc: Y.Doc, author: number, edit: number, seq: number): void {
  const record = noteRecord(
    `grow-${author}-${edit}`,
    { x: 230 * (edit % 40), y: 230 * (author * 50 + Math.floor(edit / 40)) },
    `${WORDS[(author + edit) % WORDS.length]} ${edit}`,
    { bench: markerOf(seq) },
  );
  boardRecords(doc).set(record.id, record);
}

/**
 * `count` notes laid out on a grid, as a board holds them after a long day, added to `doc` in one
 * transaction by a client id of their own (the records belong to nobody in the authors ledger).
 */
export function addBoardNotes(doc: Y.Doc, count: number, clientId = 7_000_000): void {
  const records = boardRecords(doc);
  const previous = doc.clientID;
  doc.clientID = clientId;
  doc.transact(() => {
    for (let i = 0; i < count; i++) {
      const words = `${WORDS[i % WORDS.length]} ${WORDS[(i >> 3) % WORDS.length]} ${i}`;
      const record = noteRecord(`day-${i}`, { x: 230 * (i % 100), y: 230 * Math.floor(i / 100) }, words);
      records.set(record.id, record);
    }
  });
  doc.clientID = previous;
}
