// Folds a board's snapshot and the updates stored after it into one snapshot, off the main thread
// (docs/decisions/010): on a board of 20,000 records this takes a few hundred milliseconds that the
// relay must not wait for. It also keeps the last doc it merged for a few boards: to encode what a
// reconnecting client lacks from it (a walk of the whole board, here rather than on the relay's
// thread), and to merge the same board's next fold from it, applying only the updates stored since
// instead of decoding the whole snapshot again (point 13 of the decision). Plain JavaScript, so that
// it runs as a worker under tsx, vitest or node.
import { readlinkSync } from "node:fs";
import os from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import * as Y from "yjs";
import { framedAt } from "./framed.mjs";
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
const KEPT = workerData?.kept ?? 8;
/**
 * name → { doc, lineage, at }: the doc holds the first `at` entries stored by the room `lineage` (a
 * name the room gives itself, never reused in the process), counted from when it loaded.
 */
const kept = new Map();

function applyAll(doc, updates) {
  doc.transact(() => {
    for (const update of updates) {
      try {
        Y.applyUpdate(doc, update);
      } catch {
        // the room skipped it too when it loaded: the snapshot holds what the room holds
      }
    }
  });
}

/** A new doc holding `base` (if any) and the updates after it. */
function fromBase(base, updates) {
  const doc = new Y.Doc();
  applyAll(doc, base ? [base, ...updates] : updates);
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

function keep(board, entry) {
  const previous = kept.get(board);
  if (previous && previous.doc !== entry.doc) previous.doc.destroy();
  kept.delete(board);
  kept.set(board, entry);
  for (const [oldest, old] of kept) {
    if (kept.size <= KEPT) break;
    old.doc.destroy();
    kept.delete(oldest);
  }
}

function forget(board) {
  kept.get(board)?.doc.destroy();
  kept.delete(board);
}

/**
 * The doc holding `base` (the first `baseAt` entries of the room `lineage`) and `updates` after it:
 * the kept doc brought forward when it holds the same room's entries up to somewhere in `updates`
 * (it then misses only the rest), else a new one merged from the base. A doc of another lineage is
 * never brought forward, even for the same board: a reloaded room's base may hold less than it (a
 * board purged then reloaded must not get back what was removed).
 *
 * `updates` may start before the base's position (a room whose kept doc here fell behind a fold
 * sends the folded entries it still has): the base already holds those, and applying an update a
 * doc holds changes nothing. Null when no kept doc serves and the message came without its base
 * (`base` undefined; null is an empty board): the caller asks again with it.
 */
function mergeFor(message, updates) {
  const { keepAs, lineage, baseAt } = message;
  const held = keepAs === undefined ? undefined : kept.get(keepAs);
  const to = baseAt + updates.length;
  if (held && lineage !== undefined && held.lineage === lineage && held.at >= baseAt && held.at <= to) {
    const missing = updates.slice(held.at - baseAt);
    held.at = -1; // until the updates are in: a failure below forgets it
    applyAll(held.doc, missing);
    keep(keepAs, { doc: held.doc, lineage, at: to });
    return { doc: held.doc, broughtForward: missing.length };
  }
  if (message.base === undefined) return null;
  const doc = fromBase(message.base, updates);
  if (keepAs !== undefined) keep(keepAs, { doc, lineage, at: to });
  return { doc, broughtForward: null };
}

/** The snapshot and the updates after it, merged into one update. */
function wholeBoard(message) {
  const doc = fromBase(message.base, splitUpdates(message.joined, message.lengths));
  const whole = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return whole;
}

parentPort.on("message", (message) => {
  const { id } = message;
  try {
    if (message.kind === "diff") {
      const held = kept.get(message.board);
      if (!held || (message.lineage !== undefined && held.lineage !== message.lineage))
        return parentPort.postMessage({ id, missing: true });
      const { frame, at } = framedAt(message.head, Y.encodeStateAsUpdate(held.doc, message.stateVector));
      return parentPort.postMessage({ id, frame, at }, [frame.buffer]);
    }
    if (message.kind === "forget") {
      forget(message.board);
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
    const merged = mergeFor(message, splitUpdates(message.joined, message.lengths));
    if (!merged) return parentPort.postMessage({ id, missing: true });
    const { doc, broughtForward } = merged;
    // Only the doc was asked for (to diff from it): encoding the whole board is most of a merge's time.
    if (message.encode === false && message.keepAs !== undefined) return parentPort.postMessage({ id, broughtForward });
    // Framed here as the relay sends it (the head comes from protocol.ts), so that the relay's thread
    // neither allocates nor copies a whole board: on a KVM host a fresh 8 MiB buffer costs it about
    // 30 ms of page faults (docs/decisions/010, point 18).
    const { frame, at } = framedAt(message.head, Y.encodeStateAsUpdate(doc));
    if (message.keepAs === undefined) doc.destroy();
    parentPort.postMessage({ id, frame, at, broughtForward }, [frame.buffer]);
  } catch (error) {
    // A kept doc the failure may have left half brought forward is not used again.
    if (message.kind === "merge" && message.keepAs !== undefined && kept.get(message.keepAs)?.at === -1) forget(message.keepAs);
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
