// The real server, one hostile connection: pages are still answered quickly while it floods.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { encodeUpdate } from "../server/board/protocol.js";
import { originOf } from "./support/clients.js";
import { createFacilitatorWithSession, createTestDatabase, participantCookie, type TestDatabase } from "./support/fixtures.js";
import { freePort, killHard, startServerProcess, type ServerProcess } from "./support/server-process.js";

/** A flood that reconnects whenever the server closes it, until stopped. */
function flood(url: string, cookie: string, frames: Uint8Array[]) {
  let stopped = false;
  let closes = 0;
  let socket: WebSocket;
  const open = () => {
    socket = new WebSocket(url, { headers: { Origin: originOf(url), Cookie: cookie } });
    socket.on("open", () => {
      const pump = () => {
        for (let i = 0; i < 200 && !stopped && socket.readyState === socket.OPEN; i++) socket.send(frames[i % frames.length]);
        if (!stopped && socket.readyState === socket.OPEN) setImmediate(pump);
      };
      pump();
    });
    socket.on("close", () => {
      closes += 1;
      if (!stopped) setTimeout(open, 20);
    });
    socket.on("error", () => undefined);
  };
  open();
  return {
    get closes() {
      return closes;
    },
    stop() {
      stopped = true;
      socket.terminate();
    },
  };
}

describe("the real server under one hostile connection", () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let base: string;
  let board: string;
  let cookie: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    const { sessionId } = await createFacilitatorWithSession(database.db);
    cookie = await participantCookie(database.db, sessionId, "Intrus");
    const port = await freePort();
    server = await startServerProcess({ DATABASE_URL: database.url, PORT: String(port) });
    base = `http://127.0.0.1:${port}`;
    board = `ws://127.0.0.1:${port}/yjs/${sessionId}`;
  });
  afterAll(async () => {
    await killHard(server);
    await database.cleanup();
  });

  it("answers HTTP within a second while one connection floods updates, sync requests and presence", async () => {
    const doc = new Y.Doc();
    const frames: Uint8Array[] = [Uint8Array.of(0, 0, 1, 0), Uint8Array.of(1, 5, 1, 9, 1, 2, 0x7b, 0x7d)];
    doc.on("update", (update: Uint8Array) => frames.push(encodeUpdate(update)));
    for (let i = 0; i < 50; i++) doc.getMap("records").set(`shape:flood-${i}`, { text: "x".repeat(30_000) });
    const attacker = flood(board, cookie, frames);
    try {
      // Pages are asked for all along, until the server has closed the attacker at least once.
      const until = performance.now() + 10_000;
      for (let i = 0; i < 10 || (attacker.closes === 0 && performance.now() < until); i++) {
        const started = performance.now();
        const response = await fetch(`${base}/`, { signal: AbortSignal.timeout(5_000) });
        await response.arrayBuffer();
        expect(response.status).toBeLessThan(500);
        expect(performance.now() - started).toBeLessThan(1_000);
      }
      expect(attacker.closes).toBeGreaterThan(0);
    } finally {
      attacker.stop();
    }
  });
});
