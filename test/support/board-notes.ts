// Sticky notes as a real board client writes them: valid tldraw records in the board's records
// map, so that tests exercise the server's write rules rather than ignore them.
import type { TLPageId, TLShapeId } from "@tldraw/tlschema";
import * as Y from "yjs";
import { noteShape, plainText } from "../../board-core/cards.js";
import { boardRecords } from "../../board-core/shared-doc.js";

const PAGE = "page:page" as TLPageId;

/** Writes (or rewrites) the note `shape:<key>` with `text` into `doc`. */
export function putNote(doc: Y.Doc, key: string, text: string, at: { x?: number; y?: number } = {}): void {
  const id = `shape:${key}` as TLShapeId;
  boardRecords(doc).set(id, noteShape({ id, parentId: PAGE, x: at.x ?? 0, y: at.y ?? 0, text }));
}

/** The text of note `shape:<key>` in `doc`, if it is there. */
export function noteText(doc: Y.Doc, key: string): string | undefined {
  const record = boardRecords(doc).get(`shape:${key}`);
  return record && record.typeName === "shape" && record.type === "note" ? plainText(record.props.richText) : undefined;
}

/** key → text of every note of `doc` whose key starts with `prefix`. */
export function noteTexts(doc: Y.Doc, prefix = ""): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const [id, record] of boardRecords(doc).entries()) {
    const key = id.slice("shape:".length);
    if (record.typeName === "shape" && record.type === "note" && key.startsWith(prefix)) texts[key] = plainText(record.props.richText);
  }
  return texts;
}
