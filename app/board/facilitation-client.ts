// The browser's end of the facilitation channel, for the canvas and for the phone screen alike:
// keeps the latest shared and personal views, estimates the server's clock, and sends commands
// whose answer (done or refused, and why) comes back as a promise. No DOM, no React: the transport
// is given (the y-websocket provider's socket, or a plain WebSocket on the phone).
import {
  MESSAGE_FACILITATION,
  encodeFacilitationFrame,
  readFacilitationFrame,
  type FacilitationCommand,
  type FacilitationMessage,
  type FacilitationView,
  type PersonalView,
  type Refusal,
} from "../../board-core/facilitation-protocol.js";

export type CommandOutcome = { ok: true } | { ok: false; reason: Refusal | "offline" };

type Listener = () => void;
type CommandInput = FacilitationCommand extends infer C ? (C extends { ref?: string } ? Omit<C, "ref"> : never) : never;

/** How long a command waits for its answer before it counts as lost (the connection dropped). */
const COMMAND_TIMEOUT_MS = 10_000;
/** How long the panel says why an edit was undone. */
const REFUSED_EDIT_SHOWN_MS = 8_000;

export class FacilitationClient {
  view: FacilitationView | null = null;
  mine: PersonalView = { authorKey: "", votes: {}, votesLeft: 0, privateCards: [], cards: [] };
  /** The server undid part of this screen's last refused board edit, and why (shown in the panel). */
  refusedEdit: { reason: Refusal; at: number } | null = null;
  /** Server time minus local time, in ms, from the best (shortest round trip) clock sample. */
  clockOffsetMs = 0;
  private bestRoundTrip = Infinity;
  private readonly listeners = new Set<Listener>();
  private readonly summonListeners = new Set<(userId: string) => void>();
  private readonly waiting = new Map<string, { resolve: (outcome: CommandOutcome) => void; timer: ReturnType<typeof setTimeout> }>();
  private nextRef = 1;

  constructor(private readonly transport: { send(frame: Uint8Array): boolean }) {}

  /** Server time now, as this browser estimates it (a stable function, safe to pass around). */
  readonly serverNow = (): number => Date.now() + this.clockOffsetMs;

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onSummon(listener: (userId: string) => void): () => void {
    this.summonListeners.add(listener);
    return () => this.summonListeners.delete(listener);
  }

  /** Asks the server for its time; call on every (re)connection. Three samples, the best one kept. */
  syncClock(): void {
    for (let i = 0; i < 3; i++) this.transport.send(encodeFacilitationFrame({ type: "clock", sentAt: Date.now() }));
  }

  send(command: CommandInput): Promise<CommandOutcome> {
    const ref = String(this.nextRef++);
    return new Promise((resolve) => {
      if (!this.transport.send(encodeFacilitationFrame({ ...command, ref } as FacilitationCommand))) {
        return resolve({ ok: false, reason: "offline" });
      }
      const timer = setTimeout(() => {
        this.waiting.delete(ref);
        resolve({ ok: false, reason: "offline" });
      }, COMMAND_TIMEOUT_MS);
      this.waiting.set(ref, { resolve, timer });
    });
  }

  /** Handles a frame from the server; returns false if it was not a facilitation frame. */
  receive(frame: Uint8Array): boolean {
    if (frame[0] !== MESSAGE_FACILITATION) return false;
    const text = readFacilitationFrame(frame);
    if (text !== null) this.receiveText(text);
    return true;
  }

  /** Handles the JSON text of a facilitation frame (the y-websocket provider hands us its decoder). */
  receiveText(text: string): void {
    let message: FacilitationMessage;
    try {
      message = JSON.parse(text) as FacilitationMessage;
    } catch {
      return;
    }
    this.handle(message);
  }

  handle(message: FacilitationMessage): void {
    switch (message.type) {
      case "state":
        this.view = message.state;
        break;
      case "mine":
        this.mine = message.mine;
        break;
      case "clock": {
        const receivedAt = Date.now();
        const roundTrip = receivedAt - message.sentAt;
        if (roundTrip <= this.bestRoundTrip) {
          this.bestRoundTrip = roundTrip;
          this.clockOffsetMs = message.serverTime - (message.sentAt + roundTrip / 2);
        }
        break;
      }
      case "summon":
        for (const listener of this.summonListeners) listener(message.userId);
        return;
      case "ack":
      case "refused": {
        const waiting = message.ref ? this.waiting.get(message.ref) : undefined;
        if (message.type === "refused" && message.command === "update") this.showRefusedEdit(message.reason);
        if (waiting) {
          clearTimeout(waiting.timer);
          this.waiting.delete(message.ref!);
          waiting.resolve(message.type === "ack" ? { ok: true } : { ok: false, reason: message.reason });
        }
        break;
      }
    }
    for (const listener of this.listeners) listener();
  }

  /** Says for a few seconds why the server undid an edit (its canvas is already back in step). */
  private showRefusedEdit(reason: Refusal): void {
    const shown = { reason, at: Date.now() };
    this.refusedEdit = shown;
    setTimeout(() => {
      if (this.refusedEdit !== shown) return;
      this.refusedEdit = null;
      for (const listener of this.listeners) listener();
    }, REFUSED_EDIT_SHOWN_MS);
  }

  /** A new connection: round trips measured on the old one say nothing of this one. */
  reconnected(): void {
    this.bestRoundTrip = Infinity;
    this.syncClock();
  }

  destroy(): void {
    for (const { resolve, timer } of this.waiting.values()) {
      clearTimeout(timer);
      resolve({ ok: false, reason: "offline" });
    }
    this.waiting.clear();
    this.listeners.clear();
    this.summonListeners.clear();
  }
}
