// A board server in this process and, per test, a fresh session on it, with the clients an attack
// test needs: honest canvases (y-websocket), the facilitation channel, raw sockets for crafted
// frames, and the board as stored. Registers its own vitest hooks; call it inside a describe.
import { afterAll, afterEach, beforeAll } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { createPrismaBoardStore } from "../../app/board/stored-board.server.js";
import { encodeUpdate } from "../../server/board/protocol.js";
import { startBoardServer, type InProcessBoardServer } from "./board-server.js";
import { connectBoardClient, originOf, type BoardClient } from "./clients.js";
import { connectFacilitation, type FacilitationConnection } from "./facilitation.js";
import { createFacilitatorWithSession, createTestDatabase, professionalCookie, participantCookie, type TestDatabase } from "./fixtures.js";

export interface RawSocket {
  socket: WebSocket;
  /** Resolves with the close code the server chose. */
  closed: Promise<number>;
  /** Sends a Yjs update as a sync-update frame. */
  send(update: Uint8Array): void;
}

export function useBoardSession(options: { maxMessageBytes: number }) {
  let database: TestDatabase;
  let server: InProcessBoardServer;
  const open: { close(): void }[] = [];
  const current = { sessionId: "", facilitator: "" };

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startBoardServer(database, { maxMessageBytes: options.maxMessageBytes });
  });
  afterEach(() => {
    for (const connection of open.splice(0)) connection.close();
  });
  afterAll(async () => {
    await server.close();
    await database.cleanup();
  });

  return {
    get db() {
      return database.db;
    },
    get server() {
      return server;
    },
    get sessionId() {
      return current.sessionId;
    },
    /** The demo facilitator's cookie for the current session. */
    get facilitator() {
      return current.facilitator;
    },
    async newSession(): Promise<void> {
      const setup = await createFacilitatorWithSession(database.db);
      current.sessionId = setup.sessionId;
      current.facilitator = await professionalCookie(database.db, setup.user.id);
    },
    participant: (name: string) => participantCookie(database.db, current.sessionId, name),
    /** An honest canvas of `cookie`, synced. */
    async canvas(cookie: string): Promise<BoardClient> {
      const client = connectBoardClient(server.wsBase, current.sessionId, cookie);
      open.push({ close: () => client.destroy() });
      await client.synced;
      return client;
    },
    /** The facilitation channel of `cookie`, as the browser speaks it. */
    async controls(cookie: string): Promise<FacilitationConnection> {
      const connection = await connectFacilitation(server.wsBase, current.sessionId, cookie);
      open.push(connection);
      return connection;
    },
    /** The board exactly as stored, read back the way a restart would. */
    async stored(): Promise<Y.Doc> {
      const loaded = await createPrismaBoardStore(database.db).load(current.sessionId);
      const doc = new Y.Doc();
      for (const update of [loaded!.snapshot, ...loaded!.updates]) if (update) Y.applyUpdate(doc, update);
      return doc;
    },
    /** A raw socket speaking for `cookie`, to send crafted updates. */
    async rawSocket(cookie: string): Promise<RawSocket> {
      const socket = new WebSocket(`${server.wsBase}/${current.sessionId}`, {
        headers: { Origin: originOf(server.wsBase), Cookie: cookie },
      });
      open.push({ close: () => socket.close() });
      const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
      await new Promise((resolve) => socket.once("open", resolve));
      return { socket, closed, send: (update: Uint8Array) => socket.send(encodeUpdate(update)) };
    },
  };
}
