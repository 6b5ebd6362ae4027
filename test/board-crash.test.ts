import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectBoardClient, until, type BoardClient } from "./support/clients.js";
import { createFacilitatorWithSession, createTestDatabase, facilitatorCookie, participantCookie, type TestDatabase } from "./support/fixtures.js";
import { freePort, killHard, startServerProcess, stopGracefully, type ServerProcess } from "./support/server-process.js";

/**
 * The promise of durability: an update any client has received from the server is on disk,
 * so killing the server process (SIGKILL, no chance to flush) loses none of them.
 */
describe("board server killed with SIGKILL", () => {
  let database: TestDatabase;
  let server: ServerProcess | null = null;
  let port: number;
  let sessionId: string;
  let facilitator: string;
  const writerCookies: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const setup = await createFacilitatorWithSession(database.db);
    sessionId = setup.sessionId;
    facilitator = await facilitatorCookie(database.db, setup.user.id);
    for (const name of ["Ines", "Jules", "Karim"]) writerCookies.push(await participantCookie(database.db, sessionId, name));
    port = await freePort();
  });

  afterAll(async () => {
    if (server) await stopGracefully(server);
    await database.cleanup();
  });

  const start = () => startServerProcess({ DATABASE_URL: database.url, PORT: String(port) });

  for (const killAfter of [5, 40, 120]) {
    it(`loses nothing another client saw, killed after ${killAfter} relayed edits`, async () => {
      server = await start();
      const base = `ws://127.0.0.1:${port}/yjs`;
      const observer = connectBoardClient(base, sessionId, facilitator);
      const writers: BoardClient[] = writerCookies.map((cookie) => connectBoardClient(base, sessionId, cookie));
      await Promise.all([observer.synced, ...writers.map((writer) => writer.synced)]);

      const round = `round-${killAfter}`;
      const notes = () => observer.doc.getMap<string>(round);
      let sequence = 0;
      const editing = setInterval(() => {
        for (const [index, writer] of writers.entries()) {
          writer.doc.getMap<string>(round).set(`w${index}-${sequence}`, `note ${sequence} de ${index}`);
        }
        sequence += 1;
      }, 3);
      await until(observer.doc, () => notes().size >= killAfter);
      await killHard(server);
      clearInterval(editing);
      // What the observer had received when the server died: all of it must come back.
      const seen = [...notes().keys()];
      for (const client of [observer, ...writers]) client.destroy();

      server = await start();
      const fresh = connectBoardClient(base, sessionId, facilitator);
      await fresh.synced;
      const reloaded = fresh.doc.getMap<string>(round);
      const missing = seen.filter((key) => !reloaded.has(key));
      fresh.destroy();
      await stopGracefully(server);
      server = null;
      expect(seen.length).toBeGreaterThanOrEqual(killAfter);
      expect(missing).toEqual([]);
    });
  }
});
