// Cuts a whole board (one Yjs update, as a snapshot stores it) into slices that a room applies one per
// turn of the event loop (docs/decisions/010 point 10): applying a 20,000-note board at once held the
// relay's thread for most of a second. Plain JavaScript, shared by the worker that cuts and the tests.
//
// Each slice is itself a Yjs update. The structs are put in an order where everything a struct
// refers to (its left and right neighbours when inserted, its parent item, the previous struct of
// its own client) comes before it, so every slice integrates at once, with nothing left pending;
// the deletions come last, in a slice of their own.
import * as encoding from "lib0/encoding";
import * as Y from "yjs";

/**
 * Work per slice, in structs with content (a tldraw record, a nested map, a run of text): about
 * 10–20 ms of the relay's thread for tldraw records on the bench's machine. A struct of deleted
 * content (what Yjs keeps of a record moved or removed) costs a few microseconds: it counts for
 * {@link DELETED_WEIGHT}.
 */
export const SLICE_STRUCTS = 400;
const DELETED_WEIGHT = 0.02;

/**
 * The slices of `update`, in the order they must be applied. Applying them in order to an empty doc
 * gives the same doc as applying `update`; a struct whose dependency is missing from the update
 * (it would stay pending either way) goes, with what follows it, into the last struct slice.
 *
 * Throws (the caller then applies the update whole) for what it does not cut faithfully: a gap in a
 * client's clocks (a Skip: an update whose middle was lost, kept pending by the doc it came from;
 * writing the structs after it as one run would give them other ids), formatted text (Yjs tidies
 * formatting after each transaction, so half-loaded states would tidy differently) and subdocuments
 * (their options are not all written back). Boards hold none of these; a damaged log can hold a gap.
 */
export function sliceUpdate(update, structsPerSlice = SLICE_STRUCTS) {
  const { structs } = Y.decodeUpdate(update);
  const ordered = causalOrder(structs);
  const slices = [];
  let start = 0;
  let weight = 0;
  for (let index = 0; index < ordered.length; index++) {
    weight += weightOf(ordered[index]);
    if (weight >= structsPerSlice || index === ordered.length - 1) {
      slices.push(encodeStructs(ordered.slice(start, index + 1)));
      start = index + 1;
      weight = 0;
    }
  }
  // No struct, only the deletions of the whole update.
  slices.push(Y.diffUpdate(update, Y.encodeStateVectorFromUpdate(update)));
  return slices;
}

function weightOf(struct) {
  return struct instanceof Y.GC || (struct instanceof Y.Item && struct.content instanceof Y.ContentDeleted) ? DELETED_WEIGHT : 1;
}

/** The structs, each after what it depends on; per client, clock order is kept. */
function causalOrder(structs) {
  /** client → its structs in clock order (an update lists each client's structs in that order). */
  const byClient = new Map();
  for (const struct of structs) {
    if (struct instanceof Y.Skip) throw new Error("slice-update: the update has a gap in a client's clocks");
    if (struct instanceof Y.Item && (struct.content instanceof Y.ContentFormat || struct.content instanceof Y.ContentDoc)) {
      throw new Error("slice-update: formatted text or a subdocument");
    }
    let list = byClient.get(struct.id.client);
    if (!list) byClient.set(struct.id.client, (list = []));
    const last = list[list.length - 1];
    if (last && last.id.clock + last.length !== struct.id.clock) throw new Error("slice-update: the update has a gap in a client's clocks");
    list.push(struct);
  }
  /** client → the clock up to which its structs are placed. */
  const reached = new Map();
  for (const [client, list] of byClient) reached.set(client, list[0].id.clock);
  const next = new Map([...byClient.keys()].map((client) => [client, 0]));
  /**
   * client → the clients whose next struct waits for it, each with the clock it must pass, least
   * first: a client is woken when that clock is placed, not at every step of the one it waits for,
   * so that crafted histories (many clients waiting on one that advances a struct at a time) cost
   * a few heap operations per struct, not a check per waiter and step.
   */
  const waiting = new Map();
  const unmet = (struct) => {
    for (const id of dependencies(struct)) {
      if (id.client !== struct.id.client && (reached.get(id.client) ?? -1) <= id.clock) return id;
    }
    return null;
  };
  const ordered = [];
  const queue = [...byClient.keys()];
  while (queue.length > 0) {
    const client = queue.pop();
    const list = byClient.get(client);
    let index = next.get(client);
    const before = index;
    while (index < list.length) {
      const blockedBy = unmet(list[index]);
      if (blockedBy !== null) {
        let heap = waiting.get(blockedBy.client);
        if (!heap) waiting.set(blockedBy.client, (heap = []));
        heapPush(heap, { clock: blockedBy.clock, client });
        break;
      }
      const struct = list[index++];
      ordered.push(struct);
      reached.set(client, struct.id.clock + struct.length);
    }
    next.set(client, index);
    const heap = index > before ? waiting.get(client) : undefined;
    if (heap) {
      const now = reached.get(client);
      while (heap.length > 0 && heap[0].clock < now) queue.push(heapPop(heap).client);
    }
  }
  // Dependencies absent from the update: those structs would be pending however they are applied.
  for (const [client, list] of byClient) for (let index = next.get(client); index < list.length; index++) ordered.push(list[index]);
  return ordered;
}

function dependencies(struct) {
  if (!(struct instanceof Y.Item)) return [];
  const ids = [];
  if (struct.origin) ids.push(struct.origin);
  if (struct.rightOrigin) ids.push(struct.rightOrigin);
  if (struct.parent instanceof Y.ID) ids.push(struct.parent);
  return ids;
}

/** One update holding `structs` (each client's a run of consecutive clocks) and no deletion. */
function encodeStructs(structs) {
  const byClient = new Map();
  for (const struct of structs) {
    let list = byClient.get(struct.id.client);
    if (!list) byClient.set(struct.id.client, (list = []));
    list.push(struct);
  }
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, byClient.size);
  for (const [client, list] of byClient) {
    encoding.writeVarUint(encoder.restEncoder, list.length);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, list[0].id.clock);
    for (const struct of list) struct.write(encoder, 0);
  }
  encoding.writeVarUint(encoder.restEncoder, 0);
  return encoder.toUint8Array();
}

/** A binary heap of `{ clock, client }`, least clock on top. */
function heapPush(heap, entry) {
  heap.push(entry);
  let at = heap.length - 1;
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (heap[parent].clock <= heap[at].clock) break;
    [heap[parent], heap[at]] = [heap[at], heap[parent]];
    at = parent;
  }
}

function heapPop(heap) {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length > 0) {
    heap[0] = last;
    let at = 0;
    for (;;) {
      const left = at * 2 + 1;
      const right = left + 1;
      let least = at;
      if (left < heap.length && heap[left].clock < heap[least].clock) least = left;
      if (right < heap.length && heap[right].clock < heap[least].clock) least = right;
      if (least === at) break;
      [heap[least], heap[at]] = [heap[at], heap[least]];
      at = least;
    }
  }
  return top;
}
