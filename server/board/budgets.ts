// What one connection, and one room, may make the board server do (docs/decisions/008). Every kind
// of message a client can send has a budget per connection, in messages; every byte received counts
// against a byte budget per connection; and a room as a whole has a message and a byte budget, so
// that many connections together cannot starve the rest of the server. Over budget, the connection
// is closed (1008): a y-websocket client reconnects and resyncs by itself, whereas dropping single
// Yjs updates would leave it with gaps it never fills.
import type { ClientMessage } from "./protocol.js";
import { TokenBucket, type Rate } from "./rate-limit.js";
import { boardDebug } from "../log.js";

export type MessageKind = "sync" | "update" | "awareness" | "query-awareness" | "command" | "post";

export interface BoardBudgets {
  /** Messages one connection may send, per kind. */
  messages: Record<MessageKind, Rate>;
  /** Bytes one connection may send, all kinds together; the burst must hold the largest frame allowed. */
  bytes: Rate;
  /** What one room may receive from all its connections together. */
  room: { messages: Rate; bytes: Rate };
  /** Longest facilitation command (JSON text, in bytes): the longest valid one is about 3 KiB. */
  commandMaxBytes: number;
}

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * Sized from what honest clients send (docs/decisions/008): tldraw sends at most one update and one
 * presence message per animation frame while dragging, a y-websocket client one sync request per
 * connection, our clients a few commands per click, a phone a card every few seconds at most.
 */
export const DEFAULT_BUDGETS: BoardBudgets = {
  messages: {
    update: { perSecond: 200, burst: 400 },
    awareness: { perSecond: 200, burst: 400 },
    sync: { perSecond: 0.5, burst: 5 },
    "query-awareness": { perSecond: 0.5, burst: 5 },
    command: { perSecond: 20, burst: 40 },
    post: { perSecond: 1 / 3, burst: 5 },
  },
  bytes: { perSecond: 256 * KiB, burst: 4 * MiB },
  room: { messages: { perSecond: 10_000, burst: 20_000 }, bytes: { perSecond: 8 * MiB, burst: 32 * MiB } },
  commandMaxBytes: 16 * KiB,
};

/** The budgets with a per-connection message rate for updates and presence (burst: twice it). */
export function budgetsWith(overrides: Partial<BoardBudgets> & { maxMessagesPerSecond?: number } = {}): BoardBudgets {
  const { maxMessagesPerSecond, ...rest } = overrides;
  const budgets = { ...DEFAULT_BUDGETS, ...rest, messages: { ...DEFAULT_BUDGETS.messages, ...rest.messages } };
  if (maxMessagesPerSecond !== undefined) {
    const rate = { perSecond: maxMessagesPerSecond, burst: maxMessagesPerSecond * 2 };
    budgets.messages = { ...budgets.messages, update: rate, awareness: rate };
  }
  return budgets;
}

/** Why a connection was found over budget, for the server's log (never shown to anyone). */
export type OverBudget = `${MessageKind} messages` | "bytes" | "room messages" | "room bytes";

/** How long a connection's recent use is remembered when a room decides who is over its fair share. */
const RECENT_MS = 1_000;

/** A room's shared allowance. When it runs out, only connections above their fair share are closed. */
export class RoomBudget {
  readonly messages: TokenBucket;
  readonly bytes: TokenBucket;
  private readonly members = new Set<ConnectionBudget>();

  constructor(
    readonly budgets: BoardBudgets,
    readonly now: () => number = () => performance.now(),
  ) {
    this.messages = new TokenBucket(budgets.room.messages, now);
    this.bytes = new TokenBucket(budgets.room.bytes, now);
  }

  /** A budget for one more connection of this room; `release` it when the connection leaves. */
  connection(): ConnectionBudget {
    const budget = new ConnectionBudget(this);
    this.members.add(budget);
    return budget;
  }

  release(budget: ConnectionBudget): void {
    this.members.delete(budget);
  }

  /**
   * The room's rate divided among the connections that sent anything lately. When the connections
   * that keep to it together stay within the room's rate, anyone over it is one of those who push
   * the room over.
   */
  fairShare(which: "messages" | "bytes"): number {
    const since = this.now() - RECENT_MS;
    let active = 0;
    for (const member of this.members) if (member.lastSeen >= since) active += 1;
    const rate = which === "messages" ? this.budgets.room.messages.perSecond : this.budgets.room.bytes.perSecond;
    return rate / Math.max(1, active);
  }
}

/** One connection's allowance, charged for every frame it sends. */
export class ConnectionBudget {
  private readonly buckets: Record<MessageKind, TokenBucket>;
  private readonly bytes: TokenBucket;
  /** Messages and bytes over the last RECENT_MS (decayed), per second. */
  private recentMessages = 0;
  private recentBytes = 0;
  lastSeen = -Infinity;

  constructor(private readonly room: RoomBudget) {
    const { budgets, now } = room;
    this.buckets = Object.fromEntries(Object.entries(budgets.messages).map(([kind, rate]) => [kind, new TokenBucket(rate, now)])) as Record<
      MessageKind,
      TokenBucket
    >;
    this.bytes = new TokenBucket(budgets.bytes, now);
  }

  /** Charges one message of `kind` and `bytes` bytes; says why when the connection is over budget. */
  charge(kind: MessageKind, bytes: number): OverBudget | null {
    if (!this.buckets[kind].take()) return `${kind} messages`;
    if (!this.bytes.take(bytes)) return "bytes";
    this.remember(bytes);
    const room = this.room;
    if (!room.messages.take()) {
      if (this.recentMessages > room.fairShare("messages")) return "room messages";
      room.messages.force(1);
    }
    if (!room.bytes.take(bytes)) {
      if (this.recentBytes > room.fairShare("bytes")) return "room bytes";
      room.bytes.force(bytes);
    }
    return null;
  }

  private remember(bytes: number): void {
    const now = this.room.now();
    const decay = Math.exp(-(now - this.lastSeen) / RECENT_MS);
    this.recentMessages = this.recentMessages * decay + 1000 / RECENT_MS;
    this.recentBytes = this.recentBytes * decay + (bytes * 1000) / RECENT_MS;
    this.lastSeen = now;
  }
}

/** What a decoded frame is charged as; "too large" for a command longer than any valid one. */
export function messageKind(message: ClientMessage, bytes: number, budgets: BoardBudgets): MessageKind | "too large" {
  switch (message.type) {
    case "sync-step-1":
      return "sync";
    case "facilitation":
      return bytes > budgets.commandMaxBytes ? "too large" : commandKind(message.text);
    default:
      return message.type;
  }
}

/**
 * The kind of a facilitation command, read from its JSON as the facilitation module will read it
 * (so no escape or odd spacing turns a card post into a cheaper kind); unreadable text is a command.
 */
/** Commands that make the server write on the board for one person: a card posted, rewritten or withdrawn. */
const CARD_WRITES = new Set(["post", "card-edit", "card-withdraw"]);

export function commandKind(text: string): "post" | "command" {
  try {
    const json: unknown = JSON.parse(text);
    const type = typeof json === "object" && json !== null ? (json as { type?: unknown }).type : undefined;
    return typeof type === "string" && CARD_WRITES.has(type) ? "post" : "command";
  } catch (error) {
    boardDebug("facilitation message unreadable: counted as a command", error);
    return "command";
  }
}

/** The budgets as the environment sets them (server/env.ts). */
export function budgetsFromSettings(settings: {
  BOARD_MAX_MESSAGE_BYTES: number;
  BOARD_MAX_BYTES_PER_SECOND: number;
  BOARD_MAX_BURST_BYTES: number;
  BOARD_MAX_SYNC_REQUESTS_PER_MINUTE: number;
  BOARD_MAX_COMMANDS_PER_SECOND: number;
  BOARD_MAX_POSTS_PER_MINUTE: number;
  BOARD_ROOM_MAX_MESSAGES_PER_SECOND: number;
  BOARD_ROOM_MAX_BYTES_PER_SECOND: number;
}): BoardBudgets {
  const requests = { perSecond: settings.BOARD_MAX_SYNC_REQUESTS_PER_MINUTE / 60, burst: 5 };
  const roomBytes = settings.BOARD_ROOM_MAX_BYTES_PER_SECOND;
  return {
    ...DEFAULT_BUDGETS,
    messages: {
      ...DEFAULT_BUDGETS.messages,
      sync: requests,
      "query-awareness": requests,
      command: { perSecond: settings.BOARD_MAX_COMMANDS_PER_SECOND, burst: settings.BOARD_MAX_COMMANDS_PER_SECOND * 2 },
      post: { perSecond: settings.BOARD_MAX_POSTS_PER_MINUTE / 60, burst: 5 },
    },
    // A burst smaller than the largest frame allowed would close whoever sends one.
    bytes: {
      perSecond: settings.BOARD_MAX_BYTES_PER_SECOND,
      burst: Math.max(settings.BOARD_MAX_BURST_BYTES, settings.BOARD_MAX_MESSAGE_BYTES),
    },
    room: {
      messages: { perSecond: settings.BOARD_ROOM_MAX_MESSAGES_PER_SECOND, burst: settings.BOARD_ROOM_MAX_MESSAGES_PER_SECOND * 2 },
      bytes: { perSecond: roomBytes, burst: Math.max(roomBytes * 4, settings.BOARD_MAX_BURST_BYTES * 2) },
    },
  };
}
