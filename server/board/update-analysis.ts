// What a Yjs update really touches on a board, worked out from its structs before it is applied:
// the same intent can be encoded many ways (a key written with or without deleting the old value,
// its parent given by name or inferred from a neighbour, a deletion of items sent long ago), so
// the answer is derived the way Yjs itself integrates an update, never from how it is encoded.
// Anything an honest client cannot produce — a gap, a dependency the server lacks, nested types,
// another top-level type, content that is not JSON — makes the whole update refused.
import * as Y from "yjs";
import { boardDebug } from "../log.js";

/** An update that no honest client of this board sends: refused whole, its connection closed. */
export class UpdateRefused extends Error {
  override name = "UpdateRefused";

  constructor(
    message: string,
    /** Refused only for building on what the server has not received (yet): it may come next. */
    readonly missing = false,
  ) {
    super(message);
  }
}

export interface UpdateTouches {
  /** Top-level map name → the keys the update writes or deletes in it. */
  keys: Map<string, Set<string>>;
  /** Yjs client ids under which the update adds new items. */
  writers: Set<number>;
}

interface Target {
  root: string;
  key: string;
}
/** More items than any honest update holds (a paste of hundreds of shapes is a few thousand). */
const MAX_STRUCTS = 20_000;

/** The item's neighbour was garbage-collected: Yjs will drop the item, it touches nothing. */
const GARBAGE = null;
type Resolved = Target | typeof GARBAGE;

/**
 * The keys of `writableRoots` an update writes or deletes, checked against `doc` as it is now.
 * Throws {@link UpdateRefused} when the update does anything else.
 */
export function analyseUpdate(
  update: Uint8Array,
  doc: Y.Doc,
  options: { writableRoots: ReadonlySet<string>; reservedClients: ReadonlySet<number> },
): UpdateTouches {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch (error) {
    boardDebug("update refused: unreadable", error);
    throw new UpdateRefused("unreadable update");
  }
  const store = doc.store;
  const roots = new Map<unknown, string>();
  for (const [name, type] of doc.share) roots.set(type, name);

  if (decoded.structs.length > MAX_STRUCTS) throw new UpdateRefused("too many items in one update");
  const incoming = new Map<number, (Y.Item | Y.GC)[]>();
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) throw new UpdateRefused("gap inside the update");
    // Yjs integrates an empty struct at the sender's next clock without judging what it touches.
    if (struct.length < 1) throw new UpdateRefused("an empty item");
    const list = incoming.get(struct.id.client) ?? [];
    if (list.length === 0) incoming.set(struct.id.client, list);
    const previous = list.at(-1);
    if (previous && previous.id.clock + previous.length !== struct.id.clock) throw new UpdateRefused("gap inside the update");
    list.push(struct);
  }
  for (const [client, list] of incoming) {
    if (options.reservedClients.has(client)) throw new UpdateRefused("reserved client id");
    const state = Y.getState(store, client);
    if (list[0].id.clock > state) throw new UpdateRefused("depends on updates the server never received", true);
    // Yjs would integrate the unknown part of such an item next to the sender's previous item, not
    // where the item says: no honest client sends an item that straddles what the server has.
    for (const struct of list) {
      if (struct.id.clock < state && struct.id.clock + struct.length > state) throw new UpdateRefused("an item overlapping known content");
    }
  }

  const target = (root: string | undefined, key: string | null): Target => {
    if (root === undefined) throw new UpdateRefused("writes inside a nested type");
    if (!options.writableRoots.has(root)) throw new UpdateRefused(`writes to "${root}"`);
    if (key === null) throw new UpdateRefused("list content in a map");
    return { root, key };
  };

  /** The struct holding `id`: what the doc already has first (as Yjs reads it), then the update. */
  const lookup = (id: Y.ID): { known: Y.Item | Y.GC } | { incoming: Y.Item | Y.GC } => {
    if (id.clock < Y.getState(store, id.client)) {
      const structs = store.clients.get(id.client)!;
      return { known: structs[Y.findIndexSS(structs, id.clock)] };
    }
    const list = incoming.get(id.client);
    const last = list?.at(-1);
    if (!list || !last || id.clock < list[0].id.clock || id.clock >= last.id.clock + last.length) {
      throw new UpdateRefused("depends on content the server never received", true);
    }
    return { incoming: list[Y.findIndexSS(list, id.clock)] };
  };

  const knownTarget = (struct: Y.Item | Y.GC): Resolved => {
    if (!(struct instanceof Y.Item)) return GARBAGE;
    return target(roots.get(struct.parent), struct.parentSub);
  };

  // Resolved without recursion: a crafted chain of neighbours cannot exhaust the stack.
  const memo = new Map<Y.Item, Resolved>();
  const resolve = (start: Y.Item): Resolved => {
    const stack = [start];
    const visiting = new Set<Y.Item>();
    while (stack.length > 0) {
      const item = stack.at(-1)!;
      if (memo.has(item)) {
        stack.pop();
        continue;
      }
      const step = directTarget(item, memo, lookup, knownTarget, target);
      if ("needs" in step) {
        if (visiting.has(step.needs)) throw new UpdateRefused("items that depend on each other");
        visiting.add(item);
        stack.push(step.needs);
        continue;
      }
      memo.set(item, step.resolved);
      visiting.delete(item);
      stack.pop();
    }
    return memo.get(start)!;
  };

  const keys = new Map<string, Set<string>>();
  const touch = (resolved: Resolved) => {
    if (!resolved) return;
    const set = keys.get(resolved.root) ?? new Set<string>();
    keys.set(resolved.root, set.add(resolved.key));
  };
  const writers = new Set<number>();
  /** Keys that an item of this update names outright (no neighbour): Yjs walks the key's history for each. */
  const named = new Set<string>();
  for (const [client, list] of incoming) {
    const state = Y.getState(store, client);
    for (const struct of list) {
      if (struct.id.clock + struct.length <= state) continue;
      writers.add(client); // garbage too: it takes the sender's clocks under that id
      if (!(struct instanceof Y.Item)) continue;
      if (!struct.origin && !struct.rightOrigin) {
        const name = `${String(struct.parent)}\u0000${String(struct.parentSub)}`;
        if (named.has(name)) throw new UpdateRefused("one key named outright twice");
        named.add(name);
      }
      const content = struct.content;
      const json = content instanceof Y.ContentAny && content.getLength() === 1;
      if (!json && !(content instanceof Y.ContentDeleted)) throw new UpdateRefused("content other than JSON values");
      touch(resolve(struct));
    }
  }

  for (const [client, deletions] of decoded.ds.clients) {
    const state = Y.getState(store, client);
    const last = incoming.get(client)?.at(-1);
    const known = Math.max(state, last ? last.id.clock + last.length : 0);
    for (const { clock, len } of deletions) {
      // Yjs would keep such a deletion pending and apply it to whatever arrives later under those clocks.
      if (clock + len > known) throw new UpdateRefused("deletes content the server never received", true);
      for (let at = clock; at < clock + len;) {
        const found = lookup(Y.createID(client, at));
        const struct = "known" in found ? found.known : found.incoming;
        if ("known" in found) {
          if (struct instanceof Y.Item && !struct.deleted) touch(knownTarget(struct));
        } else if (struct instanceof Y.Item) {
          touch(resolve(struct));
        }
        at = struct.id.clock + struct.length;
      }
    }
  }
  return { keys, writers };
}

/** Where one incoming item goes, or which other incoming item must be resolved first. */
function directTarget(
  item: Y.Item,
  memo: Map<Y.Item, Resolved>,
  lookup: (id: Y.ID) => { known: Y.Item | Y.GC } | { incoming: Y.Item | Y.GC },
  knownTarget: (struct: Y.Item | Y.GC) => Resolved,
  target: (root: string | undefined, key: string | null) => Target,
): { resolved: Resolved } | { needs: Y.Item } {
  const parent = item.parent as unknown;
  if (typeof parent === "string") return { resolved: target(parent, item.parentSub) };
  if (parent !== null) throw new UpdateRefused("writes inside a nested type");
  // Like Yjs: the parent comes from the neighbours; the right one wins; a collected neighbour drops the item.
  const sides: Resolved[] = [];
  for (const id of [item.origin, item.rightOrigin]) {
    if (!id) continue;
    const found = lookup(id);
    if ("known" in found) {
      sides.push(knownTarget(found.known));
      continue;
    }
    if (!(found.incoming instanceof Y.Item)) {
      sides.push(GARBAGE);
      continue;
    }
    if (!memo.has(found.incoming)) return { needs: found.incoming };
    sides.push(memo.get(found.incoming)!);
  }
  if (sides.length === 0) throw new UpdateRefused("item without a parent");
  if (sides.includes(GARBAGE)) return { resolved: GARBAGE };
  const [left, right] = sides as Target[];
  if (right && (left.root !== right.root || left.key !== right.key)) throw new UpdateRefused("neighbours in different places");
  return { resolved: right ?? left };
}
