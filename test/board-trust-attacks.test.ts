// Attacks on the participant write rules (docs/decisions/009), by someone holding only a join code
// and a Yjs update crafter. Several were bypasses when first written (each says which and why); all
// are now regressions to keep.
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { noteShape } from "../board-core/cards.js";
import { encodeFacilitationFrame, MESSAGE_FACILITATION } from "../board-core/facilitation-protocol.js";
import { BOARD_SCHEMA_KEY, boardAuthors, boardMeta, boardRecords, boardWriters } from "../board-core/shared-doc.js";
import { zoneFrameShapeId } from "../board-core/template-layout.js";
import type { Room } from "../server/board/room.js";
import { UpdateGuard, UpdateRefused } from "../server/board/update-guard.js";
import { noteText, putNote } from "./support/board-notes.js";
import { useBoardSession, type RawSocket } from "./support/board-session.js";
import { until, type BoardClient } from "./support/clients.js";
import { craftUpdate, currentItemId, type CraftedItem } from "./support/yjs-craft.js";

const ZONE = zoneFrameShapeId("brise-glace", "ce-qui-fait-du-bien");
/** Client ids above every id Yjs draws (uint32): such a writer wins Yjs's conflict resolution on a key. */
let bigClient = 2 ** 40;
const nextBig = () => ++bigClient;

/** A GC struct (info byte 0) under `client`, as Yjs encodes collected content. */
function craftGc(client: number, clock: number, length: number): Uint8Array {
  const encoder = encoding.createEncoder();
  for (const value of [1, 1, client, clock]) encoding.writeVarUint(encoder, value);
  encoding.writeUint8(encoder, 0);
  encoding.writeVarUint(encoder, length);
  encoding.writeVarUint(encoder, 0); // empty delete set
  return encoding.toUint8Array(encoder);
}

describe("attacks on what a participant may write", () => {
  const live = useBoardSession({ maxMessageBytes: 2 * 1024 * 1024 });
  const { newSession, canvas, stored, rawSocket } = live;
  const participantCookie = (_db: unknown, _session: string, name: string) => live.participant(name);
  /** The live room, to read what the server itself holds. */
  const room = () => (live.server.registry as unknown as { rooms: Map<string, Promise<Room>> }).rooms.get(live.sessionId)!;
  type Raw = RawSocket;
  let sentinels = 0;
  /**
   * Sends, after the attack, a valid note of the attacker's own: once a watcher sees it the attack
   * was handled (batches run in order); a rejected connection never gets that far.
   */
  function outcome(watcher: BoardClient, attacker: Raw): Promise<string> {
    const id = `shape:sentinel-${++sentinels}`;
    const record = noteShape({ id: id as never, parentId: "page:page" as never, x: 0, y: 0, text: "témoin" });
    attacker.send(craftUpdate([{ client: 100_000 + sentinels, clock: 0, parent: "records", parentSub: id, content: { any: [record] } }]));
    return Promise.race([
      attacker.closed.then((code) => `closed ${code}`),
      until(watcher.doc, () => boardRecords(watcher.doc).has(id)).then(() => "handled"),
    ]);
  }
  /** Resolves once the server has read every frame sent so far on `raw` (it answers a clock request in order). */
  function received(raw: Raw): Promise<void> {
    const answered = new Promise<void>((resolve) =>
      raw.socket.on("message", (data: Buffer) => data[0] === MESSAGE_FACILITATION && resolve()),
    );
    raw.socket.send(encodeFacilitationFrame({ type: "clock", sentAt: Date.now() }));
    return answered;
  }
  /** A board with the facilitator watching and Bilal's card on it. */
  async function boardWithBilal() {
    await newSession();
    const watcher = await canvas(live.facilitator);
    const bilal = await canvas(await participantCookie(live.db, live.sessionId, "Bilal"));
    putNote(bilal.doc, "bilal", "Je sais cuisiner", { x: 40, y: 40 });
    await until(watcher.doc, () => boardAuthors(watcher.doc).get("shape:bilal")?.name === "Bilal");
    const attacker = await rawSocket(await participantCookie(live.db, live.sessionId, "Awa"));
    return { watcher, bilal, attacker };
  }
  const survives = async (doc: Y.Doc) => ({
    frame: boardRecords(doc).has(ZONE),
    card: noteText(doc, "bilal"),
    schema: boardMeta(doc).has(BOARD_SCHEMA_KEY),
    author: boardAuthors(doc).get("shape:bilal")?.name,
  });
  const intact = { frame: true, card: "Je sais cuisiner", schema: true, author: "Bilal" };

  // Was a bypass. A ContentDeleted item of length 0 at the sender's next clock: update-analysis.ts skips it
  // as already known (`struct.id.clock + struct.length <= state`), Yjs integrates it (`offset === 0`).
  // Named to a key with a client id above the key's first writer's, it wins the conflict resolution
  // and deletes the key's current value: the deletion is stored and relayed, nothing is judged. A
  // second, ordinary deleted item (on a new key, judged as "nothing changed") keeps Yjs's cleanup
  // from throwing. Any top-level map and any key: template frames, others' cards, the schema
  // marker, the authors and writers ledgers.
  for (const [target, root, key] of [
    ["a template frame", "records", ZONE],
    ["another participant's card", "records", "shape:bilal"],
    ["the schema marker", "meta", BOARD_SCHEMA_KEY],
    ["the authorship ledger", "authors", "shape:bilal"],
  ] as const) {
    it(`a zero-length deleted item cannot delete ${target}`, async () => {
      const { watcher, attacker } = await boardWithBilal();
      const client = nextBig();
      attacker.send(
        craftUpdate([
          { client, clock: 0, parent: root, parentSub: key, content: { deleted: 0 } },
          { client, clock: 0, parent: "records", parentSub: `shape:nothing-${client}`, content: { deleted: 1 } },
        ]),
      );
      await outcome(watcher, attacker);
      expect(await survives(watcher.doc)).toEqual(intact);
      expect(await survives(await stored())).toEqual(intact);
    });
  }

  // Was a bypass. The same zero-length item alone makes Yjs's transaction cleanup throw (tryMergeDeleteSet
  // → findIndexSS on a 0-length delete range). room-writes.ts `commit` only logs "a write failed
  // while applied"; the doc is left with a transaction cleanup that never completes, so it never
  // emits "update" again: from then on nothing anyone writes is stored or relayed, silently, while
  // the live doc (and sync replies to newcomers) keep changing. The frame is also gone from the live doc.
  it("a zero-length deleted item alone cannot wedge the room: honest edits are still stored and relayed", async () => {
    const { attacker } = await boardWithBilal();
    attacker.send(craftUpdate([{ client: nextBig(), clock: 0, parent: "records", parentSub: ZONE, content: { deleted: 0 } }]));
    // Handled once answered, or once refused with its connection.
    await Promise.race([received(attacker), attacker.closed]);
    // An honest participant's card, then a clock request on the same socket: its answer proves the
    // card was received (the doc emits no event any more once wedged), settle() then stores the batch.
    const honest = await rawSocket(await participantCookie(live.db, live.sessionId, "Chloé"));
    const card = noteShape({ id: "shape:apres" as never, parentId: "page:page" as never, x: 0, y: 0, text: "Après l'attaque" });
    honest.send(craftUpdate([{ client: 7_777, clock: 0, parent: "records", parentSub: "shape:apres", content: { any: [card] } }]));
    await received(honest);
    const serverRoom = await room();
    await serverRoom.settle();
    expect(noteText(serverRoom.doc, "apres")).toBe("Après l'attaque");
    expect(noteText(await stored(), "apres")).toBe("Après l'attaque");
    expect(boardRecords(serverRoom.doc).has(ZONE)).toBe(true);
  });

  // Was a bypass. An item that partly overlaps what the server has (clock < state): Yjs integrates its tail
  // with its left neighbour replaced by the sender's previous item (Item.integrate, `offset > 0`), which
  // the attacker had left in the frame's key with an earlier (undone) write. The analysis resolves the
  // item from its crafted parent (a new key), so the frame's key is never judged; Yjs's conflict
  // resolution then walks past the server's undo and deletes the frame's current value.
  it("an item overlapping the sender's known clocks cannot delete the frame it wrote to before", async () => {
    const { watcher, attacker } = await boardWithBilal();
    const client = nextBig();
    const frame = currentItemId(watcher.doc, "records", ZONE);
    const moved = { ...(boardRecords(watcher.doc).get(ZONE) as object), x: 9999 };
    attacker.send(craftUpdate([{ client, clock: 0, origin: frame, content: { any: [moved] } }], [[...frame, 1]]));
    await outcome(watcher, attacker); // undone by the server, as it should be
    attacker.send(craftUpdate([{ client, clock: 0, parent: "records", parentSub: `shape:nothing-${client}`, content: { deleted: 2 } }]));
    await outcome(watcher, attacker);
    expect(await survives(watcher.doc)).toEqual(intact);
    expect(await survives(await stored())).toEqual(intact);
  });

  // Was a bypass. GC structs are skipped by the analysis (`!(struct instanceof Y.Item)`) and never reach the
  // "writes as another client" check, yet Yjs integrates them: anyone can advance another person's
  // Yjs clock (their client id is public in the `writers` map). The server then takes that person's
  // next items, sent under those clocks, for content it already has, and drops them silently (e.g.
  // cards written while their connection was down); live, their Yjs sees its id "collide" and
  // changes id, losing what was in flight.
  it("a GC struct under another participant's client id is refused", async () => {
    const { watcher, bilal, attacker } = await boardWithBilal();
    const bilalClient = Number([...boardWriters(watcher.doc).keys()].find((id) => Y.getState(bilal.doc.store, Number(id)) > 0));
    const serverRoom = await room();
    const before = Y.getState(serverRoom.doc.store, bilalClient);
    attacker.send(craftGc(bilalClient, before, 1_000_000));
    expect(await outcome(watcher, attacker)).toBe("closed 1007");
    expect(Y.getState(serverRoom.doc.store, bilalClient)).toBe(before);
  });

  // Was a process freeze: items that name their key outright (no neighbour) make Yjs walk the key's
  // whole history on each one (Item.integrate: `while (o !== null && o.left !== null) o = o.left`), so
  // n of them in one update cost O(n²) (40,000 items, 760 KB, blocked the event loop ~10 s). No honest
  // update names one key outright twice, and none holds more than 20,000 items: both are refused whole.
  it("items naming one key outright twice, or more items than any honest update holds, are refused before Yjs sees them", () => {
    const doc = new Y.Doc();
    const guard = new UpdateGuard(doc, () => undefined);
    const awa = { role: "participant" as const, authorKey: "a", name: "Awa" };
    const apply = (items: CraftedItem[]) => () =>
      doc.transact(() => guard.apply(craftUpdate(items), awa, { boardLocked: false, sorting: false }));
    const client = nextBig();
    const named = Array.from({ length: 3 }, (_, clock): CraftedItem => ({
      client,
      clock,
      parent: "records",
      parentSub: "k",
      content: { deleted: 1 },
    }));
    expect(apply(named)).toThrow(UpdateRefused);
    const many = Array.from({ length: 20_001 }, (_, clock): CraftedItem =>
      clock === 0
        ? { client, clock, parent: "records", parentSub: "k", content: { deleted: 1 } }
        : { client, clock, origin: [client, clock - 1], content: { deleted: 1 } },
    );
    expect(apply(many)).toThrow(UpdateRefused);
    expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(new Y.Doc()));
  });

  it("hostile encodings are refused whole and change nothing: V2, mutual neighbours, forward references, deletions ahead, nested parents", async () => {
    const { watcher } = await boardWithBilal();
    const before = JSON.stringify(boardRecords(await stored()).toJSON());
    const frame = currentItemId(watcher.doc, "records", ZONE);
    const moved = { ...(boardRecords(watcher.doc).get(ZONE) as object), x: 9999 };
    const v2 = (() => {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(watcher.doc));
      const vector = Y.encodeStateVector(copy);
      boardRecords(copy).set(ZONE, moved as never);
      return Y.encodeStateAsUpdateV2(copy, vector);
    })();
    const c = nextBig();
    const hostile: [string, Uint8Array][] = [
      ["a V2-encoded move of the frame", v2],
      [
        "two items each other's neighbour",
        craftUpdate([
          { client: c, clock: 0, origin: [c, 1], content: { any: [moved] } },
          { client: c, clock: 1, origin: [c, 0], content: { any: [moved] } },
        ]),
      ],
      [
        "an item leaning on a later item of its own",
        craftUpdate([
          { client: c, clock: 0, origin: [c, 1], content: { any: [moved] } },
          { client: c, clock: 1, origin: frame, content: { any: [moved] } },
        ]),
      ],
      ["a deletion running past what exists", craftUpdate([], [[frame[0], frame[1], 10_000]])],
      ["an item inside a record", craftUpdate([{ client: c, clock: 0, parent: frame, parentSub: "x", content: { any: [1] } }])],
      ["a GC struct ahead of the sender's clock", craftGc(c, 5, 1)],
    ];
    for (const [intent, update] of hostile) {
      const attacker = await rawSocket(await participantCookie(live.db, live.sessionId, "Awa"));
      attacker.send(update);
      const result = await outcome(watcher, attacker);
      // A V2 update read as V1 may decode to something empty and harmless; everything else is refused.
      if (update !== v2) expect([intent, result]).toEqual([intent, "closed 1007"]);
    }
    const after = boardRecords(await stored()).toJSON();
    expect(after[ZONE]).toEqual(JSON.parse(before)[ZONE]);
    expect(await survives(watcher.doc)).toEqual(intact);
  });
});
