// Every change to a live board goes through here, one batch at a time: client updates (judged by
// the update guard), records the server writes (phone cards, reveals, vote badges) and compaction.
// A batch is applied to the room's doc inside one transaction whose resulting update is *held*:
// stored first, then relayed, and no sync reply is sent while one is held. So nobody ever sees a
// state that is not stored, and a server write costs what it changes, not a copy of the board.
// If the store fails after a batch was applied, the doc holds something the store does not: the
// room is given up (every connection closed with 1011) and the next connection reloads it.
import type { TLRecord } from "@tldraw/tlschema";
import * as Y from "yjs";
import { BOARD_SCHEMA_KEY, boardAuthors, boardMeta, boardRecords } from "../../board-core/shared-doc.js";
import type { BoardStore } from "./board-store.js";
import {
  boardSchema,
  isReadableSchema,
  isValidRecord,
  UpdateGuard,
  UpdateRefused,
  type BoardPermissions,
  type UpdateRefusal,
  type Writer,
} from "./update-guard.js";

/** What the writes need from their room. */
export interface WriteHost<C> {
  writerOf(connection: C): Writer;
  permissions(): BoardPermissions;
  /** False once the connection has left: its queued updates are dropped. */
  isConnected(connection: C): boolean;
  /** Sends a stored update to every connection showing the board, except `except`. */
  relay(update: Uint8Array, except: C | null): void;
  /** Tells the sender which of its changes were undone (the undoing reaches its canvas with the relay). */
  refused(connection: C, reasons: Set<UpdateRefusal>): void;
  /** Closes a connection that sent what no honest client sends. */
  reject(connection: C, why: string): void;
  /** The store failed after the doc changed: close everyone and unload the room. */
  broken(): void;
  onWarning(message: string, error?: unknown): void;
}

interface Held<C> {
  updates: { update: Uint8Array; origin: unknown }[];
  /** Sync replies asked for while the batch was held: sent once it is stored. */
  waiting: (() => void)[];
  /** The only connection that does not need the result back (it sent all of it), if any. */
  except: C | null;
}

/**
 * A record the server writes, and who it is written for: shown as the card's author, or, for a card
 * of an anonymous step, `hiddenAuthorKey`, kept by the server alone (HiddenAuthorship).
 */
export interface ServerWrite {
  record: TLRecord;
  author?: { authorKey: string; name: string };
  hiddenAuthorKey?: string;
}

/**
 * A client that edits while its first sync exchange is on the way (after a reconnection) sends its new
 * edits before the ones it made offline, which come with its sync reply (y-websocket sends an edit as
 * soon as it is made): they build on what the server has not received yet. Between a connection's
 * first sync request and its sync reply, and only then, such updates wait here, bounded, and are
 * applied once the reply brings what they build on; instead of the connection being closed (1007) and
 * reconnecting again (found after a failover: a fifth of the writers took a second reconnection).
 * Outside that window, or past these bounds, an update that builds on the unknown is refused as before.
 */
const PARKED_MAX_UPDATES = 64;
const PARKED_MAX_BYTES = 256 * 1024;
/** What they build on must come within this time, and within this many retries, or the connection is closed. */
const PARKED_MAX_MS = 5_000;
const PARKED_MAX_RETRIES = 8;
const NEVER_RECEIVED = "depends on updates the server never received";

interface Parked {
  updates: Uint8Array[];
  bytes: number;
  retries: number;
  timer: NodeJS.Timeout;
}

export class RoomWrites<C> {
  private pending: { connection: C; update: Uint8Array; syncReply?: boolean }[] = [];
  private readonly parked = new Map<C, Parked>();
  /** Connections that asked to sync and have not sent their own reply yet: the window for parking. */
  private readonly awaitingReply = new Set<C>();
  /** Connections whose first sync reply came: a later request opens no window. */
  private readonly replied = new WeakSet<object>();
  private flushScheduled = false;
  /** Batches and compactions run one at a time, in order, through this chain. */
  private work: Promise<void> = Promise.resolve();
  private held: Held<C> | null = null;
  private dead = false;
  readonly guard: UpdateGuard;

  constructor(
    private readonly doc: Y.Doc,
    private readonly boardId: string,
    private readonly store: BoardStore,
    private readonly host: WriteHost<C>,
    presenceOwner: (clientId: number) => string | undefined,
    hiddenAuthors?: Map<string, string>,
  ) {
    this.guard = new UpdateGuard(doc, presenceOwner, hiddenAuthors);
    doc.on("update", this.capture);
  }

  /** A connection's sync request: until its own reply comes, updates that build on it may wait (PARKED_*). */
  expectSyncReply(connection: C): void {
    if (!this.replied.has(connection as object)) this.awaitingReply.add(connection);
  }

  /** A connection that left: nothing of it waits any more. */
  forget(connection: C): void {
    this.awaitingReply.delete(connection);
    this.unpark(connection);
  }

  /** Stops a connection's waiting: its timer and whatever it parked. */
  private unpark(connection: C): void {
    const parked = this.parked.get(connection);
    if (parked) clearTimeout(parked.timer);
    this.parked.delete(connection);
  }

  /** Queues a client's update; frames that arrive in the same turn of the event loop form one batch. */
  enqueue(connection: C, update: Uint8Array, syncReply = false): void {
    if (this.dead) return;
    this.pending.push({ connection, update, syncReply });
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      void this.exclusive(() => this.flush()).catch(() => undefined);
    });
  }

  /** Writes records as the server; resolves once they are stored and relayed. */
  writeRecords(writes: ServerWrite[]): Promise<void> {
    const hidden = writes.flatMap(({ record, hiddenAuthorKey }) =>
      hiddenAuthorKey ? [{ recordId: record.id, authorKey: hiddenAuthorKey }] : [],
    );
    return this.exclusive(async () => {
      // Who wrote an anonymous card is stored first: a card on the board always has its row, so
      // that its author can withdraw it (a row whose card never got stored goes at closing).
      await this.store.keepHiddenAuthors(this.boardId, hidden);
      await this.commit(() => {
        this.doc.transact(() => {
          const records = boardRecords(this.doc);
          for (const { record, author, hiddenAuthorKey } of writes) {
            records.set(record.id, record);
            if (author) this.guard.attribute(record.id, author);
            else if (hiddenAuthorKey) this.guard.attributeHidden(record.id, hiddenAuthorKey);
          }
        });
        return null;
      });
    });
  }

  /**
   * Removes records as the server (a card withdrawn by its author, an erased person's records),
   * with their entries in the authorship ledger and the bindings that point at them: stored, then
   * relayed. Resolves with the ids that were there.
   */
  removeRecords(ids: Iterable<string>): Promise<string[]> {
    const wanted = new Set(ids);
    let removed: string[] = [];
    return this.exclusive(() =>
      this.commit(() => {
        this.doc.transact(() => {
          const records = boardRecords(this.doc);
          removed = [...wanted].filter((id) => records.has(id));
          for (const [key, record] of [...records.entries()]) {
            const { fromId, toId } = record as { fromId?: unknown; toId?: unknown };
            if (record.typeName === "binding" && (wanted.has(String(fromId)) || wanted.has(String(toId)))) records.delete(key);
          }
          for (const id of removed) records.delete(id);
          const authors = boardAuthors(this.doc);
          for (const id of wanted) if (authors.has(id)) authors.delete(id);
        });
        return null;
      }),
    ).then(() => removed);
  }

  /**
   * Brings a board written before these rules (or by a broken client) back to what the canvas can
   * read: records that are not valid tldraw records are removed, and a schema marker it cannot
   * migrate from is replaced by the current one. Stored like any write.
   */
  repair(): Promise<void> {
    return this.exclusive(() =>
      this.commit(() => {
        this.doc.transact(() => {
          const records = boardRecords(this.doc);
          for (const [key, record] of [...records.entries()]) if (!isValidRecord(key, record)) records.delete(key);
          const meta = boardMeta(this.doc);
          if (!isReadableSchema(meta.get(BOARD_SCHEMA_KEY))) meta.set(BOARD_SCHEMA_KEY, boardSchema().serialize());
        });
        return null;
      }),
    );
  }

  /** Runs `send` now, or once the batch being stored is (a sync reply must not show unstored state). */
  whenStored(send: () => void): void {
    if (this.held) this.held.waiting.push(send);
    else send();
  }

  /** Resolves once everything queued so far is stored and relayed. */
  async settle(): Promise<void> {
    for (;;) {
      await this.work;
      if (this.pending.length === 0) return;
      await this.exclusive(() => this.flush()).catch(() => undefined);
    }
  }

  /** Runs `task` after every batch before it, and before any after it. */
  exclusive(task: () => Promise<void>): Promise<void> {
    const run = this.work.then(task);
    this.work = run.catch(() => undefined);
    return run;
  }

  destroy(): void {
    this.dead = true;
    this.doc.off("update", this.capture);
    for (const { timer } of this.parked.values()) clearTimeout(timer);
    this.parked.clear();
    this.awaitingReply.clear();
  }

  /** Keeps an update that builds on what its connection has not sent yet; false when over the bounds. */
  private park(connection: C, update: Uint8Array): boolean {
    let parked = this.parked.get(connection);
    if (!parked) {
      const timer = setTimeout(() => {
        if (!this.parked.delete(connection) || this.dead) return;
        if (this.host.isConnected(connection)) this.host.reject(connection, NEVER_RECEIVED);
      }, PARKED_MAX_MS);
      timer.unref();
      parked = { updates: [], bytes: 0, retries: 0, timer };
      this.parked.set(connection, parked);
    }
    if (parked.updates.length >= PARKED_MAX_UPDATES || parked.bytes + update.byteLength > PARKED_MAX_BYTES) return false;
    parked.updates.push(update);
    parked.bytes += update.byteLength;
    return true;
  }

  /**
   * The parked updates of connections that just got something through go back in line, before the
   * rest; returns those connections. The connection keeps its entry (timer, retries) until a batch
   * leaves nothing of it parked.
   */
  private retryParked(progressed: Set<C>, rejected: Map<C, string>): Set<C> {
    const retrying = new Set<C>();
    const retry: { connection: C; update: Uint8Array }[] = [];
    for (const connection of progressed) {
      const parked = this.parked.get(connection);
      if (!parked || rejected.has(connection)) continue;
      if (++parked.retries > PARKED_MAX_RETRIES) {
        rejected.set(connection, NEVER_RECEIVED);
        continue;
      }
      const updates = parked.updates.splice(0);
      parked.bytes = 0;
      if (updates.length > 0) retrying.add(connection);
      for (const update of updates) retry.push({ connection, update });
    }
    this.pending = [...retry, ...this.pending];
    return retrying;
  }

  /** A connection with nothing parked any more, and nothing being retried, stops waiting. */
  private settleParked(retrying: Set<C>): void {
    for (const [connection, parked] of this.parked) {
      if (parked.updates.length === 0 && !retrying.has(connection)) this.unpark(connection);
    }
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0 && !this.dead) {
      const batch = this.pending.filter((entry) => this.host.isConnected(entry.connection));
      this.pending = [];
      const rejected = new Map<C, string>();
      const refusals = new Map<C, Set<UpdateRefusal>>();
      /** Connections with an update applied in this batch: what they parked may now go through. */
      const progressed = new Set<C>();
      await this.commit(() => {
        const permissions = this.host.permissions();
        this.guard.takeWrote();
        this.doc.transact((transaction) => {
          // Yjs marks a transaction that applied an update as remote, and a remote transaction that
          // advanced this doc's own client id as a collision: it would then pick a new id for the
          // server after every batch it wrote in. The server is the only writer under its id.
          const markLocal = () => void (transaction.local = true);
          for (const { connection, update, syncReply } of batch) {
            if (rejected.has(connection)) continue;
            // Its reply closes the window, applied or not: what still builds on the unknown is refused after it.
            if (syncReply && this.awaitingReply.delete(connection)) this.replied.add(connection as object);
            try {
              const undone = this.guard.apply(update, this.host.writerOf(connection), permissions);
              if (undone.size > 0) refusals.set(connection, new Set([...(refusals.get(connection) ?? []), ...undone]));
              progressed.add(connection);
            } catch (error) {
              const waits = error instanceof UpdateRefused && error.missing && this.awaitingReply.has(connection);
              if (waits && this.park(connection, update)) continue;
              rejected.set(connection, error instanceof UpdateRefused ? error.message : "unreadable update");
            }
          }
          markLocal();
        });
        // A batch whose every update came from one connection, with nothing undone or attributed by
        // the server, need not go back to it: its canvas already shows all of it.
        const senders = new Set(batch.map((entry) => entry.connection));
        const [only] = senders;
        return senders.size === 1 && !this.guard.takeWrote() ? only : null;
      });
      this.settleParked(this.retryParked(progressed, rejected));
      for (const [connection, reasons] of refusals) this.host.refused(connection, reasons);
      for (const [connection, why] of rejected) {
        this.unpark(connection);
        this.host.reject(connection, why);
      }
    }
  }

  /**
   * Applies a batch (`apply` returns the connection that need not get it back), stores what it
   * changed, then relays it and answers the sync requests that waited.
   */
  private async commit(apply: () => C | null): Promise<void> {
    const held: Held<C> = { updates: [], waiting: [], except: null };
    this.held = held;
    try {
      held.except = apply();
    } catch (error) {
      // Yjs threw halfway through a transaction: the doc may no longer be what any update made it.
      // Nothing of it is stored or relayed; the room is given up and reloaded from the store.
      this.held = null;
      this.dead = true;
      this.host.onWarning(`board ${this.boardId}: a write failed while applied, room closed`, error);
      this.host.broken();
      throw error;
    }
    if (held.updates.length > 0) {
      try {
        await this.store.append(
          this.boardId,
          held.updates.map((entry) => entry.update),
        );
      } catch (error) {
        this.held = null;
        this.dead = true;
        this.host.onWarning(`board ${this.boardId}: could not store a write, room closed`, error);
        this.host.broken();
        throw error;
      }
    }
    this.held = null;
    for (const { update } of held.updates) this.host.relay(update, held.except);
    for (const send of held.waiting) send();
  }

  private readonly capture = (update: Uint8Array, origin: unknown): void => {
    if (this.held) {
      this.held.updates.push({ update, origin });
      return;
    }
    // Every change goes through commit(); one that did not would be relayed unstored.
    this.host.onWarning(`board ${this.boardId}: a change outside a write was ignored by the relay`);
  };
}
