// Who may write what on a board, decided from the connection the server authenticated: the
// update is analysed (update-analysis.ts), applied inside the room's write transaction, and every
// record or meta entry it changed is judged on what it now holds. A change that is not allowed is
// undone in the same transaction by a newer write of the value it had, so the stored board, every
// other screen and the sender's own canvas all end up on the allowed state (docs/decisions/009).
import { createTLSchema, type TLRecord, type TLSchema } from "@tldraw/tlschema";
import * as Y from "yjs";
import { PARTICIPANT_RECORDS_MAX, participantRefusal, type RightsRefusal } from "../../board-core/board-rights.js";
import {
  BOARD_META_MAP,
  BOARD_RECORDS_MAP,
  BOARD_SCHEMA_KEY,
  CLIENT_WRITABLE_MAPS,
  boardAuthors,
  boardMeta,
  boardRecords,
  boardWriters,
} from "../../board-core/shared-doc.js";
import { analyseUpdate, UpdateRefused } from "./update-analysis.js";
import { boardDebug } from "../log.js";

export { UpdateRefused } from "./update-analysis.js";

/** Someone who writes on the board, as the server authenticated them. */
export interface Writer {
  role: "facilitator" | "participant";
  /** Opaque and stable for one person on one board (authorKeyOf, board-core/authorship.server.ts). */
  authorKey: string;
  name: string;
}

/** What the facilitator currently allows participants. */
export interface BoardPermissions {
  boardLocked: boolean;
  sorting: boolean;
}

export type UpdateRefusal = RightsRefusal | "invalid-record" | "too-many-cards";

let schema: TLSchema | undefined;
/** The tldraw schema of the app's canvas (default shapes; our frame only changes how it looks). */
export function boardSchema(): TLSchema {
  schema ??= createTLSchema();
  return schema;
}

/** True when `record` is a valid tldraw record stored under `key` (and a valid successor of `before`). */
export function isValidRecord(key: string, record: unknown, before?: TLRecord): record is TLRecord {
  if (typeof record !== "object" || record === null || (record as { id?: unknown }).id !== key) return false;
  const types = boardSchema().types as Record<string, { validate(record: unknown, before?: TLRecord): unknown } | undefined>;
  const type = types[String((record as { typeName?: unknown }).typeName)];
  if (!type) return false;
  try {
    type.validate(record, before);
    return true;
  } catch (error) {
    boardDebug("record refused: invalid for its type", error);
    return false;
  }
}

/** True when the current canvas can open a board that says it was written with `value`. */
export function isReadableSchema(value: unknown): boolean {
  if (typeof value !== "object" || value === null || !("schemaVersion" in value)) return false;
  try {
    return boardSchema().getMigrationsSince(value as Parameters<TLSchema["getMigrationsSince"]>[0]).ok;
  } catch {
    return false;
  }
}

const WRITABLE = new Set(CLIENT_WRITABLE_MAPS);

export class UpdateGuard {
  private readonly records: Y.Map<TLRecord>;
  private readonly meta: Y.Map<unknown>;
  private readonly authors;
  private readonly writers;
  /** Records created per author key, counted from the ledger once, then kept up to date. */
  private created: Map<string, number> | null = null;
  /** Whether the server wrote something itself (undoing, the ledger) since {@link takeWrote} was last asked. */
  private wrote = false;

  constructor(
    private readonly doc: Y.Doc,
    /** Who speaks, in presence, for a Yjs client id (the same id a browser writes with). */
    private readonly presenceOwner: (clientId: number) => string | undefined,
    /**
     * Who wrote the cards of anonymous steps (record id → author key): kept by the server alone
     * (HiddenAuthorship), never in the doc, so that no other client can tell them from the rest.
     * The room's own map (Room.hiddenAuthors, read by Room.ownerKeyOf): filed here, counted here.
     */
    private readonly hidden: Map<string, string> = new Map(),
  ) {
    this.records = boardRecords(doc);
    this.meta = boardMeta(doc);
    this.authors = boardAuthors(doc);
    this.writers = boardWriters(doc);
  }

  /**
   * Applies a client's update; call it inside a transaction of the doc. Returns why parts of it were
   * undone (empty when none was). Throws {@link UpdateRefused}, having applied nothing, when the
   * update is not one an honest client sends.
   */
  apply(update: Uint8Array, writer: Writer, permissions: BoardPermissions): Set<UpdateRefusal> {
    const touches = analyseUpdate(update, this.doc, { writableRoots: WRITABLE, reservedClients: new Set([this.doc.clientID]) });
    for (const clientId of touches.writers) {
      const owner = this.writers.get(String(clientId)) ?? this.presenceOwner(clientId);
      if (owner !== undefined && owner !== writer.authorKey) throw new UpdateRefused("writes as another client");
    }
    const recordKeys = [...(touches.keys.get(BOARD_RECORDS_MAP) ?? [])];
    const metaKeys = [...(touches.keys.get(BOARD_META_MAP) ?? [])];
    const before = new Map(recordKeys.map((key) => [key, { value: this.records.get(key), existed: hasKey(this.records, key) }]));
    const metaBefore = new Map(metaKeys.map((key) => [key, this.meta.get(key)]));

    let unreadable = false;
    try {
      Y.applyUpdate(this.doc, update);
    } catch (error) {
      boardDebug("update partly unreadable: what it changed is judged", error);
      unreadable = true; // part of it may be in: what it changed is still judged below
    }
    // The analysis refuses what Yjs would keep pending; never let anything wait for a later update.
    this.doc.store.pendingStructs = null;
    this.doc.store.pendingDs = null;

    const refusals = new Set<UpdateRefusal>();
    for (const [key, previous] of metaBefore) {
      const value = this.meta.get(key);
      if (value === previous) continue;
      const allowed = writer.role === "facilitator" && key === BOARD_SCHEMA_KEY && isReadableSchema(value);
      if (allowed) continue;
      restore(this.meta, key, previous);
      this.wrote = true;
      refusals.add(writer.role === "facilitator" ? "invalid-record" : "not-allowed");
    }
    for (const [key, { value: previous, existed }] of before) {
      const value = this.records.get(key);
      if (value === previous) continue;
      const refusal = this.judge(key, previous, value, existed, writer, permissions);
      if (refusal) {
        restore(this.records, key, previous);
        this.wrote = true;
        refusals.add(refusal);
      } else if (!existed && value !== undefined) {
        this.attribute(key, writer);
      }
    }
    for (const clientId of touches.writers) {
      if (this.writers.has(String(clientId))) continue;
      this.writers.set(String(clientId), writer.authorKey);
      this.wrote = true;
    }
    if (unreadable) throw new UpdateRefused("unreadable update");
    return refusals;
  }

  /** True when the server wrote something of its own since the last call (the sender must get it too). */
  takeWrote(): boolean {
    const wrote = this.wrote;
    this.wrote = false;
    return wrote;
  }

  /** Files records the server writes for someone (a card posted from a phone, a revealed card). */
  attribute(recordId: string, author: { authorKey: string; name: string }): void {
    if (this.authors.has(recordId)) return;
    this.authors.set(recordId, { by: author.authorKey, name: author.name });
    this.wrote = true;
    this.countCreation(author.authorKey);
  }

  /** Files a card of an anonymous step under its author for the server alone (the doc says nothing). */
  attributeHidden(recordId: string, authorKey: string): void {
    if (this.authors.has(recordId) || this.hidden.has(recordId)) return;
    this.hidden.set(recordId, authorKey);
    this.countCreation(authorKey);
  }

  private judge(
    key: string,
    previous: TLRecord | undefined,
    value: TLRecord | undefined,
    existed: boolean,
    writer: Writer,
    permissions: BoardPermissions,
  ): UpdateRefusal | null {
    if (writer.role === "participant") {
      const owner = (id: string) => this.authors.get(id)?.by === writer.authorKey;
      const refusal = participantRefusal(previous, value, {
        existed,
        mine: owner(key),
        owns: owner,
        sorting: permissions.sorting,
        boardLocked: permissions.boardLocked,
      });
      if (refusal) return refusal;
      if (!existed && this.createdBy(writer.authorKey) >= PARTICIPANT_RECORDS_MAX) return "too-many-cards";
    }
    if (value !== undefined && !isValidRecord(key, value, previous)) return "invalid-record";
    return null;
  }

  private createdBy(authorKey: string): number {
    return this.counts().get(authorKey) ?? 0;
  }

  private countCreation(authorKey: string): void {
    const counts = this.counts();
    counts.set(authorKey, (counts.get(authorKey) ?? 0) + 1);
  }

  private counts(): Map<string, number> {
    if (!this.created) {
      this.created = new Map();
      for (const { by } of this.authors.values()) this.created.set(by, (this.created.get(by) ?? 0) + 1);
      for (const by of this.hidden.values()) this.created.set(by, (this.created.get(by) ?? 0) + 1);
    }
    return this.created;
  }
}

/** Whether a map ever held `key` (its value may have been deleted since). */
function hasKey<T>(map: Y.Map<T>, key: string): boolean {
  // Yjs keeps the last item of every key it has seen, deleted or not, in `_map`.
  return (map as unknown as { _map: Map<string, unknown> })._map.has(key);
}

/** Writes back what a key held, as a newer write, so that it wins everywhere. */
function restore<T>(map: Y.Map<T>, key: string, previous: T | undefined): void {
  if (previous !== undefined) map.set(key, previous);
  else if (map.has(key)) map.delete(key);
}
