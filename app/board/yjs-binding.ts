// Keeps a tldraw store and a board's Y.Doc in step. The doc holds only document-scope records
// (shapes, pages, bindings, assets…); what belongs to one browser (its `user:` record, instance
// state, camera, presence) stays in that browser's store. Written against the store API only, so it
// runs in Node without a DOM.
import type { TLRecord, TLStore } from "@tldraw/tlschema";
import type * as Y from "yjs";
import { BOARD_SCHEMA_KEY, boardMeta, boardRecords, readBoardSchema, type SerializedBoardSchema } from "../../board-core/shared-doc.js";

/** Origin of the doc transactions this binding makes, so that it does not read its own writes back. */
export const LOCAL_ORIGIN = Symbol("board-local-change");

/** The doc was written by a newer version of the board, or cannot be migrated: reload the page. */
export class BoardSchemaError extends Error {
  override name = "BoardSchemaError";
}

export interface BindOptions {
  /** Called with a record from another client that fails validation; it is left out of the store. */
  onRejectedRecord?: (record: unknown, error: unknown) => void;
  /**
   * Whether this client may bring the doc up to date after loading it (migrated records, the schema
   * marker): the facilitator's may; a participant's would be refused by the server, so it does not try.
   */
  writeBack?: boolean;
}

type RecordId = TLRecord["id"];

/**
 * Loads the doc's records into the store (migrating them from the schema they were written with),
 * then mirrors the store's local document changes into the doc and the doc's remote changes into
 * the store. Call it once the provider has synced. Returns the function that unbinds.
 * Throws {@link BoardSchemaError} when the doc's records cannot be brought to this store's schema.
 */
export function bindStoreToYDoc(store: TLStore, doc: Y.Doc, options: BindOptions = {}): () => void {
  const records = boardRecords(doc);
  const onRejectedRecord = options.onRejectedRecord ?? ((record, error) => console.error("board: record rejected", record, error));
  // A card written during a private brainstorm, or in an anonymous step, stays on its author's
  // screen: the server alone receives it, through the facilitation channel (facilitation-canvas.ts),
  // and writes it itself (under its own Yjs client id, so nothing in the doc says who wrote it).
  const isShared = (record: TLRecord) =>
    record.typeName !== "user" &&
    store.schema.types[record.typeName]?.scope === "document" &&
    !(record.typeName === "shape" && (record.meta.private === true || record.meta.anonymous === true));

  const storedSchema = readBoardSchema(doc);
  const dropped = loadDocIntoStore(store, records, storedSchema, isShared, onRejectedRecord);
  // The store may now differ from the doc: records it migrated, or the default document and page
  // it creates when the doc is empty. Write those back so that every client sees the same board.
  if (options.writeBack !== false)
    doc.transact(() => {
      for (const record of store.allRecords()) {
        if (isShared(record) && !sameRecord(records.get(record.id), record)) records.set(record.id, record);
      }
      for (const id of dropped) records.delete(id);
      if (isOlderSchema(store, storedSchema)) boardMeta(doc).set(BOARD_SCHEMA_KEY, store.schema.serialize());
    }, LOCAL_ORIGIN);

  const stopListening = store.listen(
    ({ changes }) => {
      doc.transact(() => {
        for (const record of Object.values(changes.added)) if (isShared(record)) records.set(record.id, record);
        for (const [, record] of Object.values(changes.updated)) if (isShared(record)) records.set(record.id, record);
        for (const record of Object.values(changes.removed)) if (isShared(record)) records.delete(record.id);
      }, LOCAL_ORIGIN);
    },
    { source: "user", scope: "document" },
  );

  const onDocChange = (event: Y.YMapEvent<TLRecord>, transaction: Y.Transaction) => {
    if (transaction.origin === LOCAL_ORIGIN) return;
    const toPut: TLRecord[] = [];
    const toRemove: RecordId[] = [];
    event.changes.keys.forEach((change, key) => {
      const id = key as RecordId;
      if (change.action === "delete") {
        const existing = store.get(id);
        if (existing && isShared(existing)) toRemove.push(id);
        return;
      }
      const record = records.get(key);
      if (!record || !isShared(record)) return;
      try {
        const existing = store.get(id) ?? null;
        store.schema.validateRecord(store, record, existing ? "updateRecord" : "createRecord", existing);
        toPut.push(record);
      } catch (error) {
        onRejectedRecord(record, error);
      }
    });
    if (toPut.length === 0 && toRemove.length === 0) return;
    store.mergeRemoteChanges(() => {
      if (toRemove.length > 0) store.remove(toRemove);
      if (toPut.length > 0) store.put(toPut);
    });
  };
  records.observe(onDocChange);

  return () => {
    // The store hands changes to listeners once per animation frame: send what is pending first.
    store._flushHistory();
    stopListening();
    records.unobserve(onDocChange);
  };
}

/**
 * Replaces the store's document records with the doc's, migrated. Returns the ids to remove from
 * the doc: records a migration deleted, and `user:` records that a client should never have shared.
 * A record that fails validation is reported and left in the doc, in case a newer client wrote it.
 */
function loadDocIntoStore(
  store: TLStore,
  records: Y.Map<TLRecord>,
  storedSchema: SerializedBoardSchema | undefined,
  isShared: (record: TLRecord) => boolean,
  onRejectedRecord: (record: unknown, error: unknown) => void,
): string[] {
  if (records.size === 0) return [];
  const snapshot: Record<string, TLRecord> = {};
  const dropped: string[] = [];
  for (const [id, record] of records.entries()) {
    if (record.typeName === "user") dropped.push(id);
    else snapshot[id] = record;
  }
  // Without a stored schema we cannot know what to migrate from: take the records as current.
  const migrated = store.schema.migrateStoreSnapshot({
    schema: storedSchema ?? store.schema.serialize(),
    store: snapshot as Record<RecordId, TLRecord>,
  });
  if (migrated.type === "error") {
    throw new BoardSchemaError(`board records cannot be migrated to this version (${migrated.reason})`);
  }
  const loaded = migrated.value as Record<string, TLRecord>;
  for (const id of Object.keys(snapshot)) if (!(id in loaded)) dropped.push(id);

  const valid = Object.values(loaded).filter((record) => {
    try {
      store.schema.validateRecord(store, record, "initialize", null);
      return true;
    } catch (error) {
      onRejectedRecord(record, error);
      return false;
    }
  });
  store.mergeRemoteChanges(() => {
    const stale = store.allRecords().filter((record) => isShared(record) && !(record.id in loaded));
    if (stale.length > 0) store.remove(stale.map((record) => record.id));
    store.put(valid);
  });
  return dropped;
}

/** True when the doc has no schema yet or one this store knows migrations from. */
function isOlderSchema(store: TLStore, storedSchema: SerializedBoardSchema | undefined): boolean {
  if (!storedSchema) return true;
  const since = store.schema.getMigrationsSince(storedSchema);
  return since.ok && since.value.length > 0;
}

function sameRecord(a: TLRecord | undefined, b: TLRecord): boolean {
  return a !== undefined && (a === b || JSON.stringify(a) === JSON.stringify(b));
}
