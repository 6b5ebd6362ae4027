import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { encodeAwareness, encodeUpdate } from "../server/board/protocol.js";
import type { BoardConnection } from "../server/board/room.js";
import { startBoardServer, type InProcessBoardServer } from "./support/board-server.js";
import { connectBoardClient, originOf, until, type BoardClient } from "./support/clients.js";
import {
  createFacilitatorWithSession,
  createSessionFor,
  createTestDatabase,
  participantCookie,
  type TestDatabase,
} from "./support/fixtures.js";
import { noteText, putNote } from "./support/board-notes.js";

const FRAMES = 100_000;
const SOCKET_FRAMES = 1_500;
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);

/** A small seeded generator, so a failing run can be replayed with FUZZ_SEED. */
function random(start: number) {
  let state = start >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Real frames of every kind, then broken in the ways a bad client or a bad network would. */
function frameFactory(next: () => number) {
  const doc = new Y.Doc();
  const valid: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => valid.push(encodeUpdate(update)));
  for (let i = 0; i < 50; i++) putNote(doc, `fuzz${i}`, "x".repeat(i));
  for (let i = 0; i < 5; i++) doc.getMap("elsewhere").set(`k${i}`, i); // a top-level type the board does not have
  valid.push(encodeAwareness(new TextEncoder().encode("not an awareness update")));
  valid.push(Uint8Array.of(0, 0, 1, 0)); // sync step 1, empty state vector
  const int = (max: number) => Math.floor(next() * max);
  const pick = () => valid[int(valid.length)];
  const mutations: (() => Uint8Array)[] = [
    () => Uint8Array.from({ length: int(64) }, () => int(256)),
    () => pick().slice(0, int(pick().length)),
    () => {
      const frame = pick().slice();
      for (let i = 0; i < 1 + int(4); i++) frame[int(frame.length)] = int(256);
      return frame;
    },
    () => Uint8Array.of(...pick(), ...Uint8Array.from({ length: 1 + int(8) }, () => int(256))),
    () => Uint8Array.of(0, int(3), 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3),
    () => Uint8Array.of(4 + int(250), ...pick().slice(1)),
    () => Uint8Array.of(1, 0xff, 0xff, 0xff, 0x7f),
    pick,
  ];
  return () => mutations[int(mutations.length)]();
}

function heapAfterGc(): number {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe(`board server under 100,000 hostile frames (FUZZ_SEED=${seed})`, () => {
  let database: TestDatabase;
  let board: InProcessBoardServer;
  let wsBase: string;
  let target: string;
  let quiet: string;
  let attackerCookie: string;
  const bystanders: BoardClient[] = [];
  const bystanderTrouble: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const setup = await createFacilitatorWithSession(database.db);
    target = setup.sessionId;
    quiet = await createSessionFor(database.db, setup.user.id, setup.structure.id);
    attackerCookie = await participantCookie(database.db, target, "Fuzz");
    // The parser is what is under test here, not the rate limit.
    board = await startBoardServer(database, { limits: { maxMessagesPerSecond: 1_000_000 } });
    wsBase = board.wsBase;
    for (const name of ["Lina", "Marc"]) {
      const client = connectBoardClient(wsBase, quiet, await participantCookie(database.db, quiet, name));
      client.provider.on("connection-close", () => bystanderTrouble.push(`${name}: connection closed`));
      client.provider.on("connection-error", () => bystanderTrouble.push(`${name}: connection error`));
      bystanders.push(client);
    }
    await Promise.all(bystanders.map((client) => client.synced));
  });

  afterAll(async () => {
    for (const client of bystanders) client.destroy();
    await board.close();
    await database.cleanup();
  });

  it("stays up, leaves the other rooms untouched, and gives its memory back", async () => {
    const nextFrame = frameFactory(random(seed));
    let chatter = 0;
    const talking = setInterval(() => putNote(bystanders[chatter++ % 2].doc, `m${chatter}`, String(chatter)), 10);
    const baseline = heapAfterGc();

    // In the room itself, frame after frame; a connection the room closes is replaced.
    const attacker = { closed: false };
    const fresh = (): BoardConnection => {
      attacker.closed = false;
      return { send: () => undefined, close: () => (attacker.closed = true) };
    };
    let connection = fresh();
    let room = await board.registry.connect(target, connection);
    for (let i = 0; i < FRAMES; i++) {
      room.receive(connection, nextFrame());
      if (attacker.closed) {
        connection = fresh();
        room = await board.registry.connect(target, connection);
      }
      if (i % 5_000 === 0) await room.settle();
    }
    await room.settle();
    board.registry.disconnect(room, connection);

    // And through real sockets: each hostile frame on its own authenticated connection.
    const headers = { Origin: originOf(wsBase), Cookie: attackerCookie };
    for (let i = 0; i < SOCKET_FRAMES; i++) {
      await new Promise<void>((resolve) => {
        const socket = new WebSocket(`${wsBase}/${target}`, { headers });
        socket.on("open", () => {
          socket.send(i % 10 === 0 ? "texte, pas du binaire" : nextFrame());
          socket.close();
        });
        socket.on("close", () => resolve());
        socket.on("error", () => resolve());
      });
    }

    clearInterval(talking);
    const last = `m${chatter}`;
    await until(bystanders[0].doc, () => noteText(bystanders[0].doc, last) !== undefined);
    await until(bystanders[1].doc, () => noteText(bystanders[1].doc, last) !== undefined);
    expect(bystanderTrouble).toEqual([]);
    expect(bystanders.every((client) => client.provider.wsconnected)).toBe(true);

    const after = heapAfterGc();
    expect(after - baseline).toBeLessThan(32 * 1024 * 1024);
  }, 300_000);
});
