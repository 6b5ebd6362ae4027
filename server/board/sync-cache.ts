import * as decoding from "lib0/decoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { encodeAwareness, encodeSyncStep1, encodeSyncStep2, encodeSyncStep2Update, encodeUpdate } from "./protocol.js";

/**
 * The frames every newcomer asks for, shared between them (issue 19): the server's sync step 1,
 * everyone's presence, and the whole board as the stored board itself — the baseline (the last
 * snapshot, encoded once as a sync step 2) followed by the updates stored since, each in the very
 * frame it was relayed in. Nothing is re-encoded when the board changes: a stored update is appended,
 * and a compaction (done off the main thread) replaces the baseline and drops the updates it folded.
 * A join storm of 400 people on a 20,000-record board while others edit then costs no encoding of
 * the board at all, and the same bytes go to every socket (ws does not copy a frame it is given).
 */
export class SyncCache {
  private step1: Uint8Array | null = null;
  private baseFrame: Uint8Array | null = null;
  private tail: Uint8Array[] = [];
  private tailBytes = 0;
  private known: Map<number, number> | null = null;
  private presence: Uint8Array | null = null;
  /** How many whole-board replies were sent, and how many times a baseline had to be encoded. */
  readonly stats = { hits: 0, encodings: 0 };

  constructor(
    private readonly doc: Y.Doc,
    private readonly awareness: awarenessProtocol.Awareness,
    private base: Uint8Array | null = null,
    stored: Uint8Array[] = [],
  ) {
    for (const update of stored) this.append(encodeUpdate(update));
    doc.on("update", this.docChanged);
    awareness.on("update", this.presenceChanged);
  }

  /** Bytes of the updates stored since the baseline: past some size, a compaction is worth it. */
  get bytesSinceBaseline(): number {
    return this.tailBytes;
  }

  syncStep1(): Uint8Array {
    return (this.step1 ??= encodeSyncStep1(this.doc));
  }

  /** An update was stored and relayed in `frame`: newcomers get it after the baseline. */
  stored(frame: Uint8Array): void {
    this.append(frame);
  }

  /** The stored board as the cache holds it: the baseline and the updates stored after it, in order. */
  storedBoard(): { base: Uint8Array | null; updates: Uint8Array[] } {
    return { base: this.base, updates: this.tail.map(updateOfFrame) };
  }

  /** A compaction stored `snapshot` in place of the baseline and the first `folded` updates after it. */
  compacted(snapshot: Uint8Array, folded: number): void {
    this.base = snapshot;
    this.baseFrame = null;
    for (const frame of this.tail.splice(0, folded)) this.tailBytes -= frame.byteLength;
  }

  /**
   * The reply to a client's sync step 1. A client that holds nothing the server has (a newcomer, or
   * one whose only content is its own offline edits) gets the stored board, shared; any other gets
   * what it lacks, encoded for it.
   */
  syncStep2(stateVector: Uint8Array): Uint8Array[] {
    if (!this.needsEverything(stateVector)) return [encodeSyncStep2(this.doc, stateVector)];
    this.stats.hits += 1;
    if (!this.baseFrame) {
      this.stats.encodings += 1;
      this.baseFrame = encodeSyncStep2Of(this.base);
    }
    return [this.baseFrame, ...this.tail];
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

  private append(frame: Uint8Array): void {
    this.tail.push(frame);
    this.tailBytes += frame.byteLength;
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
    this.known = null;
  };

  private readonly presenceChanged = (): void => {
    this.presence = null;
  };
}

/** A sync step 2 carrying a stored snapshot as it is (an empty update when there is none yet). */
function encodeSyncStep2Of(snapshot: Uint8Array | null): Uint8Array {
  return encodeSyncStep2Update(snapshot ?? EMPTY_UPDATE);
}

const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());

/** The update inside a relayed sync-update frame (a view, not a copy). */
function updateOfFrame(frame: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(frame);
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
  return decoding.readVarUint8Array(decoder);
}
