import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { noteText, putNote } from "./support/board-notes.js";
import { boardAuthors, boardRecords } from "../board-core/shared-doc.js";
import { createPrismaBoardStore } from "../app/board/stored-board.server.js";
import { startBoardServer, type InProcessBoardServer } from "./support/board-server.js";
import { connectBoardClient, sendRawAndAwaitClose, originOf, tryUpgrade, until, type BoardClient } from "./support/clients.js";
import {
  createFacilitatorWithSession,
  createSessionFor,
  createTestDatabase,
  professionalCookie,
  participantCookie,
  type TestDatabase,
} from "./support/fixtures.js";

const MAX_MESSAGE_BYTES = 64 * 1024;

describe("board server", () => {
  let database: TestDatabase;
  let board: InProcessBoardServer;
  let wsBase: string;
  let sessionId: string;
  let otherSessionId: string;
  let facilitator: string;
  const warnings: string[] = [];
  const clients: BoardClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const { db } = database;
    const setup = await createFacilitatorWithSession(db);
    sessionId = setup.sessionId;
    otherSessionId = await createSessionFor(db, setup.user.id, setup.structure.id);
    facilitator = await professionalCookie(db, setup.user.id);
    board = await startBoardServer(database, {
      limits: { idleUnloadMs: 50 },
      maxMessageBytes: MAX_MESSAGE_BYTES,
      onWarning: (m: string) => warnings.push(m),
    });
    wsBase = board.wsBase;
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await board.close();
    await database.cleanup();
  });

  function client(room: string, cookie: string | null): BoardClient {
    const created = connectBoardClient(wsBase, room, cookie);
    clients.push(created);
    return created;
  }

  it("two participants editing the same board converge", async () => {
    const anna = client(sessionId, await participantCookie(database.db, sessionId, "Anna"));
    const bilal = client(sessionId, await participantCookie(database.db, sessionId, "Bilal"));
    await Promise.all([anna.synced, bilal.synced]);
    putNote(anna.doc, "from-anna", "bonjour");
    putNote(bilal.doc, "from-bilal", "salut");
    await until(anna.doc, () => noteText(anna.doc, "from-bilal") === "salut");
    await until(bilal.doc, () => noteText(bilal.doc, "from-anna") === "bonjour");
    // Each note's author is filed by the server, and both screens end up with exactly the same doc.
    const filed = (doc: Y.Doc) =>
      boardAuthors(doc).get("shape:from-anna")?.name === "Anna" && boardAuthors(doc).get("shape:from-bilal")?.name === "Bilal";
    await until(anna.doc, () => filed(anna.doc));
    await until(bilal.doc, () => filed(bilal.doc));
    expect(Y.encodeStateVector(anna.doc)).toEqual(Y.encodeStateVector(bilal.doc));
  });

  it("a new board starts with its template's layout", async () => {
    const viewer = client(sessionId, facilitator);
    await viewer.synced;
    const frames = [...boardRecords(viewer.doc).values()].filter((record) => record.typeName === "shape" && record.type === "frame");
    expect(frames.map((frame) => (frame.props as { name: string }).name)).toContain("Je sais faire");
  });

  it("an update is in the database by the time another client receives it", async () => {
    const writer = client(sessionId, await participantCookie(database.db, sessionId, "Chloé"));
    const reader = client(sessionId, facilitator);
    await Promise.all([writer.synced, reader.synced]);
    putNote(writer.doc, "durable", "écrit avant d'être relayé");
    await until(reader.doc, () => noteText(reader.doc, "durable") !== undefined);
    const stored = await createPrismaBoardStore(database.db).load(sessionId);
    const reloaded = new Y.Doc();
    for (const update of [stored!.snapshot, ...stored!.updates]) if (update) Y.applyUpdate(reloaded, update);
    expect(noteText(reloaded, "durable")).toBe("écrit avant d'être relayé");
  });

  it("refuses an upgrade without a session cookie (401)", async () => {
    expect(await tryUpgrade(`${wsBase}/${sessionId}`, { Origin: originOf(wsBase) })).toBe(401);
  });

  it("refuses a participant of one session on another session's board (403)", async () => {
    const cookie = await participantCookie(database.db, sessionId, "Dario");
    expect(await tryUpgrade(`${wsBase}/${otherSessionId}`, { Origin: originOf(wsBase), Cookie: cookie })).toBe(403);
    expect(await tryUpgrade(`${wsBase}/${sessionId}`, { Origin: originOf(wsBase), Cookie: cookie })).toBe("open");
  });

  it("refuses a facilitator on the board of a structure they do not belong to (403)", async () => {
    const stranger = await createFacilitatorWithSession(database.db);
    const cookie = await professionalCookie(database.db, stranger.user.id);
    expect(await tryUpgrade(`${wsBase}/${sessionId}`, { Origin: originOf(wsBase), Cookie: cookie })).toBe(403);
  });

  it("refuses an upgrade from another site's page, or with no Origin (403)", async () => {
    expect(await tryUpgrade(`${wsBase}/${sessionId}`, { Origin: "https://evil.example", Cookie: facilitator })).toBe(403);
    expect(await tryUpgrade(`${wsBase}/${sessionId}`, { Cookie: facilitator })).toBe(403);
  });

  it("a malformed or oversized frame closes only its own connection", async () => {
    const steady = client(sessionId, facilitator);
    const peer = client(sessionId, await participantCookie(database.db, sessionId, "Eva"));
    await Promise.all([steady.synced, peer.synced]);
    const headers = { Origin: originOf(wsBase), Cookie: await participantCookie(database.db, sessionId, "Fred") };
    const url = `${wsBase}/${sessionId}`;
    const truncated = new Uint8Array([0, 2, 200]);
    const unknownType = new Uint8Array([9, 1, 2, 3]);
    const garbageUpdate = new Uint8Array([0, 2, 5, 255, 255, 255, 255, 15]);
    expect(await sendRawAndAwaitClose(url, headers, [truncated])).toBe(1007);
    expect(await sendRawAndAwaitClose(url, headers, [unknownType])).toBe(1007);
    expect(await sendRawAndAwaitClose(url, headers, [garbageUpdate])).toBe(1007);
    expect(await sendRawAndAwaitClose(url, headers, [new Uint8Array(MAX_MESSAGE_BYTES + 1)])).toBe(1009);

    putNote(steady.doc, "after", "alive");
    await until(peer.doc, () => noteText(peer.doc, "after") === "alive");
    expect(steady.provider.wsconnected && peer.provider.wsconnected).toBe(true);
  });
});
