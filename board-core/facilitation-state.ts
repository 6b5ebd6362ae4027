// What the facilitator controls on a live board, and how each command changes it. Pure: no
// sockets, no database, the clock passed in. server/board/facilitation.ts runs these against a
// room, stores the result and tells everyone.
import type { TLRecord } from "@tldraw/tlschema";
import { z } from "zod";
import { findFrame, highestChildIndex, placeCards, voteBadge, zoneNotes } from "./cards.js";
import { PRIVATE_CARDS_MAX, type FacilitationCommand, type PersonalView, type Refusal } from "./facilitation-protocol.js";
import { boardAgenda, type BoardAgenda } from "./agenda.js";
import { getIndexAbove } from "@tldraw/utils";

/** Someone on the board, as the server authenticated them: `key` is stable across their tabs. */
export interface BoardPerson {
  key: string;
  role: "facilitator" | "participant";
  name: string;
}

const timerSchema = z.object({
  durationMs: z.number().int().nonnegative(),
  running: z.boolean(),
  endsAt: z.number().nullable(),
  remainingMs: z.number().int().nonnegative(),
});

const privateCardSchema = z.object({
  id: z.string(),
  author: z.string(),
  authorName: z.string(),
  text: z.string(),
  x: z.number().optional(),
  y: z.number().optional(),
});

/** Stored as JSON in Board.facilitation. Ballots and hidden cards never leave the server as such. */
export const storedFacilitationSchema = z.object({
  phaseId: z.string().nullable(),
  timer: timerSchema,
  follow: z.object({ userId: z.string(), name: z.string() }).nullable(),
  vote: z
    .object({
      zoneId: z.string(),
      votesPerPerson: z.number().int(),
      open: z.boolean(),
      /** person key → card id → votes */
      ballots: z.record(z.string(), z.record(z.string(), z.number().int())),
    })
    .nullable(),
  private: z.object({ zoneId: z.string(), anonymous: z.boolean(), cards: z.array(privateCardSchema) }).nullable(),
  locks: z.object({ frames: z.boolean(), board: z.boolean() }),
  /** The phase in which the facilitator opened "tri collectif" (anyone may move cards); it ends with the phase. */
  sorting: z.string().nullable().default(null),
  /** Steps the facilitator made anonymous (true) or named (false) live, over what the template says. */
  anonymous: z.record(z.string(), z.boolean()).default({}),
  /**
   * The facilitator opened (true) or closed (false) the end-of-session questions live, over what the
   * current step says (issue 16.1); null: the step decides.
   */
  feedback: z.boolean().nullable().default(null),
});
export type StoredFacilitation = z.infer<typeof storedFacilitationSchema>;
type PrivateCard = z.infer<typeof privateCardSchema>;

/** The session's phases (board-core/agenda.ts) and, for each zone frame on the board, the phase it belongs to. */
export class Agenda {
  readonly zones = new Map<string, { phaseId: string; label: string }>();

  constructor(readonly phases: BoardAgenda["phases"]) {
    for (const phase of phases) {
      for (const zone of phase.zones) this.zones.set(zone.frameId, { phaseId: phase.id, label: zone.label });
    }
  }

  static parse(value: unknown): Agenda {
    return new Agenda(boardAgenda(value).phases);
  }

  phase(phaseId: string | null): BoardAgenda["phases"][number] | undefined {
    return this.phases.find((phase) => phase.id === phaseId);
  }

  zonesOf(phaseId: string | null): string[] {
    return this.phase(phaseId)?.zones.map((zone) => zone.frameId) ?? [];
  }
}

/** Whether cards written during `phaseId` are anonymous: the facilitator's live choice, else the template's. */
export function isAnonymousPhase(state: StoredFacilitation, agenda: Agenda, phaseId: string | null): boolean {
  if (phaseId === null) return false;
  return state.anonymous[phaseId] ?? agenda.phase(phaseId)?.anonymous ?? false;
}

/** Whether participants are asked the session's questions now: the facilitator's choice, else the current step's. */
export function isFeedbackOpen(state: StoredFacilitation, agenda: Agenda): boolean {
  return state.feedback ?? agenda.phase(state.phaseId)?.feedback != null;
}

export function anonymousPhases(state: StoredFacilitation, agenda: Agenda): string[] {
  return agenda.phases.filter((phase) => isAnonymousPhase(state, agenda, phase.id)).map((phase) => phase.id);
}

const MINUTE = 60_000;

/** A board's controls before the facilitator touched anything: first phase, its timer stopped, zones locked. */
export function initialFacilitation(agenda: Agenda): StoredFacilitation {
  const first = agenda.phases[0];
  const durationMs = (first?.minutes ?? 10) * MINUTE;
  return {
    phaseId: first?.id ?? null,
    timer: { durationMs, running: false, endsAt: null, remainingMs: durationMs },
    follow: null,
    vote: null,
    private: null,
    locks: { frames: true, board: false },
    sorting: null,
    anonymous: {},
    feedback: null,
  };
}

/**
 * A record the server writes, attributed to `author` (the card's author) when it is written for
 * someone. A card of an anonymous step has `hiddenAuthor` instead (the person key): the server keeps
 * it out of the board (HiddenAuthorship), so that its author may still withdraw it.
 */
export interface RecordWrite {
  record: TLRecord;
  author?: { key: string; name: string };
  hiddenAuthor?: string;
}

/** The outcome of one command: the next state, or why it was refused, and what it asks of the room. */
export interface CommandResult {
  refusal?: Refusal;
  state?: StoredFacilitation;
  /** Records the server writes into the board (through the log, like any edit), and who each is written for. */
  writes?: RecordWrite[];
  summon?: string;
  /** Bring the stored board back to a state the canvas can read (facilitation.ts asks the room). */
  repair?: true;
  /** People whose personal view changed; "*" for everyone. */
  personal?: string[] | "*";
}

export interface CommandContext {
  agenda: Agenda;
  records: () => TLRecord[];
  now: number;
}

/** Applies `command` from `person` to a copy of `state`. */
export function applyCommand(
  current: StoredFacilitation,
  command: FacilitationCommand,
  person: BoardPerson,
  context: CommandContext,
): CommandResult {
  const state = structuredClone(current);
  const { agenda, now } = context;
  switch (command.type) {
    case "clock":
      return {};
    case "phase": {
      const phase = agenda.phase(command.phaseId);
      if (!phase) return { refusal: "unknown-phase" };
      state.phaseId = phase.id;
      state.timer = stoppedTimer(phase.minutes * MINUTE);
      state.sorting = null;
      return { state };
    }
    case "timer":
      state.timer = nextTimer(state.timer, command, now, (agenda.phase(state.phaseId)?.minutes ?? 10) * MINUTE);
      return { state };
    case "follow":
      state.follow = command.userId === null ? null : { userId: command.userId, name: person.name };
      return { state };
    case "summon":
      return { summon: command.userId };
    case "repair":
      return { repair: true };
    case "locks":
      state.locks = { frames: command.frames, board: command.board };
      return { state };
    case "sorting":
      state.sorting = command.open ? state.phaseId : null;
      return { state };
    case "anonymous":
      if (!agenda.phase(command.phaseId)) return { refusal: "unknown-phase" };
      state.anonymous[command.phaseId] = command.anonymous;
      return { state };
    case "feedback":
      state.feedback = command.open;
      return { state };
    case "vote-open":
      if (!agenda.zones.has(command.zoneId)) return { refusal: "unknown-zone" };
      state.vote = { zoneId: command.zoneId, votesPerPerson: command.votesPerPerson, open: true, ballots: {} };
      return { state, personal: "*" };
    case "vote-close": {
      if (!state.vote?.open) return { refusal: "no-vote" };
      state.vote.open = false;
      const badges = voteBadges(context.records(), state.vote.zoneId, voteCounts(state.vote.ballots));
      return { state, writes: badges.map((record) => ({ record })) };
    }
    case "vote":
      return castVote(state, command, person, context.records());
    case "private-start":
      if (!agenda.zones.has(command.zoneId)) return { refusal: "unknown-zone" };
      state.private = { zoneId: command.zoneId, anonymous: command.anonymous, cards: state.private?.cards ?? [] };
      return { state, personal: "*" };
    case "private-reveal": {
      if (!state.private) return { refusal: "not-private" };
      const frame = findFrame(context.records(), state.private.zoneId);
      if (!frame) return { refusal: "unknown-zone" };
      const anonymous = state.private.anonymous || isAnonymousPhase(state, agenda, state.phaseId);
      const { cards } = state.private;
      state.private = null;
      const revealed = shuffled(cards).filter((card) => card.text.trim());
      const placed = placeCards(
        context.records(),
        frame,
        revealed.map((card) => ({ text: card.text, meta: { via: "private" as const } })),
      );
      // placeCards returns the new notes in the order given (then the frame if it grew).
      const writes = placed.map((record, index) => {
        const card = revealed[index];
        if (!card) return { record };
        return anonymous ? { record, hiddenAuthor: card.author } : { record, author: { key: card.author, name: card.authorName } };
      });
      return { state, writes, personal: "*" };
    }
    case "private-card":
      return keepPrivateCard(state, person, { id: command.id, text: command.text, x: command.x, y: command.y });
    case "private-card-remove": {
      if (!state.private) return { refusal: "not-private" };
      state.private.cards = state.private.cards.filter((card) => !(card.id === command.id && card.author === person.key));
      return { state, personal: [person.key] };
    }
    case "post":
      return post(state, command, person, context);
    case "card-edit":
    case "card-withdraw":
      // Handled by the room, which knows who wrote what (server/board/facilitation.ts).
      return { refusal: "invalid" };
  }
}

function stoppedTimer(durationMs: number) {
  return { durationMs, running: false, endsAt: null, remainingMs: durationMs };
}

function nextTimer(
  timer: StoredFacilitation["timer"],
  command: Extract<FacilitationCommand, { type: "timer" }>,
  now: number,
  phaseMs: number,
): StoredFacilitation["timer"] {
  const left = timer.running && timer.endsAt !== null ? Math.max(0, timer.endsAt - now) : timer.remainingMs;
  switch (command.action) {
    case "start": {
      const durationMs = command.minutes ? command.minutes * MINUTE : timer.durationMs;
      const remainingMs = command.minutes || left === 0 ? durationMs : left;
      return { durationMs, running: true, endsAt: now + remainingMs, remainingMs };
    }
    case "pause":
      return { ...timer, running: false, endsAt: null, remainingMs: left };
    case "add-minute":
      return timer.running && timer.endsAt !== null
        ? { ...timer, durationMs: timer.durationMs + MINUTE, endsAt: Math.max(timer.endsAt, now) + MINUTE }
        : { ...timer, durationMs: timer.durationMs + MINUTE, remainingMs: left + MINUTE };
    case "reset":
      return stoppedTimer(command.minutes ? command.minutes * MINUTE : phaseMs);
  }
}

export function voteCounts(ballots: Record<string, Record<string, number>>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const ballot of Object.values(ballots)) {
    for (const [cardId, votes] of Object.entries(ballot)) if (votes > 0) counts[cardId] = (counts[cardId] ?? 0) + votes;
  }
  return counts;
}

function castVote(
  state: StoredFacilitation,
  command: Extract<FacilitationCommand, { type: "vote" }>,
  person: BoardPerson,
  records: TLRecord[],
): CommandResult {
  const vote = state.vote;
  if (!vote?.open) return { refusal: "no-vote" };
  if (!zoneNotes(records, vote.zoneId).some((note) => note.id === command.cardId)) return { refusal: "unknown-card" };
  const ballot = (vote.ballots[person.key] ??= {});
  const used = Object.values(ballot).reduce((sum, votes) => sum + votes, 0);
  const mine = ballot[command.cardId] ?? 0;
  if (command.change === 1 && used >= vote.votesPerPerson) return { refusal: "no-votes-left" };
  if (command.change === -1 && mine === 0) return { refusal: "unknown-card" };
  if (mine + command.change === 0) delete ballot[command.cardId];
  else ballot[command.cardId] = mine + command.change;
  return { state, personal: [person.key] };
}

function voteBadges(records: TLRecord[], zoneId: string, counts: Record<string, number>): TLRecord[] {
  let index = highestChildIndex(records, zoneId);
  return zoneNotes(records, zoneId)
    .filter((note) => (counts[note.id] ?? 0) > 0)
    .map((note) => voteBadge(note, counts[note.id], (index = getIndexAbove(index))));
}

function keepPrivateCard(state: StoredFacilitation, person: BoardPerson, card: Omit<PrivateCard, "author" | "authorName">): CommandResult {
  if (!state.private) return { refusal: "not-private" };
  const cards = state.private.cards;
  const existing = cards.find((candidate) => candidate.id === card.id);
  if (existing && existing.author !== person.key) return { refusal: "unknown-card" };
  if (!existing && cards.filter((candidate) => candidate.author === person.key).length >= PRIVATE_CARDS_MAX) {
    return { refusal: "too-many-cards" };
  }
  const kept = { ...card, author: person.key, authorName: person.name };
  state.private.cards = existing ? cards.map((candidate) => (candidate === existing ? kept : candidate)) : [...cards, kept];
  return { state, personal: [person.key] };
}

function post(
  state: StoredFacilitation,
  command: Extract<FacilitationCommand, { type: "post" }>,
  person: BoardPerson,
  context: CommandContext,
): CommandResult {
  const zones = context.agenda.zonesOf(state.phaseId);
  const zoneId = command.zoneId ?? zones[0];
  if (!zoneId) return { refusal: "no-zone" };
  if (!zones.includes(zoneId)) return { refusal: "unknown-zone" };
  if (state.private?.zoneId === zoneId) {
    return keepPrivateCard(state, person, { id: `shape:private.${crypto.randomUUID()}`, text: command.text });
  }
  const anonymous = isAnonymousPhase(state, context.agenda, state.phaseId);
  // The sender wrote expecting one thing: their card is never named when they thought it would not be.
  if (command.anonymous !== undefined && command.anonymous !== anonymous) return { refusal: "anonymity-changed" };
  const frame = findFrame(context.records(), zoneId);
  if (!frame) return { refusal: "unknown-zone" };
  const [card, ...rest] = placeCards(context.records(), frame, [{ text: command.text, meta: { via: anonymous ? "anonymous" : "phone" } }]);
  const written: RecordWrite = anonymous
    ? { record: card, hiddenAuthor: person.key }
    : { record: card, author: { key: person.key, name: person.name } };
  return { writes: [written, ...rest.map((record) => ({ record }))] };
}

export function personalView(
  state: StoredFacilitation,
  personKey: string,
  authorKey: string,
  cards: PersonalView["cards"] = [],
): PersonalView {
  const ballot = state.vote?.ballots[personKey] ?? {};
  const used = Object.values(ballot).reduce((sum, votes) => sum + votes, 0);
  return {
    authorKey,
    votes: { ...ballot },
    votesLeft: state.vote?.open ? Math.max(0, state.vote.votesPerPerson - used) : 0,
    privateCards: (state.private?.cards ?? [])
      .filter((card) => card.author === personKey)
      .map(({ id, text, x, y }) => ({ id, text, ...(x !== undefined && y !== undefined ? { x, y } : {}) })),
    cards,
  };
}

/** Revealed cards come in no particular order, so their place on the board does not tell who wrote first. */
function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
