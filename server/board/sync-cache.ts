import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { encodeAwareness, encodeSyncStep1, encodeSyncStep2 } from "./protocol.js";

/**
 * The frames every newcomer asks for, encoded once per change and shared (issue 19): the server's
 * sync step 1, the whole board as a sync step 2, and everyone's presence. A join storm of 400
 * people on a 20,000-record board then costs one encoding of the board, not 400, and the same
 * bytes go to every socket (ws does not copy a frame it is given).
 */
export class SyncCache {
  private step1: Uint8Array | null = null;
  private fullState: Uint8Array | null = null;
  private known: Map<number, number> | null = null;
  private presence: Uint8Array | null = null;
  /** How many full-state replies were served from the cache, and how many had to be encoded. */
  readonly stats = { hits: 0, encodings: 0 };

  constructor(
    private readonly doc: Y.Doc,
    private readonly awareness: awarenessProtocol.Awareness,
  ) {
    doc.on("update", this.docChanged);
    awareness.on("update", this.presenceChanged);
  }

  syncStep1(): Uint8Array {
    return (this.step1 ??= encodeSyncStep1(this.doc));
  }

  /**
   * The reply to a client's sync step 1. A client that holds nothing the server has (a newcomer,
   * or one whose only content is its own offline edits) needs the whole board: that reply is shared.
   */
  syncStep2(stateVector: Uint8Array): Uint8Array {
    if (!this.needsEverything(stateVector)) return encodeSyncStep2(this.doc, stateVector);
    if (this.fullState) {
      this.stats.hits += 1;
      return this.fullState;
    }
    this.stats.encodings += 1;
    this.fullState = encodeSyncStep2(this.doc, new Uint8Array([0]));
    return this.fullState;
  }

  /** Everyone's presence, for a newcomer or a query; null when nobody has any. */
  presenceFrame(): Uint8Array | null {
    if (this.presence) return this.presence;
    const ids = [...this.awareness.getStates().keys()];
    if (ids.length === 0) return null;
    this.presence = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
    return this.presence;
  }

  destroy(): void {
    this.doc.off("update", this.docChanged);
    this.awareness.off("update", this.presenceChanged);
  }

  private needsEverything(stateVector: Uint8Array): boolean {
    this.known ??= Y.decodeStateVector(Y.encodeStateVector(this.doc));
    for (const [client, clock] of Y.decodeStateVector(stateVector)) {
      if (clock > 0 && this.known.has(client)) return false;
    }
    return true;
  }

  private readonly docChanged = (): void => {
    this.step1 = null;
    this.fullState = null;
    this.known = null;
  };

  private readonly presenceChanged = (): void => {
    this.presence = null;
  };
}
