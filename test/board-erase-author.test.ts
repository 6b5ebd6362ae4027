// The live boards' primitives for erasure and deletion (issue 15): eraseAuthor removes what one
// person wrote, for everyone connected or on the stored board, and compacts the log so that their
// text is kept in no stored row; forgetBoard closes every socket of a board so its rows can go.
// Both on SQLite and on PostgreSQL (skipped visibly without a server, never under CI).
import { randomUUID } from "node:crypto";
import WebSocket from "ws";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CLOSE_BOARD_GONE } from "../board-core/close-codes.js";
import { createDb, type Db } from "../prisma/db.js";
import { migrateDeploy } from "../scripts/migrate-engine.js";
import { noteText, noteTexts, putNote } from "./support/board-notes.js";
import { startBoardServer, type InProcessBoardServer } from "./support/board-server.js";
import { connectBoardClient, originOf, until, type BoardClient } from "./support/clients.js";
import { createFacilitatorWithSession, createTestDatabase, participantCookie, professionalCookie } from "./support/fixtures.js";
import { adminQuery, postgresForTests, postgresUrl } from "./support/postgres.js";
import { storedRowsHolding } from "./support/stored-board.js";
import { withinLimit } from "./support/wait.js";

const postgres = await postgresForTests();

/** The notes this test wrote (the template's own cards aside). */
const ours = (doc: Parameters<typeof noteTexts>[0]) => ({ ...noteTexts(doc, "awa-"), ...noteTexts(doc, "bilal-") });

function suite(name: string, runs: boolean, open: () => Promise<{ db: Db; url: string; cleanup(): Promise<void> }>) {
  describe.runIf(runs)(name, () => {
    let database: { db: Db; url: string; cleanup(): Promise<void> };
    let server: InProcessBoardServer;
    const boards: BoardClient[] = [];

    beforeAll(async () => {
      database = await open();
      server = await startBoardServer(database, { limits: { idleUnloadMs: 60_000 } });
    });
    afterEach(() => {
      for (const board of boards.splice(0)) board.destroy();
    });
    afterAll(async () => {
      await server?.close();
      await database?.cleanup();
    });

    async function canvas(sessionId: string, cookie: string): Promise<BoardClient> {
      const board = connectBoardClient(server.wsBase, sessionId, cookie);
      boards.push(board);
      await board.synced;
      return board;
    }

    /** A session where Awa wrote two notes and Bilal one, seen by the facilitator's canvas. */
    async function boardWithWords() {
      const { sessionId, user } = await createFacilitatorWithSession(database.db);
      const facilitator = await canvas(sessionId, await professionalCookie(database.db, user.id));
      const awa = await canvas(sessionId, await participantCookie(database.db, sessionId, "Awa"));
      const bilal = await canvas(sessionId, await participantCookie(database.db, sessionId, "Bilal"));
      const secret = `mots de Awa ${randomUUID().slice(0, 8)}`;
      putNote(awa.doc, "awa-1", `${secret} un`);
      putNote(awa.doc, "awa-2", `${secret} deux`);
      putNote(bilal.doc, "bilal-1", "Bilal reste");
      await until(facilitator.doc, () => Object.keys(ours(facilitator.doc)).length === 3);
      const awaRow = await database.db.participant.findFirstOrThrow({ where: { sessionId, displayName: "Awa" } });
      return { sessionId, user, facilitator, awa, bilal, secret, awaKey: `participant:${awaRow.id}` };
    }

    it("eraseAuthor on a live board: the person's notes leave every screen, and their text every stored row", async () => {
      const { sessionId, facilitator, bilal, secret, awaKey } = await boardWithWords();
      expect(await storedRowsHolding(database.db, sessionId, secret)).toBeGreaterThan(0);

      expect(await server.registry.eraseAuthor(sessionId, awaKey)).toBe(2);
      await until(
        facilitator.doc,
        () => noteText(facilitator.doc, "awa-1") === undefined && noteText(facilitator.doc, "awa-2") === undefined,
      );
      await until(bilal.doc, () => noteText(bilal.doc, "awa-1") === undefined);
      expect(ours(facilitator.doc)).toEqual({ "bilal-1": "Bilal reste" });
      expect(await storedRowsHolding(database.db, sessionId, secret)).toBe(0);
      expect(await storedRowsHolding(database.db, sessionId, "Bilal reste")).toBeGreaterThan(0);
      // Nothing is left to erase the second time; the board still works.
      expect(await server.registry.eraseAuthor(sessionId, awaKey)).toBe(0);
      putNote(bilal.doc, "bilal-2", "encore");
      await until(facilitator.doc, () => noteText(facilitator.doc, "bilal-2") === "encore");
    });

    it("eraseAuthor on a stored board that nobody has open: loaded, erased, compacted and unloaded again", async () => {
      const { sessionId, user, secret, awaKey } = await boardWithWords();
      for (const board of boards.splice(0)) board.destroy();
      await server.registry.close(); // as after a restart: the board is only in the database
      expect(server.registry.loadedRooms).toBe(0);
      expect(await storedRowsHolding(database.db, sessionId, secret)).toBeGreaterThan(0);

      expect(await server.registry.eraseAuthor(sessionId, awaKey)).toBe(2);
      expect(server.registry.loadedRooms).toBe(0);
      expect(await storedRowsHolding(database.db, sessionId, secret)).toBe(0);
      const reader = await canvas(sessionId, await professionalCookie(database.db, user.id));
      expect(ours(reader.doc)).toEqual({ "bilal-1": "Bilal reste" });
    });

    it("eraseAuthor of a session without a board, or of someone who wrote nothing, removes nothing", async () => {
      expect(await server.registry.eraseAuthor("no-such-session", "participant:nobody")).toBe(0);
      const { sessionId } = await createFacilitatorWithSession(database.db);
      expect(await server.registry.eraseAuthor(sessionId, "participant:nobody")).toBe(0);
    });

    it("forgetBoard closes every socket with 'board gone', refuses new ones, and lets the rows be deleted", async () => {
      const { sessionId, user } = await createFacilitatorWithSession(database.db);
      const cookie = await participantCookie(database.db, sessionId, "Awa");
      const closes = [cookie, await professionalCookie(database.db, user.id)].map(async (header) => {
        const socket = new WebSocket(`${server.wsBase}/${sessionId}`, { headers: { Origin: originOf(server.wsBase), Cookie: header } });
        await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
        return { socket, closed: new Promise<number>((resolve) => socket.once("close", (code) => resolve(code))) };
      });
      const sockets = await Promise.all(closes);
      await withinLimit(
        (async () => {
          while (server.registry.connectedPeople(sessionId).size < 2) await new Promise((resolve) => setImmediate(resolve));
        })(),
        "both sockets joined",
      );
      const loaded = server.registry.loadedRooms;
      await server.registry.forgetBoard(sessionId);
      expect(await Promise.all(sockets.map(({ closed }) => withinLimit(closed, "the close")))).toEqual([
        CLOSE_BOARD_GONE,
        CLOSE_BOARD_GONE,
      ]);
      expect(server.registry.loadedRooms).toBe(loaded - 1);
      // A socket that comes back is closed with the same code, and the board is not loaded again.
      const again = new WebSocket(`${server.wsBase}/${sessionId}`, { headers: { Origin: originOf(server.wsBase), Cookie: cookie } });
      again.on("error", () => undefined);
      expect(await withinLimit(new Promise<number>((resolve) => again.once("close", resolve)), "the refusal")).toBe(CLOSE_BOARD_GONE);
      expect(server.registry.loadedRooms).toBe(loaded - 1);
      await database.db.board.delete({ where: { sessionId } });
      expect(await database.db.boardUpdate.count({ where: { board: { sessionId } } })).toBe(0);
    });
  });
}

suite("live boards on SQLite", true, createTestDatabase);

suite("live boards on PostgreSQL", postgres, async () => {
  const name = `atelier_test_${randomUUID().replaceAll("-", "")}`;
  const url = postgresUrl(name);
  await adminQuery(`CREATE DATABASE "${name}"`);
  await migrateDeploy(url);
  const db = createDb(url);
  return {
    db,
    url,
    async cleanup() {
      await db.$disconnect();
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
});
