import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { AwarenessRelay, DEFAULT_AWARENESS_RELAY, type AwarenessRelayOptions } from "./awareness-relay.js";
import type { TLRecord } from "@tldraw/tlschema";
import { boardRecords } from "../../app/board/shared-doc.js";
import type { BoardStore } from "./board-store.js";
import { Facilitation } from "./facilitation.js";
import { Agenda, type Person } from "./facilitation-state.js";
import {
  decodeClientMessage,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  ProtocolError,
} from "./protocol.js";
import { TokenBucket } from "./rate-limit.js";

/** One end of a board WebSocket, as the room sees it. */
export interface BoardConnection {
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
  /** Who the server authenticated; without one, a participant with no name. */
  person?: Person;
  /** False for the phone screen, which shows no canvas: it gets facilitation messages only. */
  receivesDoc?: boolean;
}

const NOBODY: Person = { key: "anonymous", role: "participant", name: "?" };

export interface RoomOptions {
  compactAfter: number;
  /** Updates (and, separately, presence messages) a connection may send per second, bursts of twice that. */
  maxMessagesPerSecond: number;
  awareness?: AwarenessRelayOptions;
  onWarning: (message: string) => void;
}

/** WebSocket close codes the room uses, each with the reason the client is given. */
export const CLOSE = {
  invalidMessage: { code: 1007, reason: "message invalide" },
  tooManyMessages: { code: 1008, reason: "trop de messages, ralentissez" },
  storageFailed: { code: 1011, reason: "enregistrement impossible, reconnexion" },
} as const;

interface ConnectionState {
  /** Awareness client ids this connection speaks for, removed when it leaves. */
  clientIds: Set<number>;
  updates: TokenBucket;
  presence: TokenBucket;
}

/** The origin of a transaction that holds updates from several connections: relayed to all. */
const MIXED_BATCH = Symbol("mixed batch");
/** The origin of records the server writes itself (cards posted from a phone, a reveal, vote results). */
const SERVER_WRITE = Symbol("server write");

interface PendingUpdate {
  connection: BoardConnection;
  update: Uint8Array;
}

/**
 * A live board: the Yjs document as it is durably stored, and the connections editing it.
 * An update from a client is written to the store before it touches the document, so
 * neither other clients nor late joiners ever see an update that a crash could lose.
 */
export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  private readonly connections = new Map<BoardConnection, ConnectionState>();
  private readonly presence: AwarenessRelay;
  private pending: PendingUpdate[] = [];
  private flushScheduled = false;
  /** Writes and compactions run one at a time, in order, through this chain. */
  private work: Promise<void> = Promise.resolve();
  private logLength: number;
  private compactionScheduled = false;
  readonly facilitation: Facilitation;
  /**
   * One Yjs client id for everything the server writes in this room: a revealed anonymous card
   * carries it like every other server write, so it says nothing of who wrote the card.
   */
  private readonly serverClientId = new Y.Doc().clientID;

  constructor(
    readonly sessionId: string,
    readonly boardId: string,
    private readonly store: BoardStore,
    private readonly options: RoomOptions,
    initial: { snapshot: Uint8Array | null; updates: Uint8Array[]; agenda?: unknown; facilitation?: unknown },
  ) {
    this.awareness.setLocalState(null);
    // One transaction for the whole replay: about 15 % faster than one per stored update.
    this.applyAll(
      initial.snapshot ? [initial.snapshot, ...initial.updates] : initial.updates,
      null,
      "skipped an unreadable stored update",
    );
    this.logLength = initial.updates.length;
    this.facilitation = new Facilitation(Agenda.parse(initial.agenda), initial.facilitation ?? null, {
      records: () => [...boardRecords(this.doc).values()],
      write: (records) => this.writeRecords(records),
      save: (state) => this.store.saveFacilitation(this.boardId, state),
      onWarning: (message) => options.onWarning(`board ${boardId}: ${message}`),
    });
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      this.broadcast(encodeUpdate(update), origin);
      this.facilitation.boardChanged();
    });
    this.awareness.on("update", this.trackClientIds);
    this.presence = new AwarenessRelay(
      this.awareness,
      (frame) => this.broadcast(frame, null),
      options.awareness ?? DEFAULT_AWARENESS_RELAY,
    );
    if (this.needsCompaction) this.compactInBackground();
  }

  get size(): number {
    return this.connections.size;
  }

  /** True when the stored log is long enough that a load would spend noticeable time replaying it. */
  private get needsCompaction(): boolean {
    return this.logLength >= this.options.compactAfter;
  }

  /** True when log entries were written since the last snapshot. */
  get hasUncompactedLog(): boolean {
    return this.logLength > 0;
  }

  join(connection: BoardConnection): void {
    this.connections.set(connection, {
      clientIds: new Set(),
      updates: new TokenBucket(this.options.maxMessagesPerSecond),
      presence: new TokenBucket(this.options.maxMessagesPerSecond),
    });
    if (connection.receivesDoc !== false) {
      connection.send(encodeSyncStep1(this.doc));
      const states = [...this.awareness.getStates().keys()];
      if (states.length > 0) {
        connection.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, states)));
      }
    }
    this.facilitation.join(connection, connection.person ?? NOBODY);
  }

  leave(connection: BoardConnection): void {
    const state = this.connections.get(connection);
    if (!state) return;
    this.connections.delete(connection);
    this.facilitation.leave(connection);
    if (state.clientIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...state.clientIds], null);
    }
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
    switch (message.type) {
      case "sync-step-1":
        connection.send(encodeSyncStep2(this.doc, message.stateVector));
        break;
      case "update":
      case "facilitation":
        if (!state.updates.take()) return this.eject(connection, CLOSE.tooManyMessages, "update rate");
        if (message.type === "facilitation") return this.facilitation.receive(connection, message.text);
        this.enqueueUnlessLocked(connection, message.update);
        break;
      case "awareness":
        if (!state.presence.take()) return this.eject(connection, CLOSE.tooManyMessages, "presence rate");
        try {
          awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, connection);
        } catch {
          return this.eject(connection, CLOSE.invalidMessage, "unreadable presence");
        }
        break;
      case "query-awareness":
        connection.send(
          encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()])),
        );
        break;
    }
  }

  private eject(connection: BoardConnection, close: { code: number; reason: string }, why: string): void {
    this.options.onWarning(`board ${this.boardId}: closed a connection (${why})`);
    this.leave(connection);
    connection.close(close.code, close.reason);
  }

  /** Resolves once every update and command received so far is stored and applied. */
  async settle(): Promise<void> {
    await this.facilitation.settle();
    for (;;) {
      await this.work;
      // A flush still scheduled finds nothing left to do once this one has drained the queue.
      if (this.pending.length === 0) return;
      await this.exclusive(() => this.flush());
    }
  }

  /**
   * Folds the stored log into one snapshot. It runs between two writes, so the document
   * holds exactly what the log holds when the snapshot is taken.
   */
  compact(): Promise<void> {
    return this.exclusive(async () => {
      const { removed } = await this.store.compact(this.boardId, Y.encodeStateAsUpdate(this.doc));
      this.logLength = Math.max(0, this.logLength - removed);
    });
  }

  /**
   * Writes records as the server: made on a copy of the doc, stored, then applied and relayed like
   * any client's edit, so nobody sees them before they are durable.
   */
  writeRecords(records: TLRecord[]): Promise<void> {
    return this.exclusive(async () => {
      const scratch = new Y.Doc();
      scratch.clientID = this.serverClientId;
      Y.applyUpdate(scratch, Y.encodeStateAsUpdate(this.doc));
      const before = Y.encodeStateVector(scratch);
      scratch.transact(() => {
        const map = boardRecords(scratch);
        for (const record of records) map.set(record.id, record);
      });
      const update = Y.encodeStateAsUpdate(scratch, before);
      scratch.destroy();
      await this.store.append(this.boardId, [update]);
      this.logLength += 1;
      this.applyAll([update], SERVER_WRITE, "a server write could not be applied");
    });
  }

  destroy(): void {
    this.facilitation.destroy();
    this.presence.destroy();
    this.awareness.off("update", this.trackClientIds);
    this.awareness.destroy();
    this.doc.destroy();
  }

  /** A participant's update that breaks the facilitator's locks is dropped, and they are told why. */
  private enqueueUnlessLocked(connection: BoardConnection, update: Uint8Array): void {
    const refusal = this.facilitation.refusesUpdate(connection.person, update, this.doc);
    if (refusal) {
      this.facilitation.tell(connection, { type: "refused", command: "update", reason: refusal });
      return;
    }
    this.enqueue(connection, update);
  }

  private enqueue(connection: BoardConnection, update: Uint8Array): void {
    this.pending.push({ connection, update });
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // Frames that arrive in the same turn of the event loop are written together.
    setImmediate(() => {
      this.flushScheduled = false;
      void this.exclusive(() => this.flush());
    });
  }

  private exclusive(task: () => Promise<void>): Promise<void> {
    const run = this.work.then(task);
    this.work = run.catch(() => undefined);
    return run;
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      try {
        await this.store.append(
          this.boardId,
          batch.map((entry) => entry.update),
        );
      } catch {
        // Not durable, so not relayed: the clients keep their edits and resend them on reconnect.
        this.options.onWarning(`board ${this.boardId}: could not store ${batch.length} update(s)`);
        for (const { connection } of batch) {
          this.leave(connection);
          connection.close(CLOSE.storageFailed.code, CLOSE.storageFailed.reason);
        }
        continue;
      }
      this.logLength += batch.length;
      // One transaction per batch, so one relayed frame per connection however many updates the
      // batch holds: under load, batches grow and the sends per update shrink. Its author does not
      // get a single-author batch back; a mixed batch goes to everyone (Yjs ignores what it has).
      const author = batch.every((entry) => entry.connection === batch[0].connection) ? batch[0].connection : MIXED_BATCH;
      this.applyAll(
        batch.map((entry) => entry.update),
        author,
        "an update could not be applied",
      );
    }
    if (this.needsCompaction) this.compactInBackground();
  }

  /** Applies updates in one transaction; one that Yjs cannot read is skipped with a warning. */
  private applyAll(updates: Uint8Array[], origin: unknown, warning: string): void {
    this.doc.transact(() => {
      for (const update of updates) {
        try {
          Y.applyUpdate(this.doc, update);
        } catch {
          this.options.onWarning(`board ${this.boardId}: ${warning}`);
        }
      }
    }, origin);
  }

  /**
   * Compacts without holding up the caller: after a long log is loaded, and while the room is live,
   * so that the log never holds much more than `compactAfter` entries, even for a board edited for
   * hours, and a restart after a crash loads in milliseconds.
   */
  private compactInBackground(): void {
    if (this.compactionScheduled) return;
    this.compactionScheduled = true;
    this.compact()
      .catch(() => this.options.onWarning(`board ${this.boardId}: compaction failed, log kept`))
      .finally(() => (this.compactionScheduled = false));
  }

  /** Sends a Yjs or presence frame to every connection that shows the board. */
  private broadcast(frame: Uint8Array, except: unknown): void {
    for (const connection of this.connections.keys()) {
      if (connection !== except && connection.receivesDoc !== false) connection.send(frame);
    }
  }

  private readonly trackClientIds = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const owned = this.connections.get(origin as BoardConnection)?.clientIds;
    if (!owned) return;
    for (const id of change.added) owned.add(id);
    for (const id of change.removed) owned.delete(id);
  };
}
