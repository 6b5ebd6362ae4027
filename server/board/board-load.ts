import { setImmediate as nextTurn } from "node:timers/promises";
import * as Y from "yjs";
import type { Compactor } from "./compactor.js";

/**
 * Stored bytes (snapshot and log) up to which a board is applied in one go when its room loads:
 * about 20 ms of the relay's thread for tldraw records on the bench's machine. Past it, the board
 * is applied in slices (docs/decisions/010 point 10).
 */
export const LOAD_AT_ONCE_BYTES = 256 * 1024;

/**
 * The doc of a board too big to apply in one turn of the event loop, filled in slices: the worker
 * merges the snapshot and the log and cuts the result (slice-update.mjs), and each slice is applied
 * in a turn of its own, so that the other boards of this server keep relaying while it loads (a
 * 20,000-note board held the thread for 0.6–0.9 s in one piece). Null when the board is small
 * enough to apply at once, or when the worker failed: the room then applies it itself, as before.
 */
export async function loadInSlices(
  stored: { snapshot: Uint8Array | null; updates: Uint8Array[] },
  compactor: Compactor,
  onWarning: (message: string, error?: unknown) => void,
  atOnceBytes = LOAD_AT_ONCE_BYTES,
): Promise<Y.Doc | null> {
  const bytes = stored.updates.reduce((sum, update) => sum + update.byteLength, stored.snapshot?.byteLength ?? 0);
  if (bytes <= atOnceBytes) return null;
  let slices: Uint8Array[];
  try {
    slices = await compactor.slices(stored.snapshot, stored.updates);
  } catch (error) {
    onWarning("board load: the worker could not cut the board into slices, it is applied at once", error);
    return null;
  }
  const doc = new Y.Doc();
  try {
    for (const slice of slices) {
      Y.applyUpdate(doc, slice);
      await nextTurn();
    }
  } catch (error) {
    onWarning("board load: a slice did not apply, the board is applied at once", error);
    doc.destroy();
    return null;
  }
  return doc;
}
