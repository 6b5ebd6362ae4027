// Sticky notes ("cards") as the server writes them into a board: a card posted from a phone, the
// cards of a private brainstorm when they are revealed, the badges of a closed vote. Pure functions
// over tldraw records; the server runs them in Node (no "~/" alias, no UI code).
import {
  createShapeId,
  toRichText,
  type TLFrameShape,
  type TLGeoShape,
  type TLNoteShape,
  type TLRecord,
  type TLRichText,
  type TLShape,
  type TLShapeId,
} from "@tldraw/tlschema";
import { getIndexAbove, type IndexKey } from "@tldraw/utils";
import { clash, noteFit, noteRect, type Rect } from "./card-fit.js";
import { BOARD_LAYOUT } from "./template-layout.js";

/** What a card says about where it comes from. `author` is absent on an anonymous card. */
export interface CardMeta {
  author?: string;
  /**
   * "phone" for a card posted from the contribution screen, "private" for a revealed one,
   * "anonymous" for one posted during an anonymous step (from a phone or a canvas alike).
   */
  via?: "phone" | "private" | "anonymous";
}

/** The text of a tldraw rich text document, paragraphs on their own lines. */
export function plainText(richText: TLRichText | undefined): string {
  const lines: string[] = [];
  const visit = (node: unknown, line: string[]): void => {
    if (!node || typeof node !== "object") return;
    const { type, text, content } = node as { type?: string; text?: unknown; content?: unknown };
    if (typeof text === "string") line.push(text);
    if (!Array.isArray(content)) return;
    if (type === "paragraph" || type === "heading") {
      const own: string[] = [];
      for (const child of content) visit(child, own);
      lines.push(own.join(""));
    } else {
      for (const child of content) visit(child, line);
    }
  };
  const rest: string[] = [];
  visit(richText, rest);
  if (rest.length > 0) lines.push(rest.join(""));
  return lines.join("\n").trim();
}

function isShape(record: TLRecord): record is TLShape {
  return record.typeName === "shape";
}

function isNote(record: TLRecord): record is TLNoteShape {
  return isShape(record) && record.type === "note";
}

export function findFrame(records: Iterable<TLRecord>, frameId: string): TLFrameShape | null {
  for (const record of records) {
    if (record.id === frameId && isShape(record) && record.type === "frame") return record as TLFrameShape;
  }
  return null;
}

/** The notes inside a zone, in reading order (top to bottom, then left to right). */
export function zoneNotes(records: Iterable<TLRecord>, frameId: string): TLNoteShape[] {
  const notes: TLNoteShape[] = [];
  for (const record of records) if (isNote(record) && record.parentId === frameId) notes.push(record);
  return notes.sort((a, b) => a.y - b.y || a.x - b.x);
}

export function zoneCards(records: Iterable<TLRecord>, frameId: string): { id: string; text: string }[] {
  return zoneNotes(records, frameId).map((note) => ({ id: note.id, text: plainText(note.props.richText) }));
}

const STEP = BOARD_LAYOUT.noteSize + BOARD_LAYOUT.noteGap;

/**
 * New notes for `texts`, each in the first place of the zone's grid (three across, in reading
 * order) where it touches no other note, and the frame itself if it must grow to hold them. A long
 * card is taller than a grid row (card-fit.ts): it takes the rows it needs, and the cards after
 * it go around it. Notes placed by hand are never covered.
 */
export function placeCards(records: Iterable<TLRecord>, frame: TLFrameShape, cards: { text: string; meta: CardMeta }[]): TLRecord[] {
  const all = [...records];
  const taken: Rect[] = zoneNotes(all, frame.id).map(noteRect);
  let topIndex = highestChildIndex(all, frame.id);
  const created: TLRecord[] = [];
  let lowest = 0;
  let slot = 0;
  for (const card of cards) {
    topIndex = getIndexAbove(topIndex);
    const note = noteShape({ parentId: frame.id, x: 0, y: 0, text: card.text, meta: card.meta, index: topIndex });
    let rect: Rect;
    // Ends: past the lowest note, every place is free.
    for (;;) {
      const column = slot % BOARD_LAYOUT.notesAcross;
      const row = Math.floor(slot / BOARD_LAYOUT.notesAcross);
      rect = noteRect({ ...note, x: BOARD_LAYOUT.framePadding + column * STEP, y: BOARD_LAYOUT.framePadding + row * STEP });
      // Neighbours on the grid are exactly one gap apart: closer than that is a clash.
      if (!taken.some((other) => clash(rect, other, BOARD_LAYOUT.noteGap - 1))) break;
      slot++;
    }
    slot++;
    taken.push(rect);
    lowest = Math.max(lowest, rect.y + rect.h + BOARD_LAYOUT.framePadding);
    created.push({ ...note, x: rect.x, y: rect.y });
  }
  if (lowest > frame.props.h) created.push({ ...frame, props: { ...frame.props, h: lowest } });
  return created;
}

/** A round badge with the vote count, on the card's top right corner; locked, so it stays put. */
export function voteBadge(note: TLNoteShape, count: number, index: IndexKey): TLGeoShape {
  const size = 56;
  return {
    id: createShapeId(`vote.${note.id.slice("shape:".length)}`),
    typeName: "shape",
    type: "geo",
    parentId: note.parentId,
    index,
    x: note.x + BOARD_LAYOUT.noteSize - size / 2,
    y: note.y - size / 2,
    rotation: 0,
    isLocked: true,
    opacity: 1,
    meta: { role: "vote-result", cardId: note.id },
    props: {
      geo: "ellipse",
      dash: "solid",
      url: "",
      w: size,
      h: size,
      growY: 0,
      scale: 1,
      flipX: false,
      flipY: false,
      labelColor: "white",
      color: "red",
      fill: "solid",
      size: "m",
      font: "sans",
      align: "middle",
      verticalAlign: "middle",
      richText: toRichText(String(count)),
    },
  };
}

/** The same note saying `text` instead, fitted to it like a new one (its author rewrote it). */
export function rewrittenNote(note: TLNoteShape, text: string): TLNoteShape {
  return { ...note, props: { ...note.props, ...noteFit(text), richText: toRichText(text) } };
}

export function highestChildIndex(records: Iterable<TLRecord>, parentId: string): IndexKey | null {
  let top: IndexKey | null = null;
  for (const record of records) {
    if (isShape(record) && record.parentId === parentId && (top === null || record.index > top)) top = record.index;
  }
  return top;
}

/**
 * A sticky note as tldraw stores it, with the board's defaults (yellow, hand-drawn font), its font
 * and height fitted to its text: browsers take a remote note as it is, without measuring it.
 */
export function noteShape(note: {
  id?: TLShapeId;
  parentId: TLNoteShape["parentId"];
  x: number;
  y: number;
  text: string;
  meta?: CardMeta;
  index?: IndexKey;
  color?: TLNoteShape["props"]["color"];
}): TLNoteShape {
  return {
    id: note.id ?? createShapeId(),
    typeName: "shape",
    type: "note",
    parentId: note.parentId,
    index: note.index ?? ("a1" as IndexKey),
    x: note.x,
    y: note.y,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    meta: { ...note.meta },
    props: {
      color: note.color ?? "yellow",
      labelColor: "black",
      size: "m",
      font: "draw",
      ...noteFit(note.text),
      align: "middle",
      verticalAlign: "middle",
      url: "",
      richText: toRichText(note.text),
      scale: 1,
      textLastEditedBy: null,
    },
  };
}
