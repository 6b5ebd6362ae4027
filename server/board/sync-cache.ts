import { promisify } from "node:util";
import { gzip } from "node:zlib";
import * as decoding from "lib0/decoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { newLineage, type Compactor, type FramedUpdate, type MergeLineage } from "./compactor.js";
import { boardWarning } from "../log.js";
import { encodeAwareness, encodeSyncGzip, encodeSyncStep1, encodeSyncStep2, encodeSyncStep2Update, encodeUpdate } from "./protocol.js";

/** Stored updates a newcomer may get after the shared whole-board frame before a fresher one is merged for the next ones. */
const MAX_UNCOVERED = 50;
/**
 * After a merge for newcomers that took D ms, the next one started for them in the background waits
 * until MERGE_REST_FACTOR × D ms have passed, so that merging a big board never keeps a core busy
 * (a storm of 400 newcomers onto 20,000 notes with edits streaming in merged back to back, one
 * merge every 0.3–0.6 s on a 2-core host); newcomers meanwhile get more of the stored updates with
 * the frame (see `syncStep2` for what that costs a client).
 */
const MERGE_REST_FACTOR = 10;
/**
 * Nor before the updates after the frame weigh 1/WHOLE_PER_TAIL of it: a merge costs about the
 * board's size (the first one of a 20,000-note board, 1.5–1.8 s of a core in a storm), a tail costs
 * the newcomers its bytes.
 */
const WHOLE_PER_TAIL = 32;
/** Past this many updates after the whole-board frame, a merge starts even while resting. */
const MAX_UNCOVERED_RESTING = 400;
/**
 * Folded entries kept for the worker's doc while it is behind the snapshot weigh at most the
 * snapshot (or this, for a small board): past that, decoding the snapshot costs no more than
 * applying them, and the worker's next merge starts from it.
 */
const MIN_FOLDED_KEPT_BYTES = 256 * 1024;
/** Below this, a whole-board frame goes plain even to clients that can inflate it. */
const MIN_GZIP_BYTES = 16 * 1024;
/** zlib runs on libuv's thread pool, off the event loop; level 6 is zlib's default (25 ms for 8 MiB). */
const gzipAsync = promisify(gzip);
const GZIP_OPTIONS = { level: 6, chunkSize: 256 * 1024 };

/**
 * The frames every newcomer asks for, shared between them (issue 19): the server's sync step 1,
 * everyone's presence, and the whole board. The main thread never encodes the whole board: it keeps
 * the stored board as stored — the last snapshot and the updates stored after it, each in the very
 * frame it was relayed in — and a "whole board" sync step 2 merged from them in the compaction
 * worker when a newcomer needs a fresher one (never in the background: on a big board edited all
 * day that would keep a core busy for nobody, and at most one in MERGE_REST_FACTOR of the time).
 * A newcomer gets the updates stored after that frame, then the frame. Everything sent is stored,
 * and the same bytes go to every socket (ws does not copy a frame it is given).
 */
export class SyncCache {
  private step1: Uint8Array | null = null;
  private tail: Uint8Array[] = [];
  private tailBytes = 0;
  /** The whole board as of the first `covers` entries of the tail, as a sync step 2. */
  private whole: { frame: Uint8Array; covers: number };
  private refreshing: { done: Promise<void>; frame: boolean } | null = null;
  /** No merge for newcomers is started in the background before this time (`clock`), unless the tail is long. */
  private restUntil = Number.NEGATIVE_INFINITY;
  /**
   * How many entries of this cache's log the doc the newcomers' worker keeps holds (null: none that
   * can be used). Counted from the room's load, like `baseAt`, so that a fold does not make it wrong.
   */
  private workerAt: number | null = null;
  /**
   * The entries a fold took out of the tail that the worker's doc lacks (it holds the first
   * `workerAt`, the snapshot the first `baseAt`): sent with the next merge, they bring that doc
   * forward instead of a merge from the snapshot, which decodes the whole board (after each fold of a
   * long day, 0.3–0.8 s of a core at 10,000–20,000 notes, when everyone reconnects).
   */
  private folded: Uint8Array[] = [];
  private foldedBytes = 0;
  /** Counts compactions, so that a reply prepared before one is not sent as if nothing had changed. */
  private generation = 0;
  /** The room went: no merge starts, and one that ends lets go of what it kept in the worker. */
  private destroyed = false;
  /** This cache's stored log, for the worker's kept docs; `baseAt`: entries the snapshot holds of it. */
  private readonly lineage: string;
  private baseAt = 0;
  private known: Map<number, number> | null = null;
  private presence: Uint8Array | null = null;
  /** The gzipped form of a whole-board frame, made once per frame for the clients that ask for it. */
  private readonly gzipped = new WeakMap<Uint8Array, Promise<Uint8Array | null>>();
  /** Whole-board replies sent, whole-board frames merged for them, and gzipped forms made of those frames. */
  readonly stats = { hits: 0, encodings: 0, compressions: 0 };

  constructor(
    private readonly doc: Y.Doc,
    private readonly awareness: awarenessProtocol.Awareness,
    private readonly compactor: Compactor,
    /** The name the worker keeps this board's merged doc under. */
    private readonly board: string,
    private base: Uint8Array | null = null,
    stored: Uint8Array[] = [],
    /** Milliseconds, for the rest between merges (a test's own clock). */
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.lineage = newLineage(board);
    this.whole = { frame: encodeSyncStep2Update(base ?? EMPTY_UPDATE), covers: 0 };
    for (const update of stored) this.append(encodeUpdate(update));
    doc.on("update", this.docChanged);
    awareness.on("update", this.presenceChanged);
  }

  /** Bytes of the updates stored since the snapshot: past some size, a compaction is worth it. */
  get bytesSinceBaseline(): number {
    return this.tailBytes;
  }

  /** Updates stored since the snapshot: the log entries a compaction would fold. */
  get entriesSinceBaseline(): number {
    return this.tail.length;
  }

  /** Bytes of the stored snapshot the updates build on. */
  get baselineBytes(): number {
    return this.base?.byteLength ?? 0;
  }

  syncStep1(): Uint8Array {
    return (this.step1 ??= encodeSyncStep1(this.doc));
  }

  /** An update was stored and relayed in `frame`: newcomers get it too. */
  stored(frame: Uint8Array): void {
    this.append(frame);
  }

  /**
   * The stored board as the cache holds it: the snapshot and the updates stored after it, in order,
   * and where the snapshot sits in this cache's log (for a worker that kept a doc of it).
   */
  storedBoard(): { base: Uint8Array | null; updates: Uint8Array[]; from: MergeLineage } {
    return { base: this.base, updates: this.tail.map(updateOfFrame), from: this.position };
  }

  /** Where the snapshot sits in this cache's log, for the worker's kept docs. */
  private get position(): MergeLineage {
    return { lineage: this.lineage, baseAt: this.baseAt };
  }

  /**
   * A compaction stored `snapshot.update` in place of the previous snapshot and the first `folded`
   * updates after it; `snapshot.frame` is the whole-board frame around it, built by the worker.
   */
  compacted(snapshot: FramedUpdate, folded: number): void {
    this.generation += 1;
    this.base = snapshot.update;
    const out = this.tail.splice(0, folded);
    for (const frame of out) this.tailBytes -= frame.byteLength;
    this.baseAt += folded;
    if (this.workerAt !== null && this.workerAt < this.baseAt) {
      this.folded = this.folded.concat(out);
      for (const frame of out) this.foldedBytes += frame.byteLength;
      this.workerMovedTo(this.workerAt);
      if (this.foldedBytes > Math.max(snapshot.update.byteLength, MIN_FOLDED_KEPT_BYTES)) this.workerMovedTo(null);
    } else this.dropFolded();
    this.whole =
      this.whole.covers > folded ? { frame: this.whole.frame, covers: this.whole.covers - folded } : { frame: snapshot.frame, covers: 0 };
  }

  /**
   * The reply to a client's sync step 1. A client that holds nothing the server has (a newcomer, or
   * one whose only content is its own offline edits) gets the shared frames of the stored board (once
   * a fresh enough whole-board frame is merged, if many updates came since); any other gets what it
   * lacks, encoded for it. Null: encode it from the doc (the worker is unavailable).
   *
   * The updates stored after the whole-board frame go before it, and the frame last as the sync
   * step 2: a y-websocket client says "synced" on it, with the whole board in its doc. Our board page
   * keeps those early updates aside until the frame is in, then applies them
   * (board-core/compressed-sync.ts); a client that applies them as they come has Yjs keep each
   * aside and merge the next into that pile, which costs it more the longer the tail (measured in
   * Node on 20,000 notes: 50 updates before the board, +0.1 s; 400, +3.7 s).
   *
   * `gzip` says the client can inflate the whole-board frame (board-core/compressed-sync.ts): it then
   * gets that frame's gzipped form, made once per frame and shared like the frame itself. It is a
   * hint from the client: it never costs more than one compression per whole-board frame, and when
   * the compression fails or the board is small the plain frame goes.
   */
  async syncStep2(stateVector: Uint8Array, gzip = false): Promise<Uint8Array[] | null> {
    if (!this.needsEverything(stateVector)) return this.lacking(stateVector);
    // Updates after the whole-board frame that weigh little next to it go with it at once, and the
    // merge they call for serves the next newcomers: waiting for a merge of a big board (seconds on
    // a busy machine, for 8 MiB) made a whole storm wait for it. Only a heavy tail is waited for.
    const uncovered = this.tail.length - this.whole.covers;
    // The tail's bytes are summed only past MAX_UNCOVERED, as before the rest: this runs for every newcomer.
    const uncoveredBytes = uncovered > MAX_UNCOVERED ? this.uncoveredBytes() : 0;
    if (
      uncovered > MAX_UNCOVERED &&
      uncoveredBytes <= this.whole.frame.byteLength / 4 &&
      (uncovered > MAX_UNCOVERED_RESTING ||
        (this.clock() >= this.restUntil && uncoveredBytes > this.whole.frame.byteLength / WHOLE_PER_TAIL))
    ) {
      this.refresh(true).catch((error) => boardWarning(`board ${this.board}: the compaction worker failed to merge`, error));
    }
    // A few rounds at most: under a flood of edits the reply goes with what is merged by then.
    for (
      let round = 0;
      round < 3 && this.tail.length - this.whole.covers > MAX_UNCOVERED && this.uncoveredBytes() > this.whole.frame.byteLength / 4;
      round++
    ) {
      try {
        await this.refresh(true);
      } catch (error) {
        boardWarning(`board ${this.board}: the compaction worker failed to merge, the room answers from its doc`, error);
        return null;
      }
    }
    if (gzip && this.whole.frame.byteLength >= MIN_GZIP_BYTES) {
      const whole = this.whole;
      const generation = this.generation;
      const compressed = await this.gzipOf(whole.frame);
      if (compressed) {
        // A fresher frame merged meanwhile does not make this one wrong: without a compaction the
        // tail still holds every update stored after it, and they go with it.
        const covers = generation === this.generation ? whole.covers : this.whole.frame === whole.frame ? this.whole.covers : -1;
        if (covers >= 0) {
          this.stats.hits += 1;
          return [...this.tail.slice(covers), compressed];
        }
      }
      // zlib failed, or a compaction replaced the frame: the plain frame of now goes.
    }
    this.stats.hits += 1;
    return [...this.tail.slice(this.whole.covers), this.whole.frame];
  }

  /** The gzipped form of a whole-board frame, made once (null if zlib failed: the plain frame goes). */
  private gzipOf(frame: Uint8Array): Promise<Uint8Array | null> {
    let made = this.gzipped.get(frame);
    if (!made) {
      this.stats.compressions += 1;
      made = gzipAsync(frame, GZIP_OPTIONS).then(
        (bytes) => encodeSyncGzip(bytes),
        () => null,
      );
      this.gzipped.set(frame, made);
    }
    return made;
  }

  /**
   * For a client that holds part of the board (a reconnect): what it lacks, encoded by the worker from
   * the doc it merged last (a walk of the whole board, kept off the relay's thread), after the
   * updates stored since. Null: encode it from the room's doc.
   */
  private async lacking(stateVector: Uint8Array): Promise<Uint8Array[] | null> {
    try {
      // A few rounds at most: a fold may move the snapshot past the worker's doc meanwhile, or the
      // worker may have let the doc go for other boards'.
      for (let round = 0; round < 3 && !this.destroyed; round++) {
        // Only entries still in the log go to a client (never folded ones: a fold after a removal
        // is what takes the removed text out of what the server sends and keeps).
        const at = this.workerAt;
        const rest = at !== null && at >= this.baseAt ? this.tail.slice(at - this.baseAt) : null;
        if (!rest || rest.length > MAX_UNCOVERED) {
          await this.refresh(false);
          continue;
        }
        const generation = this.generation;
        // The worker answers from its doc as it is when it gets to this: at `at` or, if another merge
        // came first, further on; the stored entries after `at` then overlap it, which changes nothing.
        const lacking = await this.compactor.diff(this.board, stateVector, this.lineage);
        if (!lacking) this.workerMovedTo(null);
        else if (generation === this.generation) return [...rest, lacking.frame];
      }
      return null;
    } catch (error) {
      boardWarning(`board ${this.board}: the compaction worker failed to diff, the room answers from its doc`, error);
      return null;
    }
  }

  /** What a client lacks, encoded from the doc for it. */
  diff(stateVector: Uint8Array): Uint8Array {
    return encodeSyncStep2(this.doc, stateVector);
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
    this.destroyed = true;
    this.compactor.forget(this.board).catch(() => undefined);
    this.doc.off("update", this.docChanged);
    this.awareness.off("update", this.presenceChanged);
  }

  /**
   * Brings the worker's doc to everything stored, and with `frame` merges a fresher whole-board frame
   * from it; one at a time, shared by whoever waits (a call for a frame while one without runs waits
   * for it, then merges again: the doc is then a few updates behind at most).
   */
  private refresh(frame: boolean): Promise<void> {
    if (this.destroyed) return Promise.resolve();
    const running = this.refreshing;
    if (running) return frame && !running.frame ? running.done.then(() => this.refresh(true)) : running.done;
    const done = this.merge(frame).finally(() => (this.refreshing = null));
    this.refreshing = { done, frame };
    return done;
  }

  private async merge(frame: boolean): Promise<void> {
    // From where the worker's doc is, if that is behind the snapshot and the folded entries it lacks
    // are still here; otherwise from the snapshot (the worker brings its doc forward when it can).
    const from = this.workerAt !== null && this.workerAt < this.baseAt && this.storedAfter(this.workerAt) ? this.workerAt : this.baseAt;
    const frames = this.storedAfter(from) ?? this.tail;
    const to = from + frames.length;
    const updates = frames.map(updateOfFrame);
    const lineage = { lineage: this.lineage, baseAt: from, kept: this.workerAt !== null };
    const startedAt = this.clock();
    let merged: FramedUpdate | null = null;
    if (frame) {
      this.stats.encodings += 1;
      merged = await this.compactor.merge(this.base, updates, this.board, lineage);
    } else await this.compactor.advance(this.base, updates, this.board, lineage);
    if (this.destroyed) {
      // Asked again with the base after the room's forget was posted, the worker kept the board anew.
      this.compactor.forget(this.board).catch(() => undefined);
      return;
    }
    const endedAt = this.clock();
    this.restUntil = endedAt + MERGE_REST_FACTOR * (endedAt - startedAt);
    this.workerMovedTo(to);
    // Everything is counted from the room's load: a fold meanwhile does not make this frame wrong,
    // only perhaps older than the snapshot it stored.
    const covers = to - this.baseAt;
    if (merged && covers > this.whole.covers) this.whole = { frame: merged.frame, covers };
  }

  /** The stored entries after the first `at` of the log, as frames; null when some are no longer here. */
  private storedAfter(at: number): Uint8Array[] | null {
    if (at >= this.baseAt) return at - this.baseAt <= this.tail.length ? this.tail.slice(at - this.baseAt) : null;
    const foldedFrom = this.baseAt - this.folded.length;
    return at >= foldedFrom ? [...this.folded.slice(at - foldedFrom), ...this.tail] : null;
  }

  /** The worker's doc now holds the first `at` entries (null: none usable); folded entries it holds go. */
  private workerMovedTo(at: number | null): void {
    const foldedFrom = this.baseAt - this.folded.length;
    if (at === null || at >= this.baseAt || at < foldedFrom) {
      this.dropFolded();
      this.workerAt = at !== null && at >= this.baseAt ? at : null;
      return;
    }
    const out = this.folded.splice(0, at - foldedFrom);
    for (const frame of out) this.foldedBytes -= frame.byteLength;
    this.workerAt = at;
  }

  private dropFolded(): void {
    this.folded = [];
    this.foldedBytes = 0;
  }

  /**
   * Lets go of the folded entries kept for the worker's doc: after a removal's fold, the removed
   * text is kept nowhere, not even for that (the worker's next merge then starts from the snapshot).
   */
  forgetFolded(): void {
    if (this.workerAt !== null && this.workerAt < this.baseAt) this.workerMovedTo(null);
  }

  /** Bytes of the stored updates the whole-board frame does not hold yet. */
  private uncoveredBytes(): number {
    let bytes = 0;
    for (let i = this.whole.covers; i < this.tail.length; i++) bytes += this.tail[i].byteLength;
    return bytes;
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

const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());

/** The update inside a relayed sync-update frame (a view, not a copy). */
function updateOfFrame(frame: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(frame);
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
  return decoding.readVarUint8Array(decoder);
}
