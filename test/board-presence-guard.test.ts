// Presence is who the server says it is: a participant cannot wear the facilitator's name, role or
// colour, nor write or remove anyone else's cursor, whatever the bytes of their awareness update.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Awareness, applyAwarenessUpdate } from "y-protocols/awareness";
import * as Y from "yjs";
import { bindPresence, presenceUserId } from "../board-core/presence.js";
import { presenceIdentity } from "../board-core/presence-identity.server.js";
import { createBoardStore } from "../app/board/tldraw-store.js";
import { openBoardStore } from "../server/board/board-store.js";
import { encodeAwareness, MESSAGE_AWARENESS } from "../server/board/protocol.js";
import { CLOSE, type Room } from "../server/board/room.js";
import { RoomRegistry } from "../server/board/room-registry.js";
import { fakeConnection } from "./support/fake-connection.js";
import { createFacilitatorWithSession, createTestDatabase, type TestDatabase } from "./support/fixtures.js";

const claire = { key: "user:claire", role: "facilitator", name: "Claire" } as const;
const awa = { key: "participant:awa", role: "participant", name: "Awa" } as const;

/** An awareness update written by hand: entries of client id, clock and raw JSON text. */
function presenceFrame(entries: [clientId: number, clock: number, json: string][], trailing: number[] = []): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const [clientId, clock, json] of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, json);
  }
  for (const byte of trailing) encoding.writeUint8(encoder, byte);
  return encodeAwareness(encoding.toUint8Array(encoder));
}

const cursor = (fields: Record<string, unknown>) =>
  JSON.stringify({
    presence: { userId: "user:x", userName: "x", color: "#000", cursor: { x: 1, y: 2, type: "default", rotation: 0 }, ...fields },
  });

describe("presence is who the server says it is", () => {
  let database: TestDatabase;
  let sessionId: string;
  let rooms: RoomRegistry;
  let room: Room;
  let facilitator: ReturnType<typeof fakeConnection>;
  let attacker: ReturnType<typeof fakeConnection>;
  const identity = (person: { key: string; name: string }) => presenceIdentity(sessionId, person.key, person.name);
  const stateOf = (clientId: number) =>
    room.awareness.getStates().get(clientId) as { presence: Record<string, unknown>; user: Record<string, unknown> } | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    sessionId = (await createFacilitatorWithSession(database.db)).sessionId;
    rooms = new RoomRegistry(openBoardStore(database.db, database.url), {}, () => undefined);
    facilitator = fakeConnection();
    facilitator.connection.person = claire;
    attacker = fakeConnection();
    attacker.connection.person = awa;
    room = await rooms.connect(sessionId, facilitator.connection);
    await rooms.connect(sessionId, attacker.connection);
    const own = identity(claire);
    room.receive(
      facilitator.connection,
      presenceFrame([[1, 1, cursor({ userId: `user:${own.id}`, userName: "Claire", color: own.color })]]),
    );
  });
  afterAll(async () => {
    await rooms.close();
    await database.cleanup();
  });

  const claimsOfClaire = (() => {
    const own = () => identity(claire);
    return {
      "her name": () => cursor({ userName: "Claire" }),
      "her name, in unicode escapes": () => cursor({ userName: "\\u0043laire" }).replace("\\\\u0043", "\\u0043"),
      "her name, after a repeated key": () => `{"presence":{"userName":"Awa","userName":"Claire","color":"${own().color}"}}`,
      "her user id and colour": () => cursor({ userId: `user:${own().id}`, color: own().color }),
      "her role, at the top": () => JSON.stringify({ presence: {}, user: { name: "Claire", role: "facilitator" }, role: "facilitator" }),
      "her role, in the presence's meta": () => cursor({ meta: { role: "facilitator", name: "Claire" } }),
      "a prototype key": () => `{"__proto__":{"role":"facilitator"},"presence":{"__proto__":{"userName":"Claire"},"userName":"Claire"}}`,
      "a presence that is an array": () => JSON.stringify({ presence: ["Claire", "facilitator"] }),
      "a state that is a string": () => JSON.stringify("Claire"),
    };
  })();

  let nextId = 100;
  for (const [how, json] of Object.entries(claimsOfClaire)) {
    it(`a participant claiming the facilitator's identity by ${how} shows as themself`, () => {
      const clientId = nextId++;
      room.receive(attacker.connection, presenceFrame([[clientId, 1, json()]]));
      const state = stateOf(clientId);
      const own = identity(awa);
      expect(state?.user).toEqual({ id: own.id, name: "Awa", color: own.color, role: "participant" });
      expect(Object.keys(state ?? {}).sort()).toEqual(["presence", "user"]);
      if (state?.presence) {
        expect(state.presence).toMatchObject({ userId: `user:${own.id}`, userName: "Awa", color: own.color, meta: {} });
        expect(Object.getPrototypeOf(state.presence)).toBe(Object.prototype);
      }
      expect(JSON.stringify(state)).not.toMatch(/Claire|facilitator/);
      // Each test's id is released for the next, so the cap on ids per connection is not what refuses.
      room.receive(attacker.connection, presenceFrame([[clientId, 2, "null"]]));
    });
  }

  it("a participant cannot write, nor remove, the facilitator's cursor, alone or beside their own entry", () => {
    const before = JSON.stringify(stateOf(1));
    room.receive(attacker.connection, presenceFrame([[1, 99, cursor({ userName: "Claire (faux)" })]]));
    room.receive(attacker.connection, presenceFrame([[1, 100, "null"]]));
    room.receive(
      attacker.connection,
      presenceFrame([
        [300, 1, cursor({})],
        [1, 101, "null"],
      ]),
    );
    expect(JSON.stringify(stateOf(1))).toBe(before);
    expect(stateOf(300)?.user).toMatchObject({ name: "Awa" });
    expect(attacker.closes).toEqual([]);
  });

  it("a connection announces a few client ids at most", () => {
    const greedy = fakeConnection();
    greedy.connection.person = { key: "participant:greedy", role: "participant", name: "Gérard" };
    room.join(greedy.connection);
    room.receive(
      greedy.connection,
      presenceFrame(Array.from({ length: 10 }, (_, i) => [500 + i, 1, cursor({})] as [number, number, string])),
    );
    const announced = [...room.awareness.getStates().keys()].filter((id) => id >= 500 && id < 510);
    expect(announced).toHaveLength(4);
    room.leave(greedy.connection);
    expect([...room.awareness.getStates().keys()].filter((id) => id >= 500 && id < 510)).toEqual([]);
  });

  it("the same person reconnecting takes their own cursor over; someone else cannot", () => {
    const tab = fakeConnection();
    tab.connection.person = awa;
    room.join(tab.connection);
    room.receive(tab.connection, presenceFrame([[300, 5, cursor({})]]));
    expect(room.awareness.meta.get(300)?.clock).toBe(5);
    room.leave(attacker.connection);
    expect(stateOf(300)).toBeDefined();
    room.leave(tab.connection);
    expect(stateOf(300)).toBeUndefined();
  });

  it("an unreadable awareness update closes its sender (1007)", () => {
    for (const frame of [
      presenceFrame([[700, 1, "{not json"]]),
      presenceFrame([[701, 1, "{}"]], [7]),
      presenceFrame([[702, 1, "{}"]]).slice(0, -2),
      Uint8Array.of(MESSAGE_AWARENESS, 3, 200, 1, 1),
    ]) {
      const sender = fakeConnection();
      sender.connection.person = { key: `participant:${Math.random()}`, role: "participant", name: "Zoé" };
      room.join(sender.connection);
      room.receive(sender.connection, frame);
      expect(sender.closes).toEqual([CLOSE.invalidMessage]);
    }
  });

  it("another browser still shows the name the server set, and can follow that person", async () => {
    const writer = fakeConnection();
    writer.connection.person = { key: "participant:bintou", role: "participant", name: "Bintou" };
    room.join(writer.connection);
    const browserDoc = new Y.Doc();
    const browser = new Awareness(browserDoc);
    const store = createBoardStore();
    const unbind = bindPresence(store, browser, { id: "local", name: "Lecteur", color: "#123456" });
    const shown = new Promise<void>((resolve) => {
      const reader = fakeConnection();
      reader.connection.send = (frame: Uint8Array) => {
        if (frame[0] !== MESSAGE_AWARENESS) return;
        const decoder = decoding.createDecoder(frame);
        decoding.readVarUint(decoder);
        applyAwarenessUpdate(browser, decoding.readVarUint8Array(decoder), "server");
        if (store.allRecords().some((record) => record.typeName === "instance_presence")) resolve();
      };
      room.join(reader.connection);
    });
    const bintou = identity({ key: "participant:bintou", name: "Bintou" });
    const sentState = {
      presence: {
        ...JSON.parse(cursor({ userName: "Claire" })).presence,
        typeName: "instance_presence",
        id: "instance_presence:x",
        lastActivityTimestamp: 1,
        followingUserId: null,
        camera: { x: 0, y: 0, z: 1 },
        screenBounds: { x: 0, y: 0, w: 800, h: 600 },
        selectedShapeIds: [],
        currentPageId: "page:page",
        brush: null,
        scribbles: [],
        chatMessage: "",
      },
    };
    room.receive(writer.connection, presenceFrame([[900, 1, JSON.stringify(sentState)]]));
    await shown;
    const record = store.allRecords().find((r) => r.typeName === "instance_presence") as {
      userName: string;
      userId: string;
      color: string;
    };
    expect(record).toMatchObject({ userName: "Bintou", color: bintou.color });
    expect(record.userId).toBe(presenceUserId(bintou));
    unbind();
    browser.destroy();
  });
});
