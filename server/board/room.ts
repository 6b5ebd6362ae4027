import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { AwarenessRelay, DEFAULT_AWARENESS_RELAY, type AwarenessRelayOptions } from "./awareness-relay.js";
import { boardRecords } from "../../board-core/shared-doc.js";
import type { BoardStore } from "./board-store.js";
import { Facilitation } from "./facilitation.js";
import { Agenda, type BoardPerson } from "../../board-core/facilitation-state.js";
import { budgetsWith, messageKind, RoomBudget, type BoardBudgets, type ConnectionBudget, type OverBudget } from "./budgets.js";
import { decodeClientMessage, encodeUpdate, ProtocolError } from "./protocol.js";
import { PresenceGuard } from "./presence-guard.js";
import { SyncCache } from "./sync-cache.js";
import type { Compactor } from "./compactor.js";
import { RoomCompaction } from "./room-compaction.js";
import { RoomWrites, type ServerWrite } from "./room-writes.js";
import { authorKeyOf } from "../../board-core/authorship.server.js";
import { type UpdateRefusal, type Writer } from "./update-guard.js";
import { boardDebug } from "../log.js";
import { OwnCards } from "./own-cards.js";
import { rewrittenNote } from "../../board-core/cards.js";
import type { Refusal } from "../../board-core/facilitation-protocol.js";

/** One end of a board WebSocket, as the room sees it. */
export interface BoardConnection {
  /**
   * `"sync"` marks the reply to a sync request (at most one per connection at a time, often the
   * whole board): the socket lets it past its buffered-bytes limit while it drains. `written`, if
   * given, is called once the socket has taken the frame (or failed to: closed).
   */
  send(frame: Uint8Array, kind?: "sync", written?: () => void): void;
  close(code: number, reason: string): void;
  /** Who the server authenticated; without one, a participant with no name. */
  person?: BoardPerson;
  /** False for the phone screen, which shows no canvas: it gets facilitation messages only. */
  receivesDoc?: boolean;
  /** The client said it can inflate a gzipped whole board (`?sync=gzip`, board-core/compressed-sync.ts). */
  acceptsGzip?: boolean;
}

const DEFAULT_COMPACT_AFTER_BYTES = 1024 * 1024;
/**
 * How a room paces its sync replies (issue 19): a storm of newcomers onto a big board is written a
 * few boards at a time, not 400 × 8 MiB at once, while edits are relayed to everyone at once.
 */
export interface SyncReplyLimits {
  /** Reply bytes handed to sockets and not written yet past which the next reply waits. */
  maxBytesInFlight: number;
  /** A reply stops counting after this long even if unwritten: a slow reader drains at its own pace. */
  holdMs: number;
}

export const DEFAULT_SYNC_REPLIES: SyncReplyLimits = { maxBytesInFlight: 16 * 1024 * 1024, holdMs: 500 };

const NOBODY: BoardPerson = { key: "anonymous", role: "participant", name: "?" };

export interface RoomOptions {
  compactAfter: number;
  /** Bytes stored since the last snapshot after which the log is folded too (default 1 MiB). */
  compactAfterBytes?: number;
  /** The worker that merges for newcomers off the main thread (owned by the registry). */
  compactor: Compactor;
  /** The worker, at a lower priority, that folds the log into the snapshot (default: `compactor`). */
  folder?: Compactor;
  /** Updates (and, separately, presence messages) a connection may send per second, bursts of twice that. */
  maxMessagesPerSecond: number;
  /** Every other budget (docs/decisions/008); its update and presence rates give way to the one above. */
  budgets?: Partial<BoardBudgets>;
  /** Awareness client ids one connection may announce. */
  maxPresenceIds?: number;
  awareness?: AwarenessRelayOptions;
  /** How sync replies are paced (default DEFAULT_SYNC_REPLIES). */
  syncReplies?: SyncReplyLimits;
  onWarning: (message: string, error?: unknown) => void;
  /** The room could not store a change it had applied: the registry must drop it (it reloads from the store). */
  onBroken?: () => void;
}

/** WebSocket close codes the room uses, each with the reason the client is given. */
export const CLOSE = {
  invalidMessage: { code: 1007, reason: "message invalide" },
  tooManyMessages: { code: 1008, reason: "trop de messages, ralentissez" },
  tooManyBytes: { code: 1008, reason: "trop de données envoyées, ralentissez" },
  roomBusy: { code: 1008, reason: "tableau trop sollicité, ralentissez" },
  messageTooLarge: { code: 1009, reason: "message trop grand" },
  storageFailed: { code: 1011, reason: "enregistrement impossible, reconnexion" },
} as const;

interface ConnectionState {
  budget: ConnectionBudget;
  /** The state vector of a sync request not answered yet: later requests replace it (one reply). */
  syncRequest: Uint8Array | null;
  /** Whether the log already says this connection wrote presence it does not own (said once). */
  presenceRefused: boolean;
}

function closeFor(over: OverBudget): { code: number; reason: string } {
  if (over === "bytes") return CLOSE.tooManyBytes;
  return over.startsWith("room") ? CLOSE.roomBusy : CLOSE.tooManyMessages;
}

/**
 * A live board: the Yjs document as it is durably stored, and the connections editing it.
 * Every change is stored before anyone sees it, and judged against who sent it (room-writes.ts).
 */
export class Room {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  private readonly connections = new Map<BoardConnection, ConnectionState>();
  private readonly presence: AwarenessRelay;
  private readonly writes: RoomWrites<BoardConnection>;
  /** Who each connection writes as, derived once from who the server authenticated. */
  private readonly writers = new WeakMap<BoardConnection, Writer>();
  private readonly compaction: RoomCompaction;
  private isBroken = false;
  private readonly replies: (() => void)[] = [];
  private replying = false;
  private syncBytesInFlight = 0;
  readonly facilitation: Facilitation;
  /**
   * One Yjs client id for everything the server writes in this room: a revealed anonymous card
   * carries it like every other server write, so it says nothing of who wrote the card.
   */
  private readonly serverClientId = new Y.Doc().clientID;
  private readonly syncCache: SyncCache;
  /**
   * Record id → author key of the cards posted in anonymous steps: known to the server alone (the
   * HiddenAuthorship rows), never written into the doc. Read through {@link ownerKeyOf} only.
   */
  readonly hiddenAuthors: Map<string, string>;
  /** Who owns which record (the ledger, then the hidden one), and each person's cards. */
  readonly owners: OwnCards;
  /** Created on first use: field initialisers run before the constructor's parameters are stored. */
  private defences: { budget: RoomBudget; presence: PresenceGuard } | null = null;

  constructor(
    readonly sessionId: string,
    readonly boardId: string,
    private readonly store: BoardStore,
    private readonly options: RoomOptions,
    initial: {
      snapshot: Uint8Array | null;
      updates: Uint8Array[];
      agenda?: unknown;
      facilitation?: unknown;
      hiddenAuthors?: Map<string, string>;
      /** The board already applied (board-load.ts, for a big one); else the room applies snapshot and updates. */
      doc?: Y.Doc | null;
    },
  ) {
    this.doc = initial.doc ?? new Y.Doc();
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.hiddenAuthors = new Map(initial.hiddenAuthors);
    this.owners = new OwnCards(this.doc, this.hiddenAuthors);
    this.doc.clientID = this.serverClientId;
    this.awareness.setLocalState(null);
    if (!initial.doc) this.loadStored(initial.snapshot ? [initial.snapshot, ...initial.updates] : initial.updates);
    this.syncCache = new SyncCache(this.doc, this.awareness, options.compactor, boardId, initial.snapshot, initial.updates);
    this.facilitation = new Facilitation(Agenda.parse(initial.agenda), initial.facilitation ?? null, {
      records: () => [...boardRecords(this.doc).values()],
      write: async (writes) => {
        // Once the session is closed nobody may take a card back: who wrote an anonymous one is not kept.
        const keepAuthors = !writes.some((write) => write.hiddenAuthor !== undefined) || !(await this.store.sessionClosed(sessionId));
        return this.writeRecords(
          writes.map(({ record, author, hiddenAuthor }) => ({
            record,
            author: author && { authorKey: authorKeyOf(boardId, author.key), name: author.name },
            hiddenAuthorKey: hiddenAuthor === undefined || !keepAuthors ? undefined : authorKeyOf(boardId, hiddenAuthor),
          })),
        );
      },
      save: (state) => this.store.saveFacilitation(this.boardId, state),
      repair: () => this.writes.repair(),
      authorKeyOf: (personKey) => authorKeyOf(boardId, personKey),
      changeOwnCard: (person, change) => this.changeOwnCard(person, change),
      cardsOf: (personKey) => this.owners.cardsOf(authorKeyOf(boardId, personKey)),
      changedAuthors: () => this.owners.takeChanged(),
      anonymityChanged: (anonymous) => {
        if (anonymous) this.hideParticipantsPresence();
      },
      onWarning: (message) => options.onWarning(`board ${boardId}: ${message}`),
    });
    this.writes = new RoomWrites<BoardConnection>(
      this.doc,
      boardId,
      store,
      {
        writerOf: (connection) => this.writerOf(connection),
        permissions: () => this.facilitation.permissions(),
        isConnected: (connection) => this.connections.has(connection),
        relay: (update, except) => {
          const frame = encodeUpdate(update);
          this.broadcast(frame, except);
          this.syncCache.stored(frame);
          this.facilitation.boardChanged();
        },
        refused: (connection, reasons) => this.tellRefused(connection, reasons),
        reject: (connection, why) => this.eject(connection, CLOSE.invalidMessage, why),
        broken: () => this.giveUp(),
        onWarning: (message) => options.onWarning(message),
      },
      (clientId) => {
        const personKey = this.guards.presence.ownerOf(clientId);
        return personKey === undefined ? undefined : authorKeyOf(boardId, personKey);
      },
      this.hiddenAuthors,
    );
    this.compaction = new RoomCompaction(boardId, store, options.folder ?? options.compactor, this.syncCache, {
      compactAfter: options.compactAfter,
      compactAfterBytes: options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER_BYTES,
      onWarning: options.onWarning,
    });
    this.presence = new AwarenessRelay(
      this.awareness,
      (frame) => this.broadcast(frame, null),
      options.awareness ?? DEFAULT_AWARENESS_RELAY,
    );
    this.compactInBackground();
  }

  /** True once the room gave up after a change it applied could not be stored. */
  get broken(): boolean {
    return this.isBroken;
  }

  get size(): number {
    return this.connections.size;
  }

  /** True when log entries were written since the last snapshot. */
  get hasUncompactedLog(): boolean {
    return this.syncCache.entriesSinceBaseline > 0;
  }

  join(connection: BoardConnection): void {
    this.connections.set(connection, { budget: this.guards.budget.connection(), syncRequest: null, presenceRefused: false });
    if (connection.receivesDoc !== false) {
      connection.send(this.syncCache.syncStep1());
      const presence = this.syncCache.presenceFrame();
      if (presence) connection.send(presence);
    }
    this.facilitation.join(connection, connection.person ?? NOBODY);
  }

  leave(connection: BoardConnection): void {
    const state = this.connections.get(connection);
    if (!state) return;
    this.connections.delete(connection);
    this.writes.forget(connection);
    this.facilitation.leave(connection);
    this.guards.budget.release(state.budget);
    const clientIds = this.guards.presence.release(connection);
    if (clientIds.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, clientIds, null);
  }

  /** Handles one frame; a frame that breaks the protocol closes its own connection only. */
  receive(connection: BoardConnection, frame: Uint8Array): void {
    const state = this.connections.get(connection);
    if (!state) return;
    let message;
    try {
      message = decodeClientMessage(frame);
    } catch (error) {
      const reason = error instanceof ProtocolError ? error.message : "malformed frame";
      return this.eject(connection, CLOSE.invalidMessage, reason);
    }
    // Every frame is charged to its connection and its room before it costs anything more.
    const kind = messageKind(message, frame.byteLength, this.guards.budget.budgets);
    if (kind === "too large") return this.eject(connection, CLOSE.messageTooLarge, "command size");
    const over = state.budget.charge(kind, frame.byteLength);
    if (over) return this.eject(connection, closeFor(over), over);
    switch (message.type) {
      case "sync-step-1":
        this.writes.expectSyncReply(connection);
        return this.answerSync(connection, state, message.stateVector);
      case "update":
        this.enqueueUnlessLocked(connection, message.update, message.syncReply);
        break;
      case "facilitation":
        return this.facilitation.receive(connection, message.text);
      case "awareness":
        return this.receivePresence(connection, state, message.update);
      case "query-awareness": {
        const presence = this.syncCache.presenceFrame();
        if (presence) connection.send(presence);
        break;
      }
    }
  }

  /**
   * Answers a sync request on the next turn of the event loop. Requests that arrive before it is
   * sent fold into it (the latest state vector wins: it asks for less), so one connection never has
   * more than one reply in the making; a newcomer's reply is the shared encoding of the whole board.
   */
  private answerSync(connection: BoardConnection, state: ConnectionState, stateVector: Uint8Array): void {
    const waiting = state.syncRequest !== null;
    state.syncRequest = stateVector;
    if (waiting) return;
    setImmediate(() => {
      const request = state.syncRequest;
      state.syncRequest = null;
      // Never while a batch is applied but not yet stored: the reply would show unstored state.
      this.writes.whenStored(() => {
        if (!request || this.connections.get(connection) !== state) return;
        void this.syncCache.syncStep2(request, connection.acceptsGzip === true).then((frames) =>
          this.reply(() => {
            if (this.connections.get(connection) !== state) return;
            const reply = frames ?? [this.syncCache.diff(request)];
            let bytes = 0;
            for (const frame of reply) bytes += frame.byteLength;
            this.syncBytesInFlight += bytes;
            let counted = true;
            let left = reply.length;
            const release = () => {
              if (!counted) return;
              counted = false;
              clearTimeout(hold);
              this.syncBytesInFlight -= bytes;
              this.nextReply();
            };
            const hold = setTimeout(release, (this.options.syncReplies ?? DEFAULT_SYNC_REPLIES).holdMs);
            hold.unref?.();
            for (const frame of reply) connection.send(frame, "sync", () => --left === 0 && release());
          }),
        );
      });
    });
  }

  /**
   * Sync replies go out one per turn of the event loop (and never while a batch is held), and only
   * while the replies handed to sockets and not written yet stay under `syncReplies.maxBytesInFlight`:
   * newcomers who waited for the same whole-board frame would otherwise all be written at once,
   * holding up the edits of everyone already there. The first reply in flight always goes.
   */
  private reply(send: () => void): void {
    this.replies.push(send);
    this.nextReply();
  }

  private nextReply(): void {
    if (this.replying || this.replies.length === 0) return;
    const limit = (this.options.syncReplies ?? DEFAULT_SYNC_REPLIES).maxBytesInFlight;
    if (this.syncBytesInFlight > 0 && this.syncBytesInFlight >= limit) return;
    this.replying = true;
    setImmediate(() => {
      const first = this.replies.shift();
      if (!first) {
        this.replying = false;
        return;
      }
      this.writes.whenStored(() => {
        try {
          first();
        } finally {
          this.replying = false;
          this.nextReply();
        }
      });
    });
  }

  /** Applies the sender's own presence entries, rewritten with its identity; others' are dropped. */
  private receivePresence(connection: BoardConnection, state: ConnectionState, update: Uint8Array): void {
    let filtered;
    try {
      const person = connection.person ?? NOBODY;
      const hideCursor = person.role === "participant" && this.facilitation.anonymous;
      filtered = this.guards.presence.filter(connection, person, update, hideCursor);
    } catch (error) {
      boardDebug(`board ${this.boardId}: unreadable presence`, error);
      return this.eject(connection, CLOSE.invalidMessage, "unreadable presence");
    }
    if (filtered.refused > 0 && !state.presenceRefused) {
      state.presenceRefused = true;
      this.options.onWarning(`board ${this.boardId}: refused presence a connection does not own`);
    }
    if (filtered.update) awarenessProtocol.applyAwarenessUpdate(this.awareness, filtered.update, connection);
  }

  /**
   * An anonymous step began: the participants' cursors, cameras and selections shown until now go.
   * Each browser answers the removal of its presence by announcing it again (y-protocols does), and
   * the guard relays that without the cursor while the step lasts: nobody sees who writes which card.
   */
  private hideParticipantsPresence(): void {
    const ids = this.guards.presence.clientIdsWhere((connection) => (connection as BoardConnection).person?.role !== "facilitator");
    if (ids.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, ids, null);
  }

  private get guards(): { budget: RoomBudget; presence: PresenceGuard } {
    this.defences ??= {
      budget: new RoomBudget(budgetsWith({ ...this.options.budgets, maxMessagesPerSecond: this.options.maxMessagesPerSecond })),
      presence: new PresenceGuard(this.sessionId, this.serverClientId, this.options.maxPresenceIds),
    };
    return this.defences;
  }

  private eject(connection: BoardConnection, close: { code: number; reason: string }, why: string): void {
    this.options.onWarning(`board ${this.boardId}: closed a connection (${why})`);
    this.leave(connection);
    connection.close(close.code, close.reason);
  }

  /** Resolves once every update and command received so far is stored and applied. */
  async settle(): Promise<void> {
    await this.facilitation.settle();
    await this.writes.settle();
    this.compactInBackground();
  }

  /** Folds the stored log into one snapshot, off the main thread (room-compaction.ts); edits go on. */
  compact(): Promise<void> {
    return this.compaction.run();
  }

  /** Writes records as the server (attributed to the person they are written for): stored, then relayed. */
  async writeRecords(writes: ServerWrite[]): Promise<void> {
    await this.writes.writeRecords(writes);
    this.compactInBackground();
  }

  /**
   * Who wrote a record, as the server knows it: the doc's authorship ledger, else the server-only
   * one of anonymous steps. The one place the board server reads ownership from for withdrawing,
   * editing and erasing; never from a message.
   */
  ownerKeyOf(recordId: string): string | undefined {
    return this.owners.ownerKeyOf(recordId);
  }

  /**
   * Removes records for everyone (stored, then relayed), with their authorship. `folded` resolves
   * once the log is folded from then on, so that their text is kept neither in the log nor in the
   * snapshot (a failed fold leaves it to the next one, and says so).
   */
  async removeRecords(ids: string[]): Promise<{ removed: string[]; folded: Promise<void> }> {
    const removed = ids.length > 0 ? await this.writes.removeRecords(ids) : [];
    const hidden = ids.filter((id) => this.hiddenAuthors.delete(id));
    if (hidden.length > 0) await this.store.forgetHiddenAuthors(this.boardId, hidden);
    const folded = this.compaction.runFromNow().catch((error: unknown) => {
      this.options.onWarning(`board ${this.boardId}: compaction after a removal failed, log kept until the next one`, error);
      throw error;
    });
    folded.catch(() => undefined);
    return { removed, folded };
  }

  /**
   * A person's own card, withdrawn or rewritten at their request (from the phone or the board's
   * panel). Ownership is the server's ledger, never the message; refused once the session is closed.
   * `folded` resolves once a withdrawn card's text has left the stored log.
   */
  async changeOwnCard(
    person: BoardPerson,
    change: { id: string; text?: string },
  ): Promise<{ refusal: Refusal } | { folded: Promise<void> }> {
    if (await this.store.sessionClosed(this.sessionId)) return { refusal: "closed" };
    await this.writes.settle();
    const record = boardRecords(this.doc).get(change.id);
    if (!record) return { refusal: "unknown-card" };
    if (this.owners.ownerKeyOf(change.id) !== authorKeyOf(this.boardId, person.key)) return { refusal: "not-yours" };
    if (change.text === undefined) return { folded: (await this.removeRecords([change.id])).folded };
    if (record.typeName !== "shape" || record.type !== "note") return { refusal: "not-allowed" };
    await this.writeRecords([{ record: rewrittenNote(record, change.text) }]);
    return { folded: Promise.resolve() };
  }

  /**
   * Removes everything one person wrote on this board: their records (for everyone connected, and
   * from the stored log), their hidden cards and their ballots. Returns how many records.
   */
  async eraseAuthor(personKey: string): Promise<number> {
    await this.facilitation.forgetPerson(personKey);
    await this.writes.settle();
    const { removed, folded } = await this.removeRecords(this.owners.recordsOf(authorKeyOf(this.boardId, personKey)));
    await folded;
    return removed.length;
  }

  /** Resolves once what was received is stored and no compaction is writing (the board is about to be deleted). */
  async quiesce(): Promise<void> {
    await this.settle();
    await this.compaction.idle();
  }

  /** The connections on this board, to close them all (the board is being deleted). */
  get members(): BoardConnection[] {
    return [...this.connections.keys()];
  }

  destroy(): void {
    this.owners.destroy();
    this.writes.destroy();
    this.facilitation.destroy();
    this.presence.destroy();
    this.syncCache.destroy();
    this.compaction.forget();
    this.awareness.destroy();
    this.doc.destroy();
  }

  /** Queues a client's update; the write path judges it against who sent it before storing it. */
  private enqueueUnlessLocked(connection: BoardConnection, update: Uint8Array, syncReply = false): void {
    this.writes.enqueue(connection, update, syncReply);
    this.compactInBackground();
  }

  private writerOf(connection: BoardConnection): Writer {
    let writer = this.writers.get(connection);
    if (!writer) {
      const person = connection.person ?? NOBODY;
      writer = { role: person.role, authorKey: authorKeyOf(this.boardId, person.key), name: person.name };
      this.writers.set(connection, writer);
    }
    return writer;
  }

  /** The parts of an update that were undone reach the sender's canvas with the relay; this says why. */
  private tellRefused(connection: BoardConnection, reasons: Set<UpdateRefusal>): void {
    for (const reason of reasons) this.facilitation.tell(connection, { type: "refused", command: "update", reason });
  }

  /** A change was applied but could not be stored: everyone reconnects to a room reloaded from the store. */
  private giveUp(): void {
    this.isBroken = true;
    for (const connection of [...this.connections.keys()]) {
      this.leave(connection);
      connection.close(CLOSE.storageFailed.code, CLOSE.storageFailed.reason);
    }
    this.options.onBroken?.();
  }

  /** Replays the stored board in one transaction (about 15 % faster than one per entry); nobody is connected yet. */
  private loadStored(updates: Uint8Array[]): void {
    this.doc.transact(() => {
      for (const update of updates) {
        try {
          Y.applyUpdate(this.doc, update);
        } catch (error) {
          this.options.onWarning(`board ${this.boardId}: skipped an unreadable stored update`, error);
        }
      }
    });
  }

  /**
   * Compacts without holding up the caller: after a long log is loaded, and while the room is live,
   * so that the log never holds much more than `compactAfter` entries, even for a board edited for
   * hours, and a restart after a crash loads in milliseconds.
   */
  private compactInBackground(): void {
    this.compaction.runIfNeeded();
  }

  /** Sends a Yjs or presence frame to every connection that shows the board. */
  private broadcast(frame: Uint8Array, except: unknown): void {
    for (const connection of this.connections.keys()) {
      if (connection !== except && connection.receivesDoc !== false) connection.send(frame);
    }
  }
}
