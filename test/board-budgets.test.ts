// An attacker with a join code floods each kind of message in turn: only their own connection is
// closed (1008, with a French reason), and the others keep editing.
import * as encoding from "lib0/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createShapeId } from "@tldraw/tlschema";
import { noteShape } from "../board-core/cards.js";
import { encodeFacilitationFrame } from "../board-core/facilitation-protocol.js";
import { boardRecords } from "../board-core/shared-doc.js";
import { BOARD_PAGE_ID } from "../board-core/template-layout.js";
import { openBoardStore } from "../server/board/board-store.js";
import { DEFAULT_BUDGETS } from "../server/board/budgets.js";
import { encodeAwareness, encodeUpdate, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC, SYNC_STEP_1 } from "../server/board/protocol.js";
import type { BoardConnection } from "../server/board/room.js";
import { CLOSE, type Room } from "../server/board/room.js";
import { RoomRegistry, type RoomLimits } from "../server/board/room-registry.js";
import { fakeConnection } from "./support/fake-connection.js";
import { createFacilitatorWithSession, createTestDatabase, type TestDatabase } from "./support/fixtures.js";

let counter = 0;
const participant = (name: string): BoardConnection["person"] => ({ key: `p-${name}`, role: "participant", name });

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}
const syncStep1 = (stateVector: Uint8Array) =>
  frame(
    (e) => (encoding.writeVarUint(e, MESSAGE_SYNC), encoding.writeVarUint(e, SYNC_STEP_1), encoding.writeVarUint8Array(e, stateVector)),
  );
const queryAwareness = () => frame((e) => encoding.writeVarUint(e, MESSAGE_QUERY_AWARENESS));
const commandText = (text: string) => frame((e) => (encoding.writeVarUint(e, 100), encoding.writeVarString(e, text)));
/** A presence entry for `clientId`, as y-protocols encodes it. */
const presence = (clientId: number, clock: number) =>
  encodeAwareness(
    frame(
      (e) => (
        encoding.writeVarUint(e, 1),
        encoding.writeVarUint(e, clientId),
        encoding.writeVarUint(e, clock),
        encoding.writeVarString(e, "{}")
      ),
    ),
  );

/** Updates as a browser makes them: one new sticky note each. */
function updates(count: number, textBytes = 8): Uint8Array[] {
  const doc = new Y.Doc();
  const made: Uint8Array[] = [];
  const prefix = `n${counter++}`;
  doc.on("update", (update: Uint8Array) => made.push(encodeUpdate(update)));
  for (let i = 0; i < count; i++) {
    const note = noteShape({ id: createShapeId(`${prefix}-${i}`), parentId: BOARD_PAGE_ID, x: i, y: 0, text: "x".repeat(textBytes) });
    boardRecords(doc).set(note.id, note);
  }
  return made;
}

/** Every kind of flood, in several encodings of the same intent. */
const floods: Record<string, (i: number) => Uint8Array> = {
  updates: (() => {
    const all = updates(1_000);
    return (i: number) => all[i];
  })(),
  "sync step 1, empty state vector": () => syncStep1(Uint8Array.of(0)),
  "sync step 1, made-up clients": (i) =>
    syncStep1(frame((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint(e, 1000 + i), encoding.writeVarUint(e, i)))),
  "presence renewals": (i) => presence(4242, i + 1),
  "presence queries": () => queryAwareness(),
  "clock commands": (i) => encodeFacilitationFrame({ type: "clock", sentAt: i }),
  "refused commands": () => commandText('{"type":"phase","phaseId":"x"}'),
  "unreadable commands": () => commandText("not json"),
  "phone posts": (i) => encodeFacilitationFrame({ type: "post", text: `carte ${i}` }),
  "posts spelt with escapes": (i) => commandText(`{"type":"\\u0070ost","text":"carte ${i}"}`),
  "posts hidden behind a repeated key": (i) => commandText(`{"type":"clock","sentAt":1, "type" : "post","text":"c${i}"}`),
};

describe("every kind of message has a budget", () => {
  let database: TestDatabase;
  let sessionId: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    sessionId = (await createFacilitatorWithSession(database.db)).sessionId;
  });
  afterAll(() => database.cleanup());

  const registry = (limits: Partial<RoomLimits> = {}) =>
    new RoomRegistry(openBoardStore(database.db, database.url), limits, () => undefined);

  /** A calm participant who edits once the flood is over, and must not have been touched. */
  async function calmStillEdits(room: Room, calm: ReturnType<typeof fakeConnection>, key: string): Promise<void> {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc));
    doc.on("update", (update: Uint8Array) => room.receive(calm.connection, encodeUpdate(update)));
    const note = noteShape({ id: createShapeId(`calme-${counter++}`), parentId: BOARD_PAGE_ID, x: 0, y: 0, text: key });
    boardRecords(doc).set(note.id, note);
    await room.settle();
    expect(boardRecords(room.doc).get(note.id)?.id).toBe(note.id);
    expect(calm.closes).toEqual([]);
  }

  for (const [kind, next] of Object.entries(floods)) {
    it(`a connection flooding ${kind} is closed with 1008 and a reason; the others keep editing`, async () => {
      const rooms = registry();
      const flooder = fakeConnection();
      flooder.connection.person = participant("Flood");
      const calm = fakeConnection();
      calm.connection.person = participant("Calme");
      const room = await rooms.connect(sessionId, flooder.connection);
      await rooms.connect(sessionId, calm.connection);
      for (let i = 0; i < 1_000 && flooder.closes.length === 0; i++) room.receive(flooder.connection, next(i));
      expect(flooder.closes).toHaveLength(1);
      expect(flooder.closes[0].code).toBe(1008);
      expect(flooder.closes[0].reason).toMatch(/ralentissez/);
      await calmStillEdits(room, calm, kind);
      await rooms.close();
    });
  }

  it("phone posts have a tighter budget than other commands: the sixth card at once is refused", async () => {
    const rooms = registry();
    const phone = fakeConnection();
    phone.connection.person = participant("Téléphone");
    const room = await rooms.connect(sessionId, phone.connection);
    for (let i = 0; i < 5; i++) room.receive(phone.connection, encodeFacilitationFrame({ type: "post", text: `carte ${i}` }));
    expect(phone.closes).toEqual([]);
    room.receive(phone.connection, encodeFacilitationFrame({ type: "post", text: "une de trop" }));
    expect(phone.closes).toEqual([CLOSE.tooManyMessages]);
    await rooms.close();
  });

  it("a connection sending few but large updates is closed on its byte budget", async () => {
    const rooms = registry({ budgets: { ...DEFAULT_BUDGETS, bytes: { perSecond: 64 * 1024, burst: 256 * 1024 } } });
    const flooder = fakeConnection();
    const calm = fakeConnection();
    const room = await rooms.connect(sessionId, flooder.connection);
    await rooms.connect(sessionId, calm.connection);
    const big = updates(10, 60 * 1024);
    let sent = 0;
    for (const update of big) {
      if (flooder.closes.length > 0) break;
      room.receive(flooder.connection, update);
      sent += 1;
    }
    expect(flooder.closes).toEqual([CLOSE.tooManyBytes]);
    expect(sent).toBeLessThanOrEqual(5);
    await calmStillEdits(room, calm, "octets");
    await rooms.close();
  });

  it("a command longer than any valid one is refused whole (1009)", async () => {
    const rooms = registry();
    const sender = fakeConnection();
    const room = await rooms.connect(sessionId, sender.connection);
    room.receive(sender.connection, commandText(JSON.stringify({ type: "post", text: "x".repeat(20_000) })));
    expect(sender.closes).toEqual([CLOSE.messageTooLarge]);
    await rooms.close();
  });

  it("when a room is over its budget, those who push it over are closed, not the quiet ones", async () => {
    const room_ = { messages: { perSecond: 100, burst: 200 }, bytes: DEFAULT_BUDGETS.room.bytes };
    const rooms = registry({ budgets: { ...DEFAULT_BUDGETS, room: room_ } });
    const heavy = Array.from({ length: 4 }, () => fakeConnection());
    const quiet = fakeConnection();
    const room = await rooms.connect(sessionId, quiet.connection);
    for (const connection of heavy) await rooms.connect(sessionId, connection.connection);
    // Each heavy sender stays within its own budget (400 at once); together they exceed the room's.
    const streams = heavy.map(() => updates(80));
    const quietUpdates = updates(20);
    for (let round = 0; round < 80; round++) {
      heavy.forEach((sender, index) => sender.closes.length === 0 && room.receive(sender.connection, streams[index][round]));
      if (round % 4 === 0) room.receive(quiet.connection, quietUpdates[round / 4]);
    }
    expect(heavy.map((sender) => sender.closes)).toEqual(heavy.map(() => [CLOSE.roomBusy]));
    expect(quiet.closes).toEqual([]);
    await calmStillEdits(room, quiet, "salle");
    await rooms.close();
  });
});
