import * as awarenessProtocol from "y-protocols/awareness";
import { encodeAwareness } from "./protocol.js";

export interface AwarenessRelayOptions {
  /** A real change (cursor moved, name set, someone left) waits at most this long. */
  changeDelayMs: number;
  /**
   * Renewals (a client saying "still here" with an unchanged state, every 15 s in y-protocols)
   * are gathered this long and sent together: an idle room of N people then costs N messages
   * per window, not N² per renewal period. Must stay well under the clients' 30 s timeout.
   */
  renewalDelayMs: number;
}

export const DEFAULT_AWARENESS_RELAY: AwarenessRelayOptions = { changeDelayMs: 50, renewalDelayMs: 10_000 };

/** Relays a room's presence (awareness) to its connections, coalesced to keep traffic linear. */
export class AwarenessRelay {
  private readonly changed = new Set<number>();
  private readonly renewed = new Set<number>();
  private changeTimer: NodeJS.Timeout | null = null;
  private renewalTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly awareness: awarenessProtocol.Awareness,
    private readonly broadcast: (frame: Uint8Array) => void,
    private readonly options: AwarenessRelayOptions = DEFAULT_AWARENESS_RELAY,
  ) {
    // y-protocols emits "change" (states that differ) before "update" (every state received).
    awareness.on("change", this.onChange);
    awareness.on("update", this.onUpdate);
  }

  destroy(): void {
    this.awareness.off("change", this.onChange);
    this.awareness.off("update", this.onUpdate);
    if (this.changeTimer) clearTimeout(this.changeTimer);
    if (this.renewalTimer) clearTimeout(this.renewalTimer);
  }

  private readonly onChange = ({ added, updated, removed }: AwarenessChange): void => {
    for (const id of [...added, ...updated, ...removed]) {
      this.changed.add(id);
      this.renewed.delete(id);
    }
    this.changeTimer ??= this.later(() => this.send(this.changed, "change"), this.options.changeDelayMs);
  };

  private readonly onUpdate = ({ updated }: AwarenessChange): void => {
    for (const id of updated) if (!this.changed.has(id)) this.renewed.add(id);
    if (this.renewed.size > 0) {
      this.renewalTimer ??= this.later(() => this.send(this.renewed, "renewal"), this.options.renewalDelayMs);
    }
  };

  private later(task: () => void, delay: number): NodeJS.Timeout {
    const timer = setTimeout(task, delay);
    timer.unref();
    return timer;
  }

  private send(ids: Set<number>, which: "change" | "renewal"): void {
    if (which === "change") this.changeTimer = null;
    else this.renewalTimer = null;
    if (ids.size === 0) return;
    const frame = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...ids]));
    ids.clear();
    this.broadcast(frame);
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}
