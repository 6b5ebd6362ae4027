// Who owns which record on a live board, as the server knows it (issue 15, point 4): the doc's
// authorship ledger (docs/decisions/009), which only the server writes, then the server-only ledger
// of anonymous steps (HiddenAuthorship rows, never in the doc). The one place the board server reads
// ownership from to let a person edit, withdraw or erase their cards; never from a message.
import type { TLRecord } from "@tldraw/tlschema";
import type * as Y from "yjs";
import { plainText } from "../../board-core/cards.js";
import { boardAuthors, boardRecords, type RecordAuthor } from "../../board-core/shared-doc.js";

/** A card as its author sees it in "Mes cartes". */
export interface OwnCard {
  id: string;
  text: string;
}

export class OwnCards {
  private readonly records: Y.Map<TLRecord>;
  private readonly authors: Y.Map<RecordAuthor>;
  /** author key → ids of the records the ledger files under it, kept up to date from the ledger. */
  private index: Map<string, Set<string>> | null = null;
  /** Author keys whose records changed since {@link takeChanged} was last asked. */
  private changed = new Set<string>();

  constructor(
    doc: Y.Doc,
    /** Record id → author key for cards of anonymous steps; the room holds it (loaded from the store). */
    private readonly hidden: Map<string, string>,
  ) {
    this.records = boardRecords(doc);
    this.authors = boardAuthors(doc);
    this.authors.observe(this.ledgerChanged);
    this.records.observe(this.recordsChanged);
  }

  /** Who wrote a record: the doc's ledger, else the hidden one. */
  ownerKeyOf(recordId: string): string | undefined {
    return this.authors.get(recordId)?.by ?? this.hidden.get(recordId);
  }

  /** The ids of the records on the board that `authorKey` wrote. */
  recordsOf(authorKey: string): string[] {
    const ids = new Set<string>();
    for (const id of this.byAuthor().get(authorKey) ?? []) if (this.records.has(id)) ids.add(id);
    for (const [id, by] of this.hidden) if (by === authorKey && this.records.has(id)) ids.add(id);
    return [...ids];
  }

  /** The notes `authorKey` wrote, in reading order on the board (top to bottom, then left to right). */
  cardsOf(authorKey: string): OwnCard[] {
    const notes: Extract<TLRecord, { type: "note" }>[] = [];
    for (const id of this.recordsOf(authorKey)) {
      const record = this.records.get(id);
      if (record?.typeName === "shape" && record.type === "note") notes.push(record);
    }
    return notes.sort((a, b) => a.y - b.y || a.x - b.x).map((note) => ({ id: note.id, text: plainText(note.props.richText) }));
  }

  /** Author keys whose records were created, changed or removed since the last call. */
  takeChanged(): Set<string> {
    const changed = this.changed;
    this.changed = new Set();
    return changed;
  }

  destroy(): void {
    this.authors.unobserve(this.ledgerChanged);
    this.records.unobserve(this.recordsChanged);
  }

  private byAuthor(): Map<string, Set<string>> {
    if (!this.index) {
      this.index = new Map();
      for (const [id, { by }] of this.authors.entries()) this.file(id, by);
    }
    return this.index;
  }

  private file(id: string, by: string): void {
    const index = this.index!;
    let ids = index.get(by);
    if (!ids) index.set(by, (ids = new Set()));
    ids.add(id);
  }

  private readonly ledgerChanged = (event: Y.YMapEvent<RecordAuthor>): void => {
    for (const [id, change] of event.changes.keys) {
      const old = change.oldValue as RecordAuthor | undefined;
      if (old) {
        this.index?.get(old.by)?.delete(id);
        this.changed.add(old.by);
      }
      const now = this.authors.get(id);
      if (now) {
        if (this.index) this.file(id, now.by);
        this.changed.add(now.by);
      }
    }
  };

  private readonly recordsChanged = (event: Y.YMapEvent<TLRecord>): void => {
    for (const id of event.keysChanged) {
      const owner = this.ownerKeyOf(id);
      if (owner !== undefined) this.changed.add(owner);
    }
  };
}
