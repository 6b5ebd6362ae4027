// The shape of a board's Y.Doc, the one contract between the browser (tldraw store ↔ Yjs binding)
// and the server (which creates, stores and serves these docs). The server imports this file, so
// it must stay free of tldraw UI code: yjs and types only.
import type { TLRecord, TLStoreSnapshot } from "@tldraw/tlschema";
import * as Y from "yjs";

/** Y.Map of the board's tldraw document-scope records (shapes, pages, bindings…), keyed by record id. */
export const BOARD_RECORDS_MAP = "records";
/** Y.Map of facts about the records, such as the schema they were written with. */
export const BOARD_META_MAP = "meta";
/**
 * Y.Map written by the server alone: record id → who created it ({@link RecordAuthor}). The author
 * shown under a card, the closing view and outcome proposals read it; a record's own fields are
 * never trusted for that. A client's update that touches it is refused.
 */
export const BOARD_AUTHORS_MAP = "authors";
/** Y.Map written by the server alone: Yjs client id → the author key that writes with it. */
export const BOARD_WRITERS_MAP = "writers";
/** Top-level types a client may write at all (the server decides who may write what in them). */
export const CLIENT_WRITABLE_MAPS: readonly string[] = [BOARD_RECORDS_MAP, BOARD_META_MAP];

/** Who created a record: an opaque key, stable for one person on one board, and the name shown. */
export interface RecordAuthor {
  by: string;
  name: string;
}

/** Key in the meta map holding the serialized tldraw schema (`store.schema.serialize()`). */
export const BOARD_SCHEMA_KEY = "schema";

/** A tldraw schema as serialized next to the records, used to migrate them on load. */
export type SerializedBoardSchema = TLStoreSnapshot["schema"];

export function boardRecords(doc: Y.Doc): Y.Map<TLRecord> {
  return doc.getMap<TLRecord>(BOARD_RECORDS_MAP);
}

export function boardMeta(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(BOARD_META_MAP);
}

export function boardAuthors(doc: Y.Doc): Y.Map<RecordAuthor> {
  return doc.getMap<RecordAuthor>(BOARD_AUTHORS_MAP);
}

export function boardWriters(doc: Y.Doc): Y.Map<string> {
  return doc.getMap<string>(BOARD_WRITERS_MAP);
}

/** The schema the doc's records were written with, if any client or the server recorded it. */
export function readBoardSchema(doc: Y.Doc): SerializedBoardSchema | undefined {
  const schema = boardMeta(doc).get(BOARD_SCHEMA_KEY);
  return isSerializedSchema(schema) ? schema : undefined;
}

function isSerializedSchema(value: unknown): value is SerializedBoardSchema {
  return typeof value === "object" && value !== null && "schemaVersion" in value;
}
