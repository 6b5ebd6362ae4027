import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { connectBoardClient, originOf, until, type BoardClient } from "./support/clients.js";
import {
  createFacilitatorWithSession,
  createTestDatabase,
  professionalCookie,
  participantCookie,
  type TestDatabase,
} from "./support/fixtures.js";
import { freePort, killHard, startServerProcess, stopGracefully, type ServerProcess } from "./support/server-process.js";
import { boardRecords } from "../board-core/shared-doc.js";
import { noteText, putNote } from "./support/board-notes.js";

const CLIENTS = 20;
// Each y-websocket provider in Node listens to the process's "exit": 20 of them are expected here.
process.setMaxListeners(CLIENTS + 10);

/**
 * The promise of durability: an update any client has received from the server is on disk,
 * so killing the server process (SIGKILL, no chance to flush) loses none of them.
 */
describe("board server process", () => {
  let database: TestDatabase;
  let server: ServerProcess | null = null;
  let port: number;
  let sessionId: string;
  let facilitator: string;
  const cookies: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const setup = await createFacilitatorWithSession(database.db);
    sessionId = setup.sessionId;
    facilitator = await professionalCookie(database.db, setup.user.id);
    for (let i = 0; i < CLIENTS; i++) cookies.push(await participantCookie(database.db, sessionId, `P${i}`));
    port = await freePort();
  });

  afterAll(async () => {
    if (server) await stopGracefully(server);
    await database.cleanup();
  });

  const start = (env: Record<string, string> = {}) => startServerProcess({ DATABASE_URL: database.url, PORT: String(port), ...env });
  const base = () => `ws://127.0.0.1:${port}/yjs`;

  // Kill points: after a random number of relayed edits, different on every run. The last two runs
  // fold the log every 10 entries, so that the kill lands while the compaction worker merges or its
  // transaction is being written.
  const killPoints = [1, 2, 3, 4, 5].map((run) => ({ killAfter: 10 * run + Math.floor(Math.random() * 150), compacting: run > 3 }));

  for (const { killAfter, compacting } of killPoints) {
    const during = compacting ? ", compacting all along," : "";
    it(`killed with SIGKILL after ~${killAfter} relayed edits${during} loses nothing any of ${CLIENTS} clients saw`, async () => {
      // Compacting runs write every snapshot in 1 KiB parts, so that a kill can land between two parts.
      server = await start(compacting ? { BOARD_COMPACT_AFTER: "10", BOARD_SNAPSHOT_PART_BYTES: "1024" } : {});
      const clients: BoardClient[] = cookies.map((cookie) => connectBoardClient(base(), sessionId, cookie));
      await Promise.all(clients.map((client) => client.synced));
      const round = `round-${killAfter}${compacting ? "c" : ""}`;
      // What each client received from the server: remote edits, never its own.
      const received = clients.map(() => new Set<string>());
      clients.forEach((client, index) => {
        boardRecords(client.doc).observe((event) => {
          if (event.transaction.local) return;
          for (const key of event.keysChanged) if (key.startsWith(`shape:${round}.`)) received[index].add(key);
        });
      });
      let sequence = 0;
      const editing = setInterval(() => {
        clients.forEach((client, index) => putNote(client.doc, `${round}.c${index}-${sequence}`, `note ${sequence}`));
        sequence += 1;
      }, 25);
      await until(clients[0].doc, () => received[0].size >= killAfter);
      await killHard(server);
      clearInterval(editing);
      const seen = new Set(received.flatMap((keys) => [...keys]));
      for (const client of clients) client.destroy();

      server = await start();
      const fresh = connectBoardClient(base(), sessionId, facilitator);
      await fresh.synced;
      const reloaded = boardRecords(fresh.doc);
      const missing = [...seen].filter((key) => !reloaded.has(key));
      fresh.destroy();
      await stopGracefully(server);
      server = null;
      expect(seen.size).toBeGreaterThanOrEqual(killAfter);
      expect(missing).toEqual([]);
      if (compacting) {
        // The snapshot was indeed written in parts (the path a kill between two parts must survive).
        const board = await database.db.board.findUniqueOrThrow({ where: { sessionId } });
        expect(board.snapshotParts).toBeGreaterThan(1);
      }
    }, 90_000); // two server starts (tsx) per round: 20-40 s on a loaded 2-core machine
  }

  it("on SIGTERM, tells clients it is restarting (1012), stores what it received, and exits cleanly", async () => {
    server = await start();
    const writer = connectBoardClient(base(), sessionId, cookies[0]);
    const reader = connectBoardClient(base(), sessionId, cookies[1]);
    await Promise.all([writer.synced, reader.synced]);
    const socket = new WebSocket(`${base()}/${sessionId}`, { headers: { Origin: originOf(base()), Cookie: cookies[2] } });
    await new Promise((resolve) => socket.once("open", resolve));
    const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
    putNote(writer.doc, "shutdown", "dernier mot");
    await until(reader.doc, () => noteText(reader.doc, "shutdown") !== undefined);
    writer.destroy();
    reader.destroy();
    const exited = new Promise<number | null>((resolve) => server!.child.once("exit", (code) => resolve(code)));
    server.child.kill("SIGTERM");
    expect(await closed).toBe(1012);
    expect(await exited).toBe(0);

    server = await start();
    const fresh = connectBoardClient(base(), sessionId, facilitator);
    await fresh.synced;
    expect(noteText(fresh.doc, "shutdown")).toBe("dernier mot");
    fresh.destroy();
  }, 60_000);
});
