import type { BoardStore } from "./board-store.js";
import type { Compactor } from "./compactor.js";
import type { SyncCache } from "./sync-cache.js";

export interface CompactionOptions {
  /** Log entries after which the log is folded into a snapshot. */
  compactAfter: number;
  /** Bytes stored since the snapshot after which it is folded too, however few the entries. */
  compactAfterBytes: number;
  onWarning: (message: string, error?: unknown) => void;
}

/**
 * Folds a live board's stored log into its snapshot, off the main thread: the merge runs in the
 * compaction worker from what is stored (the baseline and the updates after it, which the sync
 * cache holds for newcomers anyway), then one transaction replaces exactly the entries it folded.
 * Edits go on meanwhile; what is appended during the merge stays in the log. docs/decisions/010.
 */
export class RoomCompaction {
  private running: Promise<void> | null = null;
  /** A removal waits for a fold: the next one that succeeds must leave the removed text nowhere. */
  private erasing = false;
  /** Whether a fold of this room succeeded, so that the folding worker keeps a doc of its log. */
  private foldedOnce = false;
  /** The room went: a fold that ends after it lets go of the doc it kept in the worker. */
  private forgotten = false;

  constructor(
    private readonly boardId: string,
    private readonly store: BoardStore,
    private readonly compactor: Compactor,
    private readonly cache: SyncCache,
    private readonly options: CompactionOptions,
  ) {}

  /**
   * After `compactAfter` entries, once they weigh a quarter of the snapshot; or once they weigh as
   * much as the snapshot (at least `compactAfterBytes`). A big board is then rewritten less often:
   * its log stays short to replay relative to its snapshot, and the write is paid rarely.
   */
  get needed(): boolean {
    const stored = this.cache.bytesSinceBaseline;
    const snapshot = this.cache.baselineBytes;
    if (this.cache.entriesSinceBaseline >= this.options.compactAfter && stored >= snapshot / 4) return true;
    return stored >= Math.max(this.options.compactAfterBytes, snapshot);
  }

  /** Folds what is stored now; a call during a run shares it. */
  run(): Promise<void> {
    this.running ??= this.fold().finally(() => (this.running = null));
    return this.running;
  }

  /**
   * Folds everything stored up to now, including what was stored after a run already under way
   * began: after records were removed, their text must leave the stored log (issue 15).
   */
  async runFromNow(): Promise<void> {
    await this.running?.catch(() => undefined);
    // Until a fold succeeds: if this one fails, the next ordinary one holds the removal too.
    this.erasing = true;
    await this.run();
    this.cache.forgetFolded();
  }

  /** The name the folding worker keeps this board's last merged doc under (not the newcomers' one). */
  private get keptAs(): string {
    return `fold:${this.boardId}`;
  }

  /** Drops the doc the folding worker keeps for this board (its room is going). */
  forget(): void {
    this.forgotten = true;
    this.compactor.forget(this.keptAs).catch(() => undefined);
  }

  /** Resolves once no fold is running (whatever its outcome). */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  /** Starts a run when the log has grown enough, without holding up the caller. */
  runIfNeeded(): void {
    if (this.running || !this.needed) return;
    // What was stored during the merge may already call for the next one.
    this.run().then(
      () => this.runIfNeeded(),
      () => this.options.onWarning(`board ${this.boardId}: compaction failed, log kept`),
    );
  }

  private async fold(): Promise<void> {
    const { base, updates, from } = this.cache.storedBoard();
    if (updates.length === 0) return;
    // The worker keeps the merged doc, so that the next fold applies only what is stored after it.
    const snapshot = await this.compactor.merge(base, updates, this.keptAs, { ...from, kept: this.foldedOnce });
    if (this.forgotten) this.compactor.forget(this.keptAs).catch(() => undefined);
    await this.store.compact(this.boardId, snapshot.update, updates.length);
    this.foldedOnce = true;
    const erasing = this.erasing;
    this.erasing = false;
    this.cache.compacted(snapshot, updates.length);
    if (erasing) this.cache.forgetFolded();
  }
}
