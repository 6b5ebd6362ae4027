// Folds a board's snapshot and the updates stored after it into one snapshot, off the main thread
// (docs/decisions/010): on a board of 20,000 records this takes a few hundred milliseconds that the
// relay must not wait for. It also keeps the last doc it merged for a few boards, to encode what a
// reconnecting client lacks from it (a walk of the whole board, here rather than on the relay's
// thread). Plain JavaScript, so that it runs as a worker under tsx, vitest or node.
import { readlinkSync } from "node:fs";
import os from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import * as Y from "yjs";
import { sliceUpdate } from "./slice-update.mjs";

// A worker that folds logs (nobody waits for it) runs `nicerBy` nice levels below the process
// (compactor.ts); one that merges for newcomers keeps the process's priority.
if (workerData?.nicerBy) lowerPriority(workerData.nicerBy);

/** Linux: a thread has its own nice value (setpriority on its thread id). Elsewhere nothing changes. */
function lowerPriority(nicerBy) {
  try {
    const threadId = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(threadId) && threadId > 0) os.setPriority(threadId, Math.min(19, os.getPriority(threadId) + nicerBy));
  } catch {
    // not Linux, or not allowed: the worker keeps the process's priority
  }
}

/** Boards whose last merged doc is kept, least recently used first out. */
const KEPT = 8;
const kept = new Map();

function merge(base, updates) {
  const doc = new Y.Doc();
  doc.transact(() => {
    if (base) Y.applyUpdate(doc, base);
    for (const update of updates) {
      try {
        Y.applyUpdate(doc, update);
      } catch {
        // the room skipped it too when it loaded: the snapshot holds what the room holds
      }
    }
  });
  return doc;
}

/** The updates as the main thread joined them into one buffer (compactor.ts), each a view of it. */
function splitUpdates(joined, lengths) {
  const updates = [];
  let offset = 0;
  for (const length of lengths) {
    updates.push(joined.subarray(offset, offset + length));
    offset += length;
  }
  return updates;
}

function keep(board, doc) {
  kept.get(board)?.destroy();
  kept.delete(board);
  kept.set(board, doc);
  for (const [oldest, old] of kept) {
    if (kept.size <= KEPT) break;
    old.destroy();
    kept.delete(oldest);
  }
}

/** The snapshot and the updates after it, merged into one update. */
function wholeBoard(message) {
  const doc = merge(message.base, splitUpdates(message.joined, message.lengths));
  const whole = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return whole;
}

parentPort.on("message", (message) => {
  const { id } = message;
  try {
    if (message.kind === "diff") {
      const doc = kept.get(message.board);
      if (!doc) return parentPort.postMessage({ id, missing: true });
      const update = Y.encodeStateAsUpdate(doc, message.stateVector);
      return parentPort.postMessage({ id, update }, [update.buffer]);
    }
    if (message.kind === "forget") {
      kept.get(message.board)?.destroy();
      kept.delete(message.board);
      return parentPort.postMessage({ id, done: true });
    }
    if (message.kind === "slices") {
      // A snapshot alone (a board unloaded while idle folds its log first) is already the whole board.
      const whole = message.base && message.lengths.length === 0 ? message.base : wholeBoard(message);
      const slices = sliceUpdate(whole);
      return parentPort.postMessage(
        { id, slices },
        slices.map((slice) => slice.buffer),
      );
    }
    const doc = merge(message.base, splitUpdates(message.joined, message.lengths));
    const snapshot = Y.encodeStateAsUpdate(doc);
    if (message.keepAs) keep(message.keepAs, doc);
    else doc.destroy();
    parentPort.postMessage({ id, snapshot }, [snapshot.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
