// Copies the SQLite write-ahead log back into the database file, in a thread of its own
// (docs/decisions/010): SQLite's automatic checkpoint runs inside whichever commit finds the log
// past 1,000 pages, on the thread that relays edits, and held it for 100-300 ms after a big board's
// snapshot was written. A passive checkpoint never waits for, nor blocks, a reader or a writer.
// Plain JavaScript, so that it runs as a worker under tsx, vitest or node.
import Database from "better-sqlite3";
import { parentPort, workerData } from "node:worker_threads";

const connection = new Database(workerData.filePath, { timeout: 0 });

function checkpoint() {
  try {
    connection.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // Busy or locked for a moment: the next tick does it.
  }
}

const timer = setInterval(checkpoint, workerData.intervalMs);

parentPort.on("message", (message) => {
  if (message !== "stop") return;
  clearInterval(timer);
  checkpoint();
  connection.close();
  parentPort.postMessage("stopped");
});
