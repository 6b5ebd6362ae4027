import { DEFAULT_AWARENESS_RELAY, type AwarenessRelayOptions } from "./awareness-relay.js";
import type { BoardStore } from "./board-store.js";
import { DEFAULT_BUDGETS, type BoardBudgets } from "./budgets.js";
import { CLOSE_REMOVED_CODE, PersonConnections } from "./person-connections.js";
import { DEFAULT_MAX_PRESENCE_IDS } from "./presence-guard.js";
import { LOAD_AT_ONCE_BYTES, loadInSlices } from "./board-load.js";
import { Compactor } from "./compactor.js";
import { CLOSE_BOARD_GONE } from "../../board-core/close-codes.js";
import { DEFAULT_SYNC_REPLIES, Room, type BoardConnection, type SyncReplyLimits } from "./room.js";
import { boardWarning } from "../log.js";

export interface RoomLimits {
  /** Rooms held in memory at once; a connection to one more is refused. */
  maxRooms: number;
  /** Connections to one board. */
  maxConnectionsPerRoom: number;
  /** How long an empty room stays in memory before it is unloaded. */
  idleUnloadMs: number;
  /** Log entries after which a room folds its log into a snapshot. */
  compactAfter: number;
  /** Updates a connection may send per second (presence messages have the same allowance). */
  maxMessagesPerSecond: number;
  /** How presence is coalesced; see AwarenessRelay. */
  awareness: AwarenessRelayOptions;
  /**
   * What each kind of message costs a connection and its room (docs/decisions/008); the update and
   * presence rates are `maxMessagesPerSecond`.
   */
  budgets: BoardBudgets;
  /** Awareness client ids (cursors) one connection may announce. */
  maxPresenceIds: number;
  /** Connections one participant token may hold open on a board at once (docs/decisions/007). */
  maxConnectionsPerParticipant: number;
  /** How each room paces its sync replies (issue 19). */
  syncReplies: SyncReplyLimits;
  /** Stored bytes of a board past which its room loads it in slices (board-load.ts). */
  loadAtOnceBytes: number;
}

export const DEFAULT_ROOM_LIMITS: RoomLimits = {
  maxRooms: 5_000,
  maxConnectionsPerRoom: 500,
  idleUnloadMs: 15_000,
  compactAfter: 500,
  maxMessagesPerSecond: 200,
  awareness: DEFAULT_AWARENESS_RELAY,
  budgets: DEFAULT_BUDGETS,
  maxPresenceIds: DEFAULT_MAX_PRESENCE_IDS,
  maxConnectionsPerParticipant: 3,
  syncReplies: DEFAULT_SYNC_REPLIES,
  loadAtOnceBytes: LOAD_AT_ONCE_BYTES,
};

/** How long a forgotten board refuses connections: its rows are deleted right after (issue 15). */
const FORGOTTEN_MEMORY_MS = 10 * 60_000;
/**
 * Folding a big board's log holds a core for hundreds of milliseconds; at the process's priority it
 * slowed the relay and, on PostgreSQL, the commits of edits (long-day bench on 2 cores: appends
 * over 15 ms 5–6 times as frequent during folds). Newcomers' merges keep the process's priority.
 */
const FOLDER_NICER_BY = 10;

/**
 * Several nodes (docs/decisions/023): a room is loaded only once this node has taken its board, and
 * the board is given back when the room unloads.
 */
export interface RoomOwnership {
  claim(
    sessionId: string,
  ): Promise<{ kind: "owner"; boardId: string; epoch: number } | { kind: "elsewhere"; address: string } | { kind: "missing" }>;
  /** Gives the board up, if this node still holds it with that very epoch. */
  release(boardId: string, epoch: number): Promise<void>;
  /** The store as a room holding the board with `epoch` writes it: every write fenced by that epoch. */
  storeFor(epoch: number): BoardStore;
}

/** Sent to the clients of a board this node no longer owns: they reconnect, and reach the new owner. */
export const CLOSE_OWNER_CHANGED = { code: 1012, reason: "tableau repris par un autre serveur" } as const;

export class RoomRefusedError extends Error {
  constructor(
    message: string,
    readonly status: 404 | 503,
    /** The WebSocket close code the client gets. */
    readonly closeCode = 1013,
  ) {
    super(message);
  }
}

/**
 * Owns every live room: loads a board on its first connection (once, even when several
 * clients arrive together), compacts and unloads it when the last one has left.
 */
export class RoomRegistry {
  private readonly rooms = new Map<string, Promise<Room>>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private readonly limits: RoomLimits;
  private readonly people: PersonConnections;
  /** Merges off the main thread for every room's newcomers (sync-cache.ts). */
  private readonly compactor = new Compactor();
  /**
   * Folds every room's log into its snapshot (room-compaction.ts), below the relay's priority. It
   * keeps the last merged doc of the four boards folded last (a 20,000-note board's doc is about
   * 40 MiB of heap), so that their next fold applies only what was stored since.
   */
  private readonly folder = new Compactor({ nicerBy: FOLDER_NICER_BY, kept: 4 });
  /** Sessions whose board was forgotten (being deleted), until when connections to it are refused. */
  private readonly forgotten = new Map<string, number>();
  /** Several nodes: the epoch each room took its board with, given back with the room. */
  private readonly epochs = new WeakMap<Room, number>();

  constructor(
    private readonly store: BoardStore,
    limits: Partial<RoomLimits> = {},
    private readonly onWarning: (message: string, error?: unknown) => void = boardWarning,
    private readonly ownership: RoomOwnership | null = null,
  ) {
    this.limits = { ...DEFAULT_ROOM_LIMITS, ...limits };
    this.people = new PersonConnections(this.limits.maxConnectionsPerParticipant);
  }

  get loadedRooms(): number {
    return this.rooms.size;
  }

  /** Whether this node has (or is loading) the session's board. */
  hasRoom(sessionId: string): boolean {
    return this.rooms.has(sessionId);
  }

  /**
   * Drops the rooms of boards this node no longer owns (its lock connection went), at once and without
   * writing anything (another node may already write them): their clients are told 1012 and reconnect.
   */
  dropBoards(boardIds: string[]): void {
    const lost = new Set(boardIds);
    for (const [sessionId, loading] of this.rooms) {
      void loading.then(
        (room) => {
          if (!lost.has(room.boardId)) return;
          if (this.rooms.get(sessionId) === loading) this.rooms.delete(sessionId);
          this.cancelUnload(sessionId);
          for (const connection of room.members) {
            this.people.remove(sessionId, connection);
            room.leave(connection);
            connection.close(CLOSE_OWNER_CHANGED.code, CLOSE_OWNER_CHANGED.reason);
          }
          room.destroy();
        },
        () => undefined,
      );
    }
  }

  /** Joins `connection` to the session's board; the caller has already authorised it. */
  async connect(sessionId: string, connection: BoardConnection): Promise<Room> {
    let room = await this.open(sessionId);
    // Forgotten while it loaded: the board is being deleted.
    if (this.isForgotten(sessionId)) throw new RoomRefusedError("séance supprimée", 404, CLOSE_BOARD_GONE);
    if (room.broken) {
      // It gave up after a failed write: read the board afresh from the store.
      if ((await this.rooms.get(sessionId)) === room) this.rooms.delete(sessionId);
      room = await this.open(sessionId);
    }
    if (room.size >= this.limits.maxConnectionsPerRoom) {
      this.scheduleUnloadIfEmpty(room);
      throw new RoomRefusedError("tableau complet", 503);
    }
    const refusal = this.people.refusal(sessionId, connection);
    if (refusal) {
      this.scheduleUnloadIfEmpty(room);
      throw new RoomRefusedError(refusal.reason, 503, refusal.code);
    }
    this.cancelUnload(sessionId);
    room.join(connection);
    this.people.add(room, connection);
    return room;
  }

  disconnect(room: Room, connection: BoardConnection): void {
    this.people.remove(room.sessionId, connection);
    room.leave(connection);
    // A forgotten board's room is already gone; its sockets' last close events find nothing to do.
    if (!this.isForgotten(room.sessionId)) this.scheduleUnloadIfEmpty(room);
  }

  /** Closes every connection of one person to a session's board at once (removed by the facilitator). */
  disconnectPerson(sessionId: string, personKey: string, reason: string): number {
    const connections = this.people.takeAll(sessionId, personKey, reason);
    for (const [connection, room] of connections) {
      this.disconnect(room, connection);
      connection.close(CLOSE_REMOVED_CODE, reason);
    }
    return connections.length;
  }

  /**
   * Removes every record one person wrote on a session's board, for everyone connected, and folds
   * the log so that their text is kept neither in it nor in the snapshot; forgets their hidden cards
   * and ballots too. A board that is not loaded is loaded for it (so nothing else writes it
   * meanwhile) and unloaded after. Returns how many records; 0 when the session has no board.
   */
  async eraseAuthor(sessionId: string, personKey: string): Promise<number> {
    if (this.isForgotten(sessionId)) return 0;
    const wasLoaded = this.rooms.has(sessionId);
    let room: Room;
    try {
      room = await this.open(sessionId);
      if (room.broken) {
        if ((await this.rooms.get(sessionId)) === room) this.rooms.delete(sessionId);
        room = await this.open(sessionId);
      }
    } catch (error) {
      if (error instanceof RoomRefusedError && error.status === 404) return 0;
      throw error;
    }
    try {
      return await room.eraseAuthor(personKey);
    } finally {
      // Loaded for this alone: unloaded now (a timer left by an earlier room of the session is stale).
      if (!wasLoaded && room.size === 0) {
        this.cancelUnload(sessionId);
        await this.unload(room);
      } else this.scheduleUnloadIfEmpty(room);
    }
  }

  /**
   * Closes every connection to a session's board (CLOSE_BOARD_GONE: clients stop reconnecting),
   * waits for what was received to be stored, and unloads the room, so that the board's rows can be
   * deleted. Connections to it are refused from then on (the session is going away).
   */
  async forgetBoard(sessionId: string): Promise<void> {
    this.forgetOldTombstones();
    this.forgotten.set(sessionId, Date.now() + FORGOTTEN_MEMORY_MS);
    this.cancelUnload(sessionId);
    const loading = this.rooms.get(sessionId);
    if (!loading) return;
    const room = await loading.catch(() => null);
    if (this.rooms.get(sessionId) === loading) this.rooms.delete(sessionId);
    if (!room) return;
    for (const connection of room.members) {
      this.people.remove(sessionId, connection);
      room.leave(connection);
      connection.close(CLOSE_BOARD_GONE, "séance supprimée");
    }
    await room.quiesce();
    await this.compactor.forget(room.boardId).catch(() => undefined);
    room.destroy();
    await this.releaseBoard(room);
  }

  /** Open connections per person key on a session's board. */
  connectedPeople(sessionId: string): Map<string, number> {
    return this.people.counts(sessionId);
  }

  /** Stores what is pending in every room and drops them all (server shutdown, tests). */
  async close(): Promise<void> {
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    this.unloadTimers.clear();
    const rooms = await Promise.allSettled(this.rooms.values());
    this.rooms.clear();
    for (const result of rooms) {
      if (result.status !== "fulfilled") continue;
      await result.value.settle();
      result.value.destroy();
    }
    await Promise.all([this.compactor.close(), this.folder.close()]);
  }

  private open(sessionId: string): Promise<Room> {
    if (this.isForgotten(sessionId)) return Promise.reject(new RoomRefusedError("séance supprimée", 404, CLOSE_BOARD_GONE));
    const existing = this.rooms.get(sessionId);
    if (existing) return existing;
    if (this.rooms.size >= this.limits.maxRooms) {
      return Promise.reject(new RoomRefusedError("serveur saturé, réessayez dans un instant", 503));
    }
    const loading = this.load(sessionId);
    this.rooms.set(sessionId, loading);
    loading.catch(() => this.rooms.delete(sessionId));
    return loading;
  }

  private async load(sessionId: string): Promise<Room> {
    let claimed: { boardId: string; epoch: number } | null = null;
    if (this.ownership) {
      // Taken before it is read: the load then holds every write the previous owner could make.
      const claim = await this.ownership.claim(sessionId);
      if (claim.kind === "missing") throw new RoomRefusedError("aucun tableau pour cette session", 404);
      if (claim.kind === "elsewhere") throw new RoomRefusedError(CLOSE_OWNER_CHANGED.reason, 503, CLOSE_OWNER_CHANGED.code);
      claimed = claim;
    }
    const giveBack = async () => {
      if (claimed) await this.ownership?.release(claimed.boardId, claimed.epoch);
    };
    const stored = await this.store.load(sessionId).catch(async (error: unknown) => {
      await giveBack();
      throw error;
    });
    if (!stored) {
      await giveBack();
      throw new RoomRefusedError("aucun tableau pour cette session", 404);
    }
    // A big board is applied a slice per turn, so that the other rooms keep relaying meanwhile.
    const doc = await loadInSlices(stored, this.compactor, this.onWarning, this.limits.loadAtOnceBytes);
    const room: Room = new Room(
      sessionId,
      stored.boardId,
      claimed && this.ownership ? this.ownership.storeFor(claimed.epoch) : this.store,
      {
        compactAfter: this.limits.compactAfter,
        compactor: this.compactor,
        folder: this.folder,
        // The room could not store what it applied: the next connection loads it afresh.
        onBroken: () => {
          void this.rooms.get(sessionId)?.then((current) => {
            if (current !== room) return;
            this.rooms.delete(sessionId);
            // Several nodes: given back, so that whichever node its clients reach next takes it afresh.
            void this.releaseBoard(room);
          });
          this.cancelUnload(sessionId);
        },
        maxMessagesPerSecond: this.limits.maxMessagesPerSecond,
        awareness: this.limits.awareness,
        budgets: this.limits.budgets,
        maxPresenceIds: this.limits.maxPresenceIds,
        syncReplies: this.limits.syncReplies,
        onWarning: this.onWarning,
      },
      { ...stored, doc },
    );
    if (claimed) this.epochs.set(room, claimed.epoch);
    return room;
  }

  private isForgotten(sessionId: string): boolean {
    return (this.forgotten.get(sessionId) ?? 0) > Date.now();
  }

  private forgetOldTombstones(): void {
    const now = Date.now();
    for (const [sessionId, until] of this.forgotten) if (until <= now) this.forgotten.delete(sessionId);
  }

  private scheduleUnloadIfEmpty(room: Room): void {
    if (room.size > 0 || this.unloadTimers.has(room.sessionId)) return;
    const timer = setTimeout(() => void this.unload(room), this.limits.idleUnloadMs);
    timer.unref();
    this.unloadTimers.set(room.sessionId, timer);
  }

  private cancelUnload(sessionId: string): void {
    const timer = this.unloadTimers.get(sessionId);
    if (timer) clearTimeout(timer);
    this.unloadTimers.delete(sessionId);
  }

  private async unload(room: Room): Promise<void> {
    this.unloadTimers.delete(room.sessionId);
    const loading = this.rooms.get(room.sessionId);
    if ((await loading?.catch(() => null)) !== room) return;
    await room.settle();
    if (room.size > 0) return;
    // The next load then reads one snapshot, however few entries were written this time.
    if (room.hasUncompactedLog) {
      try {
        await room.compact();
      } catch (error) {
        this.onWarning(`board ${room.boardId}: compaction failed, log kept`, error);
      }
      if (room.size > 0) return;
    }
    // Dropped (its node lost the board) or replaced while it settled: the map and the board are no longer its own.
    if (this.rooms.get(room.sessionId) !== loading) return;
    this.rooms.delete(room.sessionId);
    room.destroy();
    await this.releaseBoard(room);
  }

  /** Several nodes: gives the room's board back, with the epoch the room took it with (none other). */
  private async releaseBoard(room: Room): Promise<void> {
    const epoch = this.epochs.get(room);
    if (epoch !== undefined) await this.ownership?.release(room.boardId, epoch);
  }
}
