// The shape of a board's Y.Doc, the one contract between the browser (tldraw store ↔ Yjs binding)
// and the server (which creates, stores and serves these docs). The server imports this file, so
// it must stay free of tldraw UI code: yjs and types only.
import type { TLRecord, TLStoreSnapshot } from "@tldraw/tlschema";
import * as Y from "yjs";

/** Y.Map of the board's tldraw document-scope records (shapes, pages, bindings…), keyed by record id. */
export const BOARD_RECORDS_MAP = "records";
/** Y.Map of facts about the records, such as the schema they were written with. */
export const BOARD_META_MAP = "meta";
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

/** The schema the doc's records were written with, if any client or the server recorded it. */
export function readBoardSchema(doc: Y.Doc): SerializedBoardSchema | undefined {
  const schema = boardMeta(doc).get(BOARD_SCHEMA_KEY);
  return isSerializedSchema(schema) ? schema : undefined;
}

function isSerializedSchema(value: unknown): value is SerializedBoardSchema {
  return typeof value === "object" && value !== null && "schemaVersion" in value;
}
