import { Worker } from "node:worker_threads";

/**
 * Merges boards' snapshots and logs in a worker thread, one at a time, so that a compaction never
 * blocks the event loop that relays edits (issue 19). One worker serves every room of the process;
 * the registry owns it.
 */
export class Compactor {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, { resolve: (snapshot: Uint8Array) => void; reject: (error: Error) => void }>();
  private nextId = 1;

  /** The snapshot holding `base` and every update after it. */
  merge(base: Uint8Array | null, updates: Uint8Array[]): Promise<Uint8Array> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.thread().postMessage({ id, base, updates });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL("./compaction-worker.mjs", import.meta.url));
    worker.unref();
    worker.on("message", (message: { id: number; snapshot?: Uint8Array; error?: string }) => {
      const waiting = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (!waiting) return;
      if (message.snapshot) waiting.resolve(message.snapshot);
      else waiting.reject(new Error(message.error ?? "compaction failed"));
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
