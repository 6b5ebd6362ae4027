import { Worker } from "node:worker_threads";
import { MESSAGE_SYNC, SYNC_STEP_2 } from "./protocol.js";

interface WorkerAnswer {
  /** Of a merge or a diff: the update as a sync step 2 frame, and where the update starts in it. */
  frame?: Uint8Array;
  at?: number;
  /** Of a merge: how many updates the kept doc was brought forward by; null when merged from the base. */
  broughtForward?: number | null;
  slices?: Uint8Array[];
  missing?: true;
  error?: string;
}

/**
 * An update the worker encoded, already framed as the sync step 2 that sends it: `update` is a view of
 * the frame's payload, not a copy. The relay's thread thus never builds a whole board's frame itself
 * (docs/decisions/010, point 18). After a fold, the snapshot it stored and the frame newcomers get
 * share memory until the next merge for newcomers brings a frame of its own.
 */
export interface FramedUpdate {
  update: Uint8Array;
  frame: Uint8Array;
}

/** What the worker writes before an update's length: a sync message, step 2 (protocol.ts). */
const STEP_2_HEAD = [MESSAGE_SYNC, SYNC_STEP_2];

function framedUpdate(answer: WorkerAnswer): FramedUpdate {
  if (!answer.frame || answer.at === undefined) throw new Error("compaction failed");
  return { update: answer.frame.subarray(answer.at), frame: answer.frame };
}

export interface CompactorOptions {
  /**
   * Nice levels below the process for the worker's thread (Linux; elsewhere ignored): for merges
   * nobody waits for, which then give the relay's thread and, on PostgreSQL, the backends that
   * commit each edit, the cores they need (docs/decisions/010, point 9). 0: the process's priority.
   */
  nicerBy?: number;
  /** Boards whose last merged doc the worker keeps (8 by default). */
  kept?: number;
}

/**
 * Where a merge's input sits in a room's stored log: `base` holds the first `baseAt` entries the room
 * `lineage` stored since it loaded (a name no other room of the process ever takes), `updates` the
 * ones after them. With it, the worker brings forward the doc it kept from the same room's last merge
 * instead of decoding the whole base again.
 */
export interface MergeLineage {
  lineage: string;
  baseAt: number;
  /**
   * Whether the caller expects the worker to keep a doc of this log already (false: its first merge,
   * or one the worker let go), so that the base goes with the first ask. True when left out.
   */
  kept?: boolean;
}

let lineages = 0;
/** A name for a room's stored log, unique in the process. */
export function newLineage(board: string): string {
  return `${board}#${++lineages}`;
}

/**
 * Merges boards' snapshots and logs in a worker thread, one at a time, so that a compaction never
 * blocks the event loop that relays edits (issue 19). The registry owns two: one for newcomers
 * (merges and diffs they wait for), one at a lower priority that folds logs into snapshots.
 */
export class Compactor {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, { resolve: (answer: WorkerAnswer) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  /** Merges done, and of them those brought forward from a kept doc (and by how many updates in all). */
  readonly stats = { merges: 0, broughtForward: 0, updatesBroughtForward: 0 };

  constructor(private readonly options: CompactorOptions = {}) {}

  /**
   * The snapshot holding `base` and every update after it. With `keepAs`, the worker keeps the
   * merged doc under that name, for {@link diff} and, given `from`, for the next merge of the same
   * log, which then applies only the updates the kept doc lacks.
   */
  async merge(base: Uint8Array | null, updates: Uint8Array[], keepAs?: string, from?: MergeLineage): Promise<FramedUpdate> {
    return framedUpdate(await this.mergeIn(base, updates, keepAs, from, true));
  }

  /**
   * Brings the doc kept as `keepAs` to `base` and the updates after it, as {@link merge} does, without
   * encoding the whole board: for a {@link diff} from it, which is all a reconnecting client needs.
   */
  async advance(base: Uint8Array | null, updates: Uint8Array[], keepAs: string, from: MergeLineage): Promise<void> {
    await this.mergeIn(base, updates, keepAs, from, false);
  }

  /**
   * A merge whose doc the worker may keep is first asked without the base: the kept doc usually
   * holds it already, and a big board's base is megabytes to copy on the relay's thread. The worker
   * answers "missing" when it does not; the base then goes.
   */
  private async mergeIn(
    base: Uint8Array | null,
    updates: Uint8Array[],
    keepAs: string | undefined,
    from: MergeLineage | undefined,
    encode: boolean,
  ): Promise<WorkerAnswer> {
    const message = { kind: "merge", keepAs, lineage: from?.lineage, baseAt: from?.baseAt ?? 0, encode, head: STEP_2_HEAD };
    let answer: WorkerAnswer | null = null;
    if (keepAs !== undefined && from && from.kept !== false) {
      const { posted, transfer } = handOver(undefined, updates);
      answer = await this.ask({ ...message, ...posted }, transfer);
    }
    if (!answer || answer.missing) {
      const { posted, transfer } = handOver(base, updates);
      answer = await this.ask({ ...message, ...posted }, transfer);
    }
    if (answer.missing) throw new Error("compaction failed");
    this.stats.merges += 1;
    if (typeof answer.broughtForward === "number") {
      this.stats.broughtForward += 1;
      this.stats.updatesBroughtForward += answer.broughtForward;
    }
    return answer;
  }

  /**
   * The board `base` and `updates` hold, cut into updates to apply in order, each small enough for one
   * turn of the event loop (slice-update.mjs). The worker keeps no doc for {@link diff} from it.
   */
  async slices(base: Uint8Array | null, updates: Uint8Array[]): Promise<Uint8Array[]> {
    const { posted, transfer } = handOver(base, updates);
    const answer = await this.ask({ kind: "slices", ...posted }, transfer);
    if (!answer.slices) throw new Error("board slicing failed");
    return answer.slices;
  }

  /**
   * What a client with `stateVector` lacks of the doc last merged as `board`; null if none is kept,
   * or, given `lineage`, if the kept one was merged from another room's log (a room that broke and
   * was replaced may still have merged after its successor).
   */
  async diff(board: string, stateVector: Uint8Array, lineage?: string): Promise<FramedUpdate | null> {
    const answer = await this.ask({ kind: "diff", board, stateVector, lineage, head: STEP_2_HEAD });
    return answer.missing ? null : framedUpdate(answer);
  }

  /** Drops the doc kept for `board` (its room was unloaded). */
  async forget(board: string): Promise<void> {
    if (this.worker) await this.ask({ kind: "forget", board });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private ask(message: object, transfer: ArrayBuffer[] = []): Promise<WorkerAnswer> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.thread().postMessage({ id, ...message }, transfer);
    });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL("./compaction-worker.mjs", import.meta.url), {
      workerData: { nicerBy: this.options.nicerBy ?? 0, kept: this.options.kept ?? 8 },
    });
    worker.unref();
    worker.on("message", (message: WorkerAnswer & { id: number }) => {
      const waiting = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (!waiting) return;
      if (message.error) waiting.reject(new Error(message.error));
      else waiting.resolve(message);
    });
    // A worker that dies fails what it was doing; the next merge starts a new one.
    worker.on("error", (error) => this.fail(worker, error));
    worker.on("exit", () => this.fail(worker, new Error("compaction worker stopped")));
    this.worker = worker;
    return worker;
  }

  private fail(worker: Worker, error: Error): void {
    if (this.worker === worker) this.worker = null;
    for (const { reject } of this.waiting.values()) reject(error);
    this.waiting.clear();
  }
}

/**
 * What a merge posts: three fresh buffers handed over to the worker, not cloned. A structured clone
 * copies each of thousands of updates on its own (about 6.6 ms of the relay's thread for 5,000
 * updates and an 8 MiB snapshot, against 1.2 ms for these copies; ten times more on a busy machine).
 * Each has its own ArrayBuffer (Buffer.concat may cut small ones from Node's shared pool, which must
 * never be handed over); `base` is copied whatever it is (Buffer#slice would be a view). An undefined
 * `base` is not sent at all (the worker is asked to use the doc it kept).
 */
function handOver(base: Uint8Array | null | undefined, updates: Uint8Array[]) {
  const joined = new Uint8Array(updates.reduce((sum, update) => sum + update.byteLength, 0));
  let offset = 0;
  for (const update of updates) {
    joined.set(update, offset);
    offset += update.byteLength;
  }
  const lengths = Uint32Array.from(updates, (update) => update.byteLength);
  const baseCopy = base ? new Uint8Array(base) : null;
  return {
    posted: { ...(base === undefined ? {} : { base: baseCopy }), joined, lengths },
    transfer: [joined.buffer, lengths.buffer, ...(baseCopy ? [baseCopy.buffer] : [])],
  };
}
