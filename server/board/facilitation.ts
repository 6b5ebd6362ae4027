// The facilitation of one live board: who is here, the facilitator's controls, and the commands
// that change them. Commands run one at a time; a change is stored before anyone is told of it,
// like the board's own edits. Only a connection the server authenticated as the session's
// facilitator can change the phase, the timer, votes, private mode or locks (docs/decisions/003).
import type { TLRecord } from "@tldraw/tlschema";
import {
  FACILITATOR_COMMANDS,
  encodeFacilitationFrame,
  type FacilitationMessage,
  type FacilitationCommand,
  type FacilitationView,
  type PersonalView,
  type Refusal,
} from "../../board-core/facilitation-protocol.js";
import { facilitationCommandSchema } from "../../board-core/facilitation-commands.js";
import { zoneCards } from "../../board-core/cards.js";
import { boardDebug } from "../log.js";
import {
  Agenda,
  anonymousPhases,
  applyCommand,
  isAnonymousPhase,
  isFeedbackOpen,
  initialFacilitation,
  personalView,
  storedFacilitationSchema,
  voteCounts,
  type BoardPerson,
  type RecordWrite,
  type StoredFacilitation,
} from "../../board-core/facilitation-state.js";

/** What the facilitation needs from its room. */
export interface FacilitationHost {
  records(): TLRecord[];
  /** Writes records into the board, each attributed to whom it is written for: stored, then relayed. */
  write(writes: RecordWrite[]): Promise<void>;
  /** Removes what the canvas cannot read (records, a schema marker it cannot migrate); resolves once stored. */
  repair(): Promise<void>;
  /** The opaque key a person's records are filed under on this board. */
  authorKeyOf(personKey: string): string;
  /** Stores the controls; resolves once durable. */
  save(state: StoredFacilitation): Promise<void>;
  /**
   * Rewrites (`text`) or withdraws a person's own card if the server's ledger says it is theirs
   * (room.ts); `folded` resolves once a withdrawn card's text has left the stored log.
   */
  changeOwnCard(person: BoardPerson, change: { id: string; text?: string }): Promise<{ refusal: Refusal } | { folded: Promise<void> }>;
  /** A person's own cards on the board, in reading order ("Mes cartes"). */
  cardsOf(personKey: string): PersonalView["cards"];
  /** Author keys whose cards changed since the last call. */
  changedAuthors(): Set<string>;
  /** The current step became anonymous (participants' cursors are hidden) or stopped being so. */
  anonymityChanged?(anonymous: boolean): void;
  onWarning(message: string, error?: unknown): void;
}

interface Member {
  send(frame: Uint8Array): void;
}

interface RoomMembership {
  person: BoardPerson;
  /**
   * Set by the member's first facilitation message (our clients send one on every connection):
   * a plain y-websocket client, which knows nothing of these frames, is never sent any.
   */
  listening: boolean;
}

/** How long after a change to the board the list of cards in an open vote is sent again. */
const VOTE_CARDS_DELAY_MS = 250;
/** How long after a change to someone's cards their list ("Mes cartes") is sent again: one per burst of typing. */
const OWN_CARDS_DELAY_MS = 200;

export class Facilitation {
  private state: StoredFacilitation;
  private readonly members = new Map<Member, RoomMembership>();
  private queue: Promise<void> = Promise.resolve();
  private peopleTimer: NodeJS.Timeout | null = null;
  private cardsTimer: NodeJS.Timeout | null = null;
  private ownCardsTimer: NodeJS.Timeout | null = null;
  private lastView = "";

  constructor(
    private readonly agenda: Agenda,
    stored: unknown,
    private readonly host: FacilitationHost,
    private readonly now: () => number = Date.now,
  ) {
    const parsed = storedFacilitationSchema.safeParse(stored);
    if (stored !== null && stored !== undefined && !parsed.success) host.onWarning("facilitation: stored state unreadable, reset");
    this.state = parsed.success ? parsed.data : initialFacilitation(agenda);
  }

  get locks(): StoredFacilitation["locks"] {
    return this.state.locks;
  }

  join(member: Member, person: BoardPerson): void {
    this.members.set(member, { person, listening: false });
    this.schedule("people");
  }

  leave(member: Member): void {
    if (this.members.delete(member)) this.schedule("people");
  }

  /** The board changed: an open vote's list of cards may have too. */
  boardChanged(): void {
    if (this.state.vote) this.schedule("cards");
    this.schedule("own-cards");
  }

  receive(member: Member, text: string): void {
    const membership = this.members.get(member);
    if (!membership) return;
    const { person } = membership;
    if (!membership.listening) {
      membership.listening = true;
      member.send(this.frame({ type: "state", state: this.view(), serverTime: this.now() }));
      member.send(this.frame({ type: "mine", mine: this.personal(person.key) }));
    }
    const json = parseJson(text);
    const parsed = facilitationCommandSchema.safeParse(json);
    if (!parsed.success) return this.refuse(member, "invalid", commandName(json), refOf(json));
    const command = parsed.data;
    const ref = "ref" in command ? command.ref : undefined;
    if (FACILITATOR_COMMANDS.has(command.type) && person.role !== "facilitator") {
      return this.refuse(member, "facilitator-only", command.type, ref);
    }
    if (command.type === "clock") {
      return member.send(this.frame({ type: "clock", sentAt: command.sentAt, serverTime: this.now() }));
    }
    if (command.type === "card-edit" || command.type === "card-withdraw") return this.changeOwnCard(member, person, command);
    this.queue = this.queue.then(async () => {
      const result = applyCommand(this.state, command, person, {
        agenda: this.agenda,
        records: () => this.host.records(),
        now: this.now(),
      });
      if (result.refusal) return this.refuse(member, result.refusal, command.type, ref);
      try {
        if (result.writes?.length) await this.host.write(result.writes);
        if (result.repair) await this.host.repair();
        if (result.state) await this.host.save(result.state);
      } catch (error) {
        this.host.onWarning(`facilitation: could not store "${command.type}"`, error);
        return this.refuse(member, "storage", command.type, ref);
      }
      const wasAnonymous = this.anonymous;
      if (result.state) this.state = result.state;
      if (this.anonymous !== wasAnonymous) this.host.anonymityChanged?.(this.anonymous);
      if (result.summon) this.broadcast(this.frame({ type: "summon", userId: result.summon }), member);
      if (result.state) this.sendView();
      if (result.personal) this.sendPersonal(result.personal);
      member.send(this.frame({ type: "ack", ref, command: command.type }));
    });
  }

  /**
   * A person rewrites or withdraws one of their cards. The room decides whether it is theirs; the
   * answer comes once it is stored (and, for a withdrawal, once its text has left the stored log),
   * without holding up the commands after it.
   */
  private changeOwnCard(
    member: Member,
    person: BoardPerson,
    command: Extract<FacilitationCommand, { type: "card-edit" | "card-withdraw" }>,
  ): void {
    const change = command.type === "card-edit" ? { id: command.id, text: command.text } : { id: command.id };
    let folded: Promise<void> = Promise.resolve();
    this.queue = this.queue.then(async () => {
      try {
        const result = await this.host.changeOwnCard(person, change);
        if ("refusal" in result) return this.refuse(member, result.refusal, command.type, command.ref);
        folded = result.folded.catch(() => undefined);
        void folded.then(() => member.send(this.frame({ type: "ack", ref: command.ref, command: command.type })));
      } catch (error) {
        this.host.onWarning(`facilitation: could not store "${command.type}"`, error);
        this.refuse(member, "storage", command.type, command.ref);
      }
    });
  }

  /** The personal view of one person: their votes, hidden cards and own cards. */
  private personal(personKey: string): PersonalView {
    return personalView(this.state, personKey, this.host.authorKeyOf(personKey), this.host.cardsOf(personKey));
  }

  /** Sends their own cards again to the people whose cards changed. */
  private sendOwnCards(): void {
    const changed = this.host.changedAuthors();
    if (changed.size === 0) return;
    for (const [member, { person, listening }] of this.members) {
      if (listening && changed.has(this.host.authorKeyOf(person.key)))
        member.send(this.frame({ type: "mine", mine: this.personal(person.key) }));
    }
  }

  /**
   * Forgets what the controls hold of one person (their hidden cards of a private brainstorm, their
   * ballots), stored before anyone is told, after the commands received before it.
   */
  forgetPerson(personKey: string): Promise<void> {
    const run = this.queue.then(async () => {
      const state = structuredClone(this.state);
      let changed = false;
      if (state.vote && personKey in state.vote.ballots) {
        delete state.vote.ballots[personKey];
        changed = true;
      }
      if (state.private?.cards.some((card) => card.author === personKey)) {
        state.private.cards = state.private.cards.filter((card) => card.author !== personKey);
        changed = true;
      }
      if (!changed) return;
      await this.host.save(state);
      this.state = state;
      this.sendView();
      this.sendPersonal([personKey]);
    });
    this.queue = run.catch((error: unknown) => this.host.onWarning("facilitation: could not forget a person", error));
    return run;
  }

  /** What participants may do to others' records right now (board-rights.ts decides with it). */
  permissions(): { boardLocked: boolean; sorting: boolean } {
    return { boardLocked: this.state.locks.board, sorting: this.state.sorting !== null && this.state.sorting === this.state.phaseId };
  }

  /** Whether the current step is anonymous: its cards carry no name, participants' cursors are not shown. */
  get anonymous(): boolean {
    return isAnonymousPhase(this.state, this.agenda, this.state.phaseId);
  }

  /** Resolves when every command received so far has been handled. */
  settle(): Promise<void> {
    return this.queue;
  }

  destroy(): void {
    if (this.peopleTimer) clearTimeout(this.peopleTimer);
    if (this.cardsTimer) clearTimeout(this.cardsTimer);
    if (this.ownCardsTimer) clearTimeout(this.ownCardsTimer);
  }

  view(): FacilitationView {
    const { vote, private: privateMode } = this.state;
    return {
      phaseId: this.state.phaseId,
      timer: this.state.timer,
      follow: this.state.follow,
      vote: vote && {
        zoneId: vote.zoneId,
        votesPerPerson: vote.votesPerPerson,
        open: vote.open,
        counts: voteCounts(vote.ballots),
        cards: zoneCards(this.host.records(), vote.zoneId),
      },
      private: privateMode && {
        zoneId: privateMode.zoneId,
        anonymous: privateMode.anonymous,
        hiddenCards: privateMode.cards.length,
        authors: new Set(privateMode.cards.map((card) => card.author)).size,
      },
      locks: this.state.locks,
      sorting: this.permissions().sorting,
      anonymous: this.anonymous,
      anonymousPhases: anonymousPhases(this.state, this.agenda),
      feedback: isFeedbackOpen(this.state, this.agenda),
      people: this.people(),
    };
  }

  private people(): FacilitationView["people"] {
    const byKey = new Map<string, FacilitationView["people"][number]>();
    for (const { person } of this.members.values()) {
      const entry = byKey.get(person.key);
      if (entry) entry.connections++;
      else byKey.set(person.key, { name: person.name, role: person.role, connections: 1 });
    }
    return [...byKey.values()].sort((a, b) => (a.role === b.role ? a.name.localeCompare(b.name, "fr") : a.role === "facilitator" ? -1 : 1));
  }

  /** Arrivals and departures, and edits during a vote, come in bursts: one view for each burst. */
  private schedule(what: "people" | "cards" | "own-cards"): void {
    if (what === "own-cards" && !this.ownCardsTimer) {
      this.ownCardsTimer = setTimeout(() => {
        this.ownCardsTimer = null;
        this.sendOwnCards();
      }, OWN_CARDS_DELAY_MS);
    }
    if (what === "people" && !this.peopleTimer) {
      this.peopleTimer = setTimeout(() => {
        this.peopleTimer = null;
        this.sendView();
      }, 50);
    }
    if (what === "cards" && !this.cardsTimer) {
      this.cardsTimer = setTimeout(() => {
        this.cardsTimer = null;
        this.sendView();
      }, VOTE_CARDS_DELAY_MS);
    }
  }

  /** Sends the shared view to everyone, unless it has not changed since it was last sent. */
  private sendView(): void {
    const view = this.view();
    const key = JSON.stringify(view);
    if (key === this.lastView) return;
    this.lastView = key;
    this.broadcast(this.frame({ type: "state", state: view, serverTime: this.now() }));
  }

  private sendPersonal(keys: string[] | "*"): void {
    for (const [member, { person, listening }] of this.members) {
      if (listening && (keys === "*" || keys.includes(person.key))) {
        member.send(this.frame({ type: "mine", mine: this.personal(person.key) }));
      }
    }
  }

  private refuse(member: Member, reason: Refusal, command: string, ref?: string): void {
    member.send(this.frame({ type: "refused", ref, command, reason }));
  }

  private broadcast(frame: Uint8Array, except?: Member): void {
    for (const [member, { listening }] of this.members) if (listening && member !== except) member.send(frame);
  }

  /** Tells a member why something they sent was dropped, if they understand facilitation frames. */
  tell(member: Member, message: FacilitationMessage): void {
    if (this.members.get(member)?.listening) member.send(this.frame(message));
  }

  private frame(message: FacilitationMessage): Uint8Array {
    return encodeFacilitationFrame(message);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    boardDebug("facilitation: unreadable command", error);
    return undefined;
  }
}

/** The `type` a refused message claimed, to name it in the answer ("?" when it has none). */
/** The reference a refused message carried, if it reads as one: the sender's screen then hears back at once. */
function refOf(json: unknown): string | undefined {
  const ref = (json as { ref?: unknown } | undefined)?.ref;
  return typeof ref === "string" && ref.length <= 40 ? ref : undefined;
}

function commandName(json: unknown): string {
  const type = (json as { type?: unknown } | undefined)?.type;
  return typeof type === "string" ? type : "?";
}
