// Folds a board's snapshot and the updates stored after it into one snapshot, off the main thread
// (docs/decisions/010): on a board of 20,000 records this takes a few hundred milliseconds that the
// relay must not wait for. Plain JavaScript, so that it runs as a worker under tsx, vitest or node.
import { parentPort } from "node:worker_threads";
import * as Y from "yjs";

parentPort.on("message", ({ id, base, updates }) => {
  try {
    const doc = new Y.Doc();
    let skipped = 0;
    doc.transact(() => {
      if (base) Y.applyUpdate(doc, base);
      for (const update of updates) {
        try {
          Y.applyUpdate(doc, update);
        } catch {
          skipped += 1; // the room skipped it too when it loaded: the snapshot holds what the room holds
        }
      }
    });
    const snapshot = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    parentPort.postMessage({ id, snapshot, skipped }, [snapshot.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
