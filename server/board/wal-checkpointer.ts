import { Worker } from "node:worker_threads";

/**
 * WAL pages after which a connection of the main thread checkpoints by itself, as SQLite does after
 * each commit: a safety net only (64 MiB), reached if the checkpoint thread could not keep up or
 * died; otherwise {@link WalCheckpointer} keeps the log far below it.
 */
export const MAIN_THREAD_AUTOCHECKPOINT_PAGES = 16_384;

/**
 * Runs SQLite's checkpoints for one database file in a worker thread, every `intervalMs`. The
 * connections of the main thread (the board store's, the app's) set `wal_autocheckpoint` to
 * {@link MAIN_THREAD_AUTOCHECKPOINT_PAGES}, so that no commit on the relay's thread copies the log.
 */
export class WalCheckpointer {
  private readonly worker: Worker;

  constructor(filePath: string, intervalMs = 1_000) {
    this.worker = new Worker(new URL("./wal-checkpoint-worker.mjs", import.meta.url), { workerData: { filePath, intervalMs } });
    this.worker.unref();
    // A checkpointer that dies leaves the main thread's safety net; nothing else depends on it.
    this.worker.on("error", () => undefined);
  }

  /** Stops the thread (after one last checkpoint, if it gets to it before the process ends). */
  close(): void {
    this.worker.postMessage("stop");
    this.worker.once("message", () => void this.worker.terminate());
  }
}
