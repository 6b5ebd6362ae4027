// The facilitation channel: JSON messages carried on the board's WebSocket beside the Yjs sync, in
// frames of their own type (docs/decisions/003). The server holds the state (phase, timer, vote,
// private brainstorm, locks), checks the sender's role on every command and sends everyone the
// result. Shared by the server, the canvas and the phone screen: lib0 only, so that the phone
// screen's script carries no validation library (issue 13); the server parses commands with zod.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

/** y-websocket frame type of a facilitation message (the sync protocol uses 0 to 3). */
export const MESSAGE_FACILITATION = 100;

/** Longest card text, in characters, from the canvas or the phone. */
export const CARD_TEXT_MAX = 500;
/** Cards one person may keep hidden during a private brainstorm. */
export const PRIVATE_CARDS_MAX = 40;

/** What a client may ask; checked on the server only (facilitation-commands.server.ts holds the zod schema). */
import type { FacilitationCommand } from "./facilitation-commands";
export type { FacilitationCommand };

export const FACILITATOR_COMMANDS = new Set<FacilitationCommand["type"]>([
  "phase",
  "timer",
  "follow",
  "summon",
  "vote-open",
  "vote-close",
  "private-start",
  "private-reveal",
  "locks",
  "sorting",
  "repair",
  "anonymous",
  "feedback",
]);

export interface TimerView {
  /** The length the timer was last set to. */
  durationMs: number;
  running: boolean;
  /** Server time (ms since epoch) at which a running timer reaches zero. */
  endsAt: number | null;
  /** What is left when paused. */
  remainingMs: number;
}

export interface VoteView {
  zoneId: string;
  votesPerPerson: number;
  open: boolean;
  /** Votes per card, anonymous. */
  counts: Record<string, number>;
  /** The cards of the zone, in reading order, for screens without the canvas. */
  cards: { id: string; text: string }[];
}

/** What everyone in the room sees of the facilitation; the same bytes go to every connection. */
export interface FacilitationView {
  phaseId: string | null;
  timer: TimerView;
  follow: { userId: string; name: string } | null;
  vote: VoteView | null;
  private: { zoneId: string; anonymous: boolean; hiddenCards: number; authors: number } | null;
  locks: { frames: boolean; board: boolean };
  /** "Tri collectif": anyone may move the cards of the current step. */
  sorting: boolean;
  /**
   * The current step is anonymous: cards posted now carry no name, and participants' cursors are
   * not shown (issue 15.5). `anonymousPhases` lists every anonymous step, for the agenda.
   */
  anonymous: boolean;
  anonymousPhases: string[];
  /**
   * Participants are asked the session's questions now (the current step asks them, or the
   * facilitator opened them): the phone and the board's panel show the form. Answers go over HTTP.
   */
  feedback: boolean;
  /** Who is connected now, one line per person, facilitators first. */
  people: { name: string; role: "facilitator" | "participant"; connections: number }[];
}

/** What only one person receives: their own votes and their own hidden cards. */
export interface PersonalView {
  /** The key the board's authorship ledger files this person's records under (shared-doc.ts). */
  authorKey: string;
  votes: Record<string, number>;
  votesLeft: number;
  privateCards: { id: string; text: string; x?: number; y?: number }[];
  /** Their own cards on the board, in reading order ("Mes cartes": they may edit or withdraw each). */
  cards: { id: string; text: string }[];
}

/** Why a command was refused; each is a message key under "facilitation.refused.". */
export const REFUSALS = [
  "facilitator-only",
  "invalid",
  "unknown-phase",
  "unknown-zone",
  "no-zone",
  "no-vote",
  "no-votes-left",
  "unknown-card",
  "not-private",
  "too-many-cards",
  "board-locked",
  "frames-locked",
  "not-yours",
  "not-allowed",
  "too-large",
  "invalid-record",
  "storage",
  "closed",
  "anonymity-changed",
] as const;
export type Refusal = (typeof REFUSALS)[number];

export type FacilitationMessage =
  | { type: "state"; state: FacilitationView; serverTime: number }
  | { type: "mine"; mine: PersonalView }
  | { type: "clock"; sentAt: number; serverTime: number }
  | { type: "summon"; userId: string }
  | { type: "ack"; ref?: string; command: FacilitationCommand["type"] }
  | { type: "refused"; ref?: string; command: string; reason: Refusal };

export function encodeFacilitationFrame(message: FacilitationMessage | FacilitationCommand): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_FACILITATION);
  encoding.writeVarString(encoder, JSON.stringify(message));
  return encoding.toUint8Array(encoder);
}

/** The JSON text of a facilitation frame, or null if the frame is of another type or malformed. */
export function readFacilitationFrame(frame: Uint8Array): string | null {
  try {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== MESSAGE_FACILITATION) return null;
    const text = decoding.readVarString(decoder);
    return decoding.hasContent(decoder) ? null : text;
  } catch {
    return null;
  }
}

/** Milliseconds left on the timer at server time `serverNow`. */
export function timerRemainingMs(timer: TimerView, serverNow: number): number {
  if (!timer.running || timer.endsAt === null) return timer.remainingMs;
  return Math.max(0, timer.endsAt - serverNow);
}
