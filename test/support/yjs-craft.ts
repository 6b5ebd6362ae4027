// Yjs updates written byte by byte, as an attacker would: any client id and clock, a neighbour or a
// parent of one's choosing, a delete set with or without the matching deletions. Follows Yjs's V1
// update encoding (structs grouped by client, then the delete set).
import * as encoding from "lib0/encoding";
import * as Y from "yjs";

type Id = readonly [client: number, clock: number];

export interface CraftedItem {
  client: number;
  clock: number;
  origin?: Id;
  rightOrigin?: Id;
  /** Given only when the item has no neighbour: a top-level type's name, or a nested type's item id. */
  parent?: string | Id;
  parentSub?: string;
  content: { any: unknown[] } | { deleted: number } | { map: true };
}

/** One update holding `items` (consecutive clocks per client, in order) and `deletes` [client, clock, len]. */
export function craftUpdate(items: CraftedItem[], deletes: [number, number, number][] = []): Uint8Array {
  const encoder = encoding.createEncoder();
  const byClient = new Map<number, CraftedItem[]>();
  for (const item of items) byClient.set(item.client, [...(byClient.get(item.client) ?? []), item]);
  encoding.writeVarUint(encoder, byClient.size);
  for (const [client, list] of byClient) {
    encoding.writeVarUint(encoder, list.length);
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, list[0].clock);
    for (const item of list) writeItem(encoder, item);
  }
  const deleting = new Map<number, [number, number][]>();
  for (const [client, clock, len] of deletes) deleting.set(client, [...(deleting.get(client) ?? []), [clock, len]]);
  encoding.writeVarUint(encoder, deleting.size);
  for (const [client, ranges] of deleting) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, ranges.length);
    for (const [clock, len] of ranges) {
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarUint(encoder, len);
    }
  }
  return encoding.toUint8Array(encoder);
}

function writeItem(encoder: encoding.Encoder, item: CraftedItem): void {
  const ref = "any" in item.content ? 8 : "deleted" in item.content ? 1 : 7;
  const neighbours = Boolean(item.origin || item.rightOrigin);
  const info = ref | (item.origin ? 0x80 : 0) | (item.rightOrigin ? 0x40 : 0) | (!neighbours && item.parentSub !== undefined ? 0x20 : 0);
  encoding.writeUint8(encoder, info);
  for (const id of [item.origin, item.rightOrigin]) {
    if (!id) continue;
    encoding.writeVarUint(encoder, id[0]);
    encoding.writeVarUint(encoder, id[1]);
  }
  if (!neighbours) {
    if (typeof item.parent === "string") {
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarString(encoder, item.parent);
    } else {
      encoding.writeVarUint(encoder, 0);
      encoding.writeVarUint(encoder, item.parent![0]);
      encoding.writeVarUint(encoder, item.parent![1]);
    }
    if (item.parentSub !== undefined) encoding.writeVarString(encoder, item.parentSub);
  }
  if ("any" in item.content) {
    encoding.writeVarUint(encoder, item.content.any.length);
    for (const value of item.content.any) encoding.writeAny(encoder, value as never);
  } else if ("deleted" in item.content) {
    encoding.writeVarUint(encoder, item.content.deleted);
  } else {
    encoding.writeVarUint(encoder, 1); // YMap
  }
}

/** The id of the item that currently holds `key` in a top-level map of `doc`. */
export function currentItemId(doc: Y.Doc, root: string, key: string): Id {
  const item = (doc.getMap(root) as unknown as { _map: Map<string, Y.Item> })._map.get(key);
  if (!item) throw new Error(`no item for ${root}.${key}`);
  return [item.id.client, item.id.clock];
}
