// What a participant may do to a board's records, as one pure rule that both sides run: the server
// decides with it (server/board/update-guard.ts, after it has worked out what an update really
// changes), and the participant's canvas uses it to refuse a gesture before the server has to
// (facilitation-canvas.ts). Ownership comes from the board's authorship ledger, which only the server
// writes (shared-doc.ts `boardAuthors`), never from a record's own fields. docs/decisions/009.
import type { TLRecord } from "@tldraw/tlschema";

/** Shape kinds the canvas offers participants: notes, text, drawings, arrows, simple shapes. */
export const PARTICIPANT_SHAPE_TYPES: ReadonlySet<string> = new Set(["note", "text", "draw", "arrow", "geo", "line", "highlight"]);

/**
 * `meta` keys that mean something to the server or to other screens (template roles, vote badges,
 * hidden cards and anonymous drafts, the old author field): a participant's record never carries them, so that a
 * crafted record cannot pass for a zone, a vote result or someone else's card.
 */
export const SERVER_META_KEYS: readonly string[] = ["role", "cardId", "phaseId", "author", "private", "via", "anonymous"];

/** The roles of the template's shapes and of vote badges: fixed for participants. */
export const FIXED_ROLES: ReadonlySet<string> = new Set(["phase-title", "phase-prompt", "zone", "vote-result"]);

/** Largest record a participant may write, as JSON: a long freehand stroke fits, a pasted file does not. */
export const PARTICIPANT_RECORD_MAX_BYTES = 32 * 1024;

/** Records one participant may have created on one board. */
export const PARTICIPANT_RECORDS_MAX = 1_000;

/** Why a participant's change of one record is refused; each is a key under "facilitation.refused.". */
export type RightsRefusal = "frames-locked" | "not-yours" | "not-allowed" | "too-large" | "board-locked";

export interface ChangeContext {
  /** The record existed at some point (perhaps deleted since): it has an owner, or none (template). */
  existed: boolean;
  /** Whether the person who sends the change created this record (the ledger says so). */
  mine: boolean;
  /** Whether the person created a given other record (for arrows and their bindings). */
  owns: (id: string) => boolean;
  /** "Tri collectif" is open for the current step: anyone may move cards. */
  sorting: boolean;
  /** The facilitator locked the whole board. */
  boardLocked: boolean;
}

/**
 * Why a participant may not turn `before` into `after` (either may be absent: a creation, a
 * deletion), or null when they may. Only what changes is judged: an untouched record passes.
 */
export function participantRefusal(
  before: TLRecord | undefined,
  after: TLRecord | undefined,
  context: ChangeContext,
): RightsRefusal | null {
  if (before === after) return null;
  if (context.boardLocked) return "board-locked";
  const subject = before ?? after!;
  if (isFixed(subject)) return "frames-locked";
  if (subject.typeName === "binding") return bindingRefusal(before, after, context);
  if (!context.mine) {
    if (context.existed) return context.sorting && before && after && isMoveOfCard(before, after) ? null : "not-yours";
    if (!after || !mayCreate(after, context)) return "not-allowed";
  }
  return after ? recordRefusal(after, before) : null;
}

function bindingRefusal(before: TLRecord | undefined, after: TLRecord | undefined, context: ChangeContext): RightsRefusal | null {
  const ends = (record: TLRecord) => {
    const { fromId, toId } = record as unknown as { fromId?: string; toId?: string };
    return { fromId: String(fromId ?? ""), toId: String(toId ?? "") };
  };
  if (!after) {
    // Deleting a card takes the arrows' bindings to it along: whoever owns either end may.
    const { fromId, toId } = ends(before!);
    return context.mine || context.owns(fromId) || context.owns(toId) ? null : "not-yours";
  }
  if (context.existed && !context.mine) return "not-yours";
  // An arrow a participant drew may point at anything; the arrow itself must be theirs.
  if ((after as { type?: unknown }).type !== "arrow" || !context.owns(ends(after).fromId)) return "not-allowed";
  return recordRefusal(after, before);
}

function mayCreate(record: TLRecord, context: ChangeContext): boolean {
  if (record.typeName === "shape") return PARTICIPANT_SHAPE_TYPES.has(record.type);
  return record.typeName === "binding" && context.owns(String((record as { fromId?: unknown }).fromId));
}

/** A record a participant writes: of a kind they may keep, no server meta, not too large. */
function recordRefusal(after: TLRecord, before: TLRecord | undefined): RightsRefusal | null {
  const kind = (record: TLRecord) => (record as { type?: unknown }).type;
  if (before && (before.typeName !== after.typeName || kind(before) !== kind(after))) {
    return "not-allowed";
  }
  if (after.typeName === "shape" && !PARTICIPANT_SHAPE_TYPES.has(after.type)) return "not-allowed";
  const meta = (after as { meta?: Record<string, unknown> }).meta ?? {};
  if (SERVER_META_KEYS.some((key) => key in meta)) return "not-allowed";
  if (JSON.stringify(after).length > PARTICIPANT_RECORD_MAX_BYTES) return "too-large";
  return null;
}

/** A card moved (position, zone or stacking order) and nothing else: what "tri collectif" allows. */
export function isMoveOfCard(before: TLRecord, after: TLRecord): boolean {
  if (before.typeName !== "shape" || after.typeName !== "shape" || before.type !== "note" || after.type !== "note") return false;
  const moved = new Set(["x", "y", "parentId", "index"]);
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (moved.has(key)) continue;
    const field = (record: TLRecord) => JSON.stringify((record as unknown as Record<string, unknown>)[key]);
    if (field(before) !== field(after)) return false;
  }
  return true;
}

export function isFixed(record: TLRecord): boolean {
  const meta = (record as { meta?: Record<string, unknown> }).meta;
  return record.typeName === "shape" && FIXED_ROLES.has(String(meta?.role));
}
