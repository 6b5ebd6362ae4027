// The whole board gzipped once for the clients that can inflate it (issue 19, docs/decisions/010):
// such a newcomer ends with exactly the stored board, newcomers asking at once share one compressed
// frame, and the capability is a hint that nothing else in the URL can turn into more work.
import { gunzipSync, gzipSync } from "node:zlib";
import { createShapeId } from "@tldraw/tlschema";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { noteShape } from "../board-core/cards.js";
import { acceptCompressedSync, holdUpdatesUntilBoard, MESSAGE_SYNC_GZIP } from "../board-core/compressed-sync.js";
import { boardRecords } from "../board-core/shared-doc.js";
import { BOARD_PAGE_ID } from "../board-core/template-layout.js";
import { openBoardStore } from "../server/board/board-store.js";
import { encodeUpdate, MESSAGE_SYNC, SYNC_STEP_1, SYNC_STEP_2, SYNC_UPDATE } from "../server/board/protocol.js";
import { RoomRegistry } from "../server/board/room-registry.js";
import type { BoardConnection } from "../server/board/room.js";
import { startBoardServer } from "./support/board-server.js";
import { browserLikeSocket, connectBoardClient, originOf, until } from "./support/clients.js";
import { fakeConnection } from "./support/fake-connection.js";
import {
  createFacilitatorWithSession,
  createSessionFor,
  createTestDatabase,
  professionalCookie,
  participantCookie,
  type TestDatabase,
} from "./support/fixtures.js";

const EMPTY_STEP_1 = Uint8Array.of(MESSAGE_SYNC, SYNC_STEP_1, 1, 0);
const isStep2 = (frame: Uint8Array) => frame[0] === MESSAGE_SYNC && frame[1] === SYNC_STEP_2;
const isGzip = (frame: Uint8Array) => frame[0] === MESSAGE_SYNC_GZIP;

function note(key: string, text: string) {
  return noteShape({ id: createShapeId(key), parentId: BOARD_PAGE_ID, x: 0, y: 0, text });
}

/** The update a [sync, step, varUint8Array(update)] frame carries. */
function updateOf(frame: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(frame);
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
  return decoding.readVarUint8Array(decoder);
}

/** The plain frame inside a [MESSAGE_SYNC_GZIP, varUint8Array(gzip)] frame. */
function inflated(frame: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(frame);
  expect(decoding.readVarUint(decoder)).toBe(MESSAGE_SYNC_GZIP);
  return new Uint8Array(gunzipSync(decoding.readVarUint8Array(decoder)));
}

/** Writes `count` notes straight into the stored board's snapshot, before any room loads it. */
async function storeNotes(database: TestDatabase, sessionId: string, count: number): Promise<void> {
  const store = openBoardStore(database.db, database.url);
  try {
    const loaded = await store.load(sessionId);
    const doc = new Y.Doc();
    for (const update of [loaded!.snapshot, ...loaded!.updates]) if (update) Y.applyUpdate(doc, update);
    const before = Y.encodeStateVector(doc);
    doc.transact(() => {
      for (let i = 0; i < count; i++)
        boardRecords(doc).set(note(`stock-${i}`, `carte ${i} `.repeat(8)).id, note(`stock-${i}`, `carte ${i} `.repeat(8)));
    });
    await store.append(loaded!.boardId, [Y.encodeStateAsUpdate(doc, before)]);
    await store.compact(loaded!.boardId, Y.encodeStateAsUpdate(doc), loaded!.updates.length + 1);
  } finally {
    await store.close();
  }
}

async function storedBoard(database: TestDatabase, sessionId: string): Promise<Y.Doc> {
  const stored = await openBoardStore(database.db, database.url).load(sessionId);
  const doc = new Y.Doc();
  for (const update of [stored!.snapshot, ...stored!.updates]) if (update) Y.applyUpdate(doc, update);
  return doc;
}

/** Opens a raw socket on `url`, asks for the whole board and collects frames until its sync step 2 (plain or gzipped). */
async function rawNewcomer(url: string, cookie: string): Promise<{ frames: Uint8Array[]; socket: WebSocket }> {
  const socket = new WebSocket(url, { headers: { Origin: originOf(url), Cookie: cookie }, perMessageDeflate: false });
  const frames: Uint8Array[] = [];
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => socket.send(EMPTY_STEP_1));
    socket.once("error", reject);
    socket.once("close", (code) => reject(new Error(`closed ${code}`)));
    socket.on("message", (data: Buffer) => {
      frames.push(new Uint8Array(data));
      if (isStep2(data) || isGzip(data)) resolve();
    });
  });
  return { frames, socket };
}

/** A connection whose socket takes its frames only when told to (`writeAll`), as a busy socket would. */
function pacedConnection() {
  const frames: Uint8Array[] = [];
  const pending: (() => void)[] = [];
  const connection: BoardConnection = {
    send: (frame, _kind, written) => {
      frames.push(frame);
      if (written) pending.push(written);
    },
    close: () => undefined,
  };
  return { connection, frames, writeAll: () => pending.splice(0).forEach((written) => written()) };
}

const turns = async (count: number) => {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
};

const step1Frame = (() => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, SYNC_STEP_1);
  encoding.writeVarUint8Array(encoder, Uint8Array.of(0));
  return encoding.toUint8Array(encoder);
})();

/** The doc a client builds from the sync and update frames it received, in order. */
function docOf(frames: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const frame of frames)
    if (frame[0] === MESSAGE_SYNC && (frame[1] === SYNC_STEP_2 || frame[1] === SYNC_UPDATE)) Y.applyUpdate(doc, updateOf(frame));
  return doc;
}

describe("the whole board gzipped for the clients that can inflate it", () => {
  let database: TestDatabase;
  let userId: string;
  let structureId: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    const setup = await createFacilitatorWithSession(database.db);
    userId = setup.user.id;
    structureId = setup.structure.id;
  });
  afterAll(() => database.cleanup());

  it("a newcomer that inflates the board while edits stream in converges to exactly the stored board", async () => {
    const sessionId = await createSessionFor(database.db, userId, structureId);
    await storeNotes(database, sessionId, 300);
    const board = await startBoardServer(database, { limits: { maxMessagesPerSecond: 10_000 } });
    const writer = connectBoardClient(board.wsBase, sessionId, await professionalCookie(database.db, userId));
    await writer.synced;
    const doc = new Y.Doc();
    let newcomer: WebsocketProvider | null = null;
    let gzipFrames = 0;
    const newcomerCookie = await participantCookie(database.db, sessionId, "Compressée");
    for (let i = 0; i < 200; i++) {
      boardRecords(writer.doc).set(note(`flux-${i}`, `carte ${i}`).id, note(`flux-${i}`, `carte ${i}`));
      if (i === 60) {
        newcomer = new WebsocketProvider(board.wsBase, sessionId, doc, {
          WebSocketPolyfill: browserLikeSocket(newcomerCookie) as unknown as typeof globalThis.WebSocket,
          disableBc: true,
          params: { sync: "gzip" },
        });
        acceptCompressedSync(newcomer);
        const handle = newcomer.messageHandlers[MESSAGE_SYNC_GZIP];
        newcomer.messageHandlers[MESSAGE_SYNC_GZIP] = (...args) => {
          gzipFrames += 1;
          handle(...args);
        };
      }
      if (i % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await new Promise<void>((resolve) => (newcomer!.synced ? resolve() : newcomer!.once("sync", (synced: boolean) => synced && resolve())));
    expect(gzipFrames).toBe(1);
    // Synced means the board is there: the stored notes arrived only in the gzipped frame.
    expect(boardRecords(doc).has(note("stock-299", "").id)).toBe(true);
    await until(doc, () => boardRecords(doc).has(note("flux-199", "").id));
    await board.registry.close(); // everything received is stored
    expect(boardRecords(doc).toJSON()).toEqual(boardRecords(await storedBoard(database, sessionId)).toJSON());
    writer.destroy();
    newcomer!.destroy();
    doc.destroy();
    await board.close();
  });

  it("two newcomers asking at once share one gzipped frame, which holds exactly the plain one", async () => {
    const sessionId = await createSessionFor(database.db, userId, structureId);
    await storeNotes(database, sessionId, 300);
    const rooms = new RoomRegistry(openBoardStore(database.db, database.url), {}, () => undefined);
    const first = fakeConnection();
    const second = fakeConnection();
    const plain = fakeConnection();
    first.connection.acceptsGzip = true;
    second.connection.acceptsGzip = true;
    const room = await rooms.connect(sessionId, first.connection);
    await rooms.connect(sessionId, second.connection);
    await rooms.connect(sessionId, plain.connection);
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, MESSAGE_SYNC);
    encoding.writeVarUint(step1, SYNC_STEP_1);
    encoding.writeVarUint8Array(step1, Uint8Array.of(0));
    for (const { connection } of [first, second, plain]) room.receive(connection, encoding.toUint8Array(step1));
    const answered = () => first.frames.some(isGzip) && second.frames.some(isGzip) && plain.frames.some(isStep2);
    for (let turns = 0; turns < 10_000 && !answered(); turns++) await new Promise((resolve) => setTimeout(resolve, 1));
    const [a] = first.frames.filter(isGzip);
    const [b] = second.frames.filter(isGzip);
    expect(a).toBe(b); // the very same bytes, compressed once
    expect(first.frames.filter(isStep2)).toEqual([]);
    const [whole] = plain.frames.filter(isStep2);
    expect(Buffer.from(inflated(a)).equals(Buffer.from(whole))).toBe(true);
    expect(whole.byteLength).toBeGreaterThan(a.byteLength * 2);
    const newcomer = new Y.Doc();
    Y.applyUpdate(newcomer, updateOf(inflated(a)));
    expect(boardRecords(newcomer).toJSON()).toEqual(boardRecords(room.doc).toJSON());
    await rooms.close();
  });

  it("any other capability value gets the plain protocol, and a client cannot send a gzipped frame", async () => {
    const sessionId = await createSessionFor(database.db, userId, structureId);
    await storeNotes(database, sessionId, 300);
    const warnings: string[] = [];
    const board = await startBoardServer(database, { onWarning: (message) => warnings.push(message) });
    const url = `${board.wsBase}/${sessionId}`;
    const crafted = ["GZIP", "gzip2", "gzip,br", "br", "deflate", "gzip&sync=gzip", "gzip%00", "x".repeat(4000), ""];
    const replies: Uint8Array[] = [];
    for (const [i, value] of crafted.entries()) {
      const cookie = await participantCookie(database.db, sessionId, `Curieuse ${i}`);
      const { frames, socket } = await rawNewcomer(`${url}?sync=${value}`, cookie);
      expect(frames.some(isGzip)).toBe(false);
      replies.push(frames.find(isStep2)!);
      socket.terminate();
    }
    // Every one of them got the same plain whole board.
    for (const reply of replies) expect(Buffer.from(reply).equals(Buffer.from(replies[0]))).toBe(true);

    // A client that sends a gzipped frame itself breaks the protocol: its connection alone is closed.
    const sender = await rawNewcomer(`${url}?sync=gzip`, await participantCookie(database.db, sessionId, "Expéditrice"));
    expect(sender.frames.some(isGzip)).toBe(true);
    const closed = new Promise<number>((resolve) => sender.socket.once("close", resolve));
    sender.socket.send(sender.frames.find(isGzip)!);
    expect(await closed).toBe(1007);
    expect(warnings).toContainEqual(expect.stringContaining("unknown message type 101"));
    const after = await rawNewcomer(`${url}?sync=gzip`, await participantCookie(database.db, sessionId, "Suivante"));
    expect(Buffer.from(inflated(after.frames.find(isGzip)!)).equals(Buffer.from(replies[0]))).toBe(true);
    after.socket.terminate();
    await board.close();
  });

  it("a storm's sync replies wait for the sockets to take the earlier ones; edits are relayed to everyone meanwhile", async () => {
    const sessionId = await createSessionFor(database.db, userId, structureId);
    await storeNotes(database, sessionId, 50);
    const rooms = new RoomRegistry(
      openBoardStore(database.db, database.url),
      { syncReplies: { maxBytesInFlight: 1, holdMs: 600_000 } },
      () => undefined,
    );
    const writer = fakeConnection();
    const newcomers = [pacedConnection(), pacedConnection(), pacedConnection()];
    const room = await rooms.connect(sessionId, writer.connection);
    for (const { connection } of newcomers) await rooms.connect(sessionId, connection);
    for (const { connection } of newcomers) room.receive(connection, step1Frame);
    await turns(50);
    const replied = () => newcomers.map(({ frames }) => frames.some(isStep2));
    expect(replied()).toEqual([true, false, false]);

    // An edit meanwhile is relayed to everyone at once, those still waiting for the board included.
    const author = new Y.Doc();
    Y.applyUpdate(author, Y.encodeStateAsUpdate(room.doc));
    author.on("update", (update: Uint8Array) => room.receive(writer.connection, encodeUpdate(update)));
    boardRecords(author).set(note("pendant", "pendant la tempête").id, note("pendant", "pendant la tempête"));
    await room.settle();
    await turns(50);
    for (const { frames } of newcomers) expect(frames.some((frame) => frame[0] === MESSAGE_SYNC && frame[1] === SYNC_UPDATE)).toBe(true);
    expect(replied()).toEqual([true, false, false]);

    newcomers[0].writeAll();
    await turns(50);
    expect(replied()).toEqual([true, true, false]);
    newcomers[1].writeAll();
    await turns(50);
    expect(replied()).toEqual([true, true, true]);
    // Each ends with exactly the room's board, whatever order its frames came in.
    for (const { frames } of newcomers) expect(boardRecords(docOf(frames)).toJSON()).toEqual(boardRecords(room.doc).toJSON());
    await rooms.close();
  });

  it("a reader that never takes its reply holds the next newcomers up for holdMs at most", async () => {
    const sessionId = await createSessionFor(database.db, userId, structureId);
    await storeNotes(database, sessionId, 50);
    const rooms = new RoomRegistry(
      openBoardStore(database.db, database.url),
      { syncReplies: { maxBytesInFlight: 1, holdMs: 20 } },
      () => undefined,
    );
    const stuck = pacedConnection();
    const others = [pacedConnection(), pacedConnection()];
    const room = await rooms.connect(sessionId, stuck.connection);
    for (const { connection } of others) await rooms.connect(sessionId, connection);
    for (const { connection } of [stuck, ...others]) room.receive(connection, step1Frame);
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (others.every(({ frames }) => frames.some(isStep2))) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    for (const { frames } of [stuck, ...others]) expect(frames.filter(isStep2)).toHaveLength(1);
    await rooms.close();
  });
});

describe("a browser inflating the whole board", () => {
  /** A socket the test speaks for: what the provider sends is kept, what the "server" says is pushed in. */
  class ScriptedSocket {
    static last: ScriptedSocket | null = null;
    binaryType = "arraybuffer";
    readyState = 0;
    sent: Uint8Array[] = [];
    onopen: ((event: unknown) => void) | null = null;
    onmessage: ((event: { data: ArrayBuffer }) => void) | null = null;
    onclose: ((event: unknown) => void) | null = null;
    onerror: ((event: unknown) => void) | null = null;
    constructor() {
      ScriptedSocket.last = this;
      setImmediate(() => {
        this.readyState = 1;
        this.onopen?.({});
      });
    }
    send(data: Uint8Array) {
      this.sent.push(new Uint8Array(data));
    }
    close() {
      this.readyState = 3;
      this.onclose?.({});
    }
    push(frame: Uint8Array) {
      this.onmessage?.({ data: frame.slice().buffer });
    }
  }

  /** A board of 300 notes, and 40 updates made on it after (the tail the server stores after its whole-board frame). */
  function boardAndTail() {
    const board = new Y.Doc();
    for (let i = 0; i < 300; i++) boardRecords(board).set(note(`n${i}`, `carte ${i}`).id, note(`n${i}`, `carte ${i}`));
    const whole = Y.encodeStateAsUpdate(board);
    const tail: Uint8Array[] = [];
    board.on("update", (update: Uint8Array) => tail.push(update));
    for (let i = 0; i < 40; i++) boardRecords(board).set(note(`après-${i}`, `après ${i}`).id, note(`après-${i}`, `après ${i}`));
    return { board, whole, tail };
  }

  function syncFrame(type: number, bytes: Uint8Array): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    encoding.writeVarUint(encoder, type);
    encoding.writeVarUint8Array(encoder, bytes);
    return encoding.toUint8Array(encoder);
  }

  /** A provider on a scripted socket, open; `synced` resolves with the records in the doc at the "sync" event. */
  async function scriptedProvider(install: (provider: WebsocketProvider) => void) {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider("ws://tableau.invalid", "salle", doc, {
      WebSocketPolyfill: ScriptedSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    install(provider);
    const synced = new Promise<number>((resolve) => provider.once("sync", () => resolve(boardRecords(doc).size)));
    await new Promise((resolve) => setImmediate(resolve));
    const socket = ScriptedSocket.last!;
    expect(socket.readyState).toBe(1);
    socket.sent.length = 0;
    return { doc, provider, socket, synced };
  }

  it("keeps the updates that come before the board aside, applies them after it, and says synced with all of it in", async () => {
    const { board, whole, tail } = boardAndTail();
    const { doc, provider, socket, synced } = await scriptedProvider((provider) => acceptCompressedSync(provider));
    // The server's order: its sync step 1, the updates stored after its whole-board frame, the frame
    // gzipped; then an edit relayed while the browser inflates it.
    socket.push(syncFrame(SYNC_STEP_1, Y.encodeStateVector(new Y.Doc())));
    expect(socket.sent.filter(isStep2)).toHaveLength(1); // answered at once
    for (const update of tail.slice(0, 39)) socket.push(syncFrame(SYNC_UPDATE, update));
    const gzipEncoder = encoding.createEncoder();
    encoding.writeVarUint(gzipEncoder, MESSAGE_SYNC_GZIP);
    encoding.writeVarUint8Array(gzipEncoder, gzipSync(syncFrame(SYNC_STEP_2, whole)));
    socket.push(encoding.toUint8Array(gzipEncoder));
    socket.push(syncFrame(SYNC_UPDATE, tail[39]));
    // Nothing went into Yjs's pending set: the updates wait for the board.
    expect(doc.store.pendingStructs).toBeNull();
    expect(boardRecords(doc).size).toBe(0);

    expect(await synced).toBe(340);
    expect(doc.store.pendingStructs).toBeNull();
    expect(boardRecords(doc).toJSON()).toEqual(boardRecords(board).toJSON());
    provider.destroy();
    doc.destroy();
  });

  it("does the same for a board that comes plain", async () => {
    const { board, whole, tail } = boardAndTail();
    const { doc, provider, socket, synced } = await scriptedProvider((provider) => holdUpdatesUntilBoard(provider));
    for (const update of tail.slice(0, 20)) socket.push(syncFrame(SYNC_UPDATE, update));
    // A truncated update among them (it says 5 bytes, has 1) is dropped when its turn comes; the rest still apply.
    socket.push(Uint8Array.of(MESSAGE_SYNC, SYNC_UPDATE, 5, 1));
    for (const update of tail.slice(20)) socket.push(syncFrame(SYNC_UPDATE, update));
    // A sync message of no known kind is refused where it comes, as y-websocket does, not kept to break the board later.
    expect(() => socket.push(Uint8Array.of(MESSAGE_SYNC, 3, 0))).toThrow();
    expect(doc.store.pendingStructs).toBeNull();
    socket.push(syncFrame(SYNC_STEP_2, whole));
    expect(await synced).toBe(340);
    expect(doc.store.pendingStructs).toBeNull();
    expect(boardRecords(doc).toJSON()).toEqual(boardRecords(board).toJSON());
    // Once synced, updates are applied as they come.
    const more = new Y.Doc();
    Y.applyUpdate(more, Y.encodeStateAsUpdate(board));
    more.on("update", (update: Uint8Array) => socket.push(syncFrame(SYNC_UPDATE, update)));
    boardRecords(more).set(note("ensuite", "ensuite").id, note("ensuite", "ensuite"));
    expect(boardRecords(doc).has(note("ensuite", "").id)).toBe(true);

    // Reconnected, the page already holds its board: others' edits show as they come, before the sync.
    socket.close();
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (ScriptedSocket.last !== socket && ScriptedSocket.last!.readyState === 1) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    expect(provider.synced).toBe(false);
    const again = ScriptedSocket.last!;
    const relayed: Uint8Array[] = [];
    more.on("update", (update: Uint8Array) => relayed.push(update));
    boardRecords(more).set(note("pendant", "pendant la reconnexion").id, note("pendant", "pendant la reconnexion"));
    again.push(syncFrame(SYNC_UPDATE, relayed.at(-1)!));
    expect(boardRecords(doc).has(note("pendant", "").id)).toBe(true);
    provider.destroy();
    doc.destroy();
  });
});
