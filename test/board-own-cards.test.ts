// People own their words on the board (issue 15, point 4): a participant sees their own cards of the
// session ("Mes cartes") and may rewrite or withdraw each until the session is closed. Whose card it
// is comes from the ledger the server wrote, never from the message: someone else's card, the
// facilitator's, a template shape or a made-up id are refused, however the command is spelled.
// A withdrawn card goes from every screen, and its text from every stored row once folded.
import type { TLRecord } from "@tldraw/tlschema";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as encoding from "lib0/encoding";
import { MESSAGE_FACILITATION } from "../board-core/facilitation-protocol.js";
import { zoneFrameShapeId } from "../board-core/template-layout.js";
import { boardAuthors, boardRecords } from "../board-core/shared-doc.js";
import { commandKind, DEFAULT_BUDGETS } from "../server/board/budgets.js";
import { noteText, noteTexts, putNote } from "./support/board-notes.js";
import { startBoardServer, type InProcessBoardServer } from "./support/board-server.js";
import { connectBoardClient, until, type BoardClient } from "./support/clients.js";
import { connectFacilitation, type FacilitationConnection } from "./support/facilitation.js";
import {
  createFacilitatorWithSession,
  createTestDatabase,
  participantCookie,
  professionalCookie,
  type TestDatabase,
} from "./support/fixtures.js";
import { storedRowsHolding } from "./support/stored-board.js";
import { withinLimit } from "./support/wait.js";

const FIRST_ZONE = zoneFrameShapeId("brise-glace", "ce-qui-fait-du-bien");

describe("a participant's own cards", () => {
  let database: TestDatabase;
  let server: InProcessBoardServer;
  const open: { close(): void }[] = [];
  const boards: BoardClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    // A phone's card writes are budgeted (a few per minute); these tests send more than a person would.
    const post = { perSecond: 10, burst: 100 };
    server = await startBoardServer(database, {
      limits: { budgets: { ...DEFAULT_BUDGETS, messages: { ...DEFAULT_BUDGETS.messages, post } } },
    });
  });
  afterEach(() => {
    for (const connection of open.splice(0)) connection.close();
    for (const board of boards.splice(0)) board.destroy();
  });
  afterAll(async () => {
    await server.close();
    await database.cleanup();
  });

  async function phone(sessionId: string, cookie: string): Promise<FacilitationConnection> {
    const connection = await connectFacilitation(server.wsBase, sessionId, cookie, { phone: true });
    open.push(connection);
    return connection;
  }
  async function canvas(sessionId: string, cookie: string): Promise<BoardClient> {
    const board = connectBoardClient(server.wsBase, sessionId, cookie);
    boards.push(board);
    await board.synced;
    return board;
  }
  const facilitators = new Map<string, string>();
  const facilitatorOf = async (sessionId: string) => facilitators.get(sessionId)!;
  const cardIdOf = (doc: BoardClient["doc"], text: string) =>
    [...boardRecords(doc).values()].find(
      (record: TLRecord) => record.typeName === "shape" && record.type === "note" && JSON.stringify(record.props).includes(text),
    )?.id;

  async function session() {
    const { sessionId, user } = await createFacilitatorWithSession(database.db);
    const facilitatorCookie = await professionalCookie(database.db, user.id);
    const board = await canvas(sessionId, facilitatorCookie);
    const awaCookie = await participantCookie(database.db, sessionId, "Awa");
    const awa = await phone(sessionId, awaCookie);
    const bilalCookie = await participantCookie(database.db, sessionId, "Bilal");
    const bilal = await phone(sessionId, bilalCookie);
    facilitators.set(sessionId, facilitatorCookie);
    return { sessionId, board, awa, awaCookie, bilal };
  }

  it("sees the cards they posted, and withdraws one: gone for the facilitator, and from every stored row", async () => {
    const { sessionId, board, awa } = await session();
    expect(await awa.client.send({ type: "post", text: "retirer-moi-7f3a" })).toEqual({ ok: true });
    expect(await awa.client.send({ type: "post", text: "je reste" })).toEqual({ ok: true });
    await awa.until((client) => client.mine.cards.length === 2);
    expect(awa.client.mine.cards.map((card) => card.text).sort()).toEqual(["je reste", "retirer-moi-7f3a"]);
    await until(board.doc, () => cardIdOf(board.doc, "retirer-moi-7f3a") !== undefined);
    const id = awa.client.mine.cards.find((card) => card.text === "retirer-moi-7f3a")!.id;
    expect(cardIdOf(board.doc, "retirer-moi-7f3a")).toBe(id);
    expect(await storedRowsHolding(database.db, sessionId, "retirer-moi-7f3a")).toBeGreaterThan(0);

    // The answer comes once the card is gone and the log folded.
    expect(await awa.client.send({ type: "card-withdraw", id })).toEqual({ ok: true });
    await until(board.doc, () => !boardRecords(board.doc).has(id as never));
    await awa.until((client) => client.mine.cards.length === 1);
    expect(await storedRowsHolding(database.db, sessionId, "retirer-moi-7f3a")).toBe(0);
    expect(await storedRowsHolding(database.db, sessionId, "je reste")).toBeGreaterThan(0);
  });

  it("rewrites a card: the board shows the new words, and so does their list", async () => {
    const { board, awa } = await session();
    await awa.client.send({ type: "post", text: "premier jet" });
    await awa.until((client) => client.mine.cards.length === 1);
    const [card] = awa.client.mine.cards;
    expect(await awa.client.send({ type: "card-edit", id: card.id, text: "  mieux dit  " })).toEqual({ ok: true });
    await until(board.doc, () => cardIdOf(board.doc, "mieux dit") === card.id);
    expect(cardIdOf(board.doc, "premier jet")).toBeUndefined();
    await awa.until((client) => client.mine.cards[0]?.text === "mieux dit");
    expect(await awa.client.send({ type: "card-edit", id: card.id, text: "   " })).toEqual({ ok: false, reason: "invalid" });
  });

  it("lists the notes they wrote on the canvas too, and only theirs", async () => {
    const { sessionId, board, awa, awaCookie } = await session();
    const awaCanvas = await canvas(sessionId, awaCookie);
    putNote(awaCanvas.doc, "awa-canvas", "écrite sur le tableau", { y: 10 });
    // Another token with the same name is another person; the facilitator's card is theirs.
    const otherAwa = await canvas(sessionId, await participantCookie(database.db, sessionId, "Awa"));
    putNote(otherAwa.doc, "autre-awa", "pas la mienne");
    putNote(board.doc, "animateur", "carte de l'animateur");
    await until(board.doc, () => noteText(board.doc, "autre-awa") !== undefined && noteText(board.doc, "awa-canvas") !== undefined);
    await awa.client.send({ type: "post", text: "de mon téléphone" });
    await awa.until((client) => client.mine.cards.length === 2);
    expect(awa.client.mine.cards.map((card) => card.text).sort()).toEqual(["de mon téléphone", "écrite sur le tableau"]);
    // Withdrawn from the phone, it leaves the canvas it was written on.
    expect(await awa.client.send({ type: "card-withdraw", id: "shape:awa-canvas" })).toEqual({ ok: true });
    await until(awaCanvas.doc, () => noteText(awaCanvas.doc, "awa-canvas") === undefined);
  });

  it("cannot rewrite or withdraw anyone else's card, whatever id or spelling is sent", async () => {
    const { board, awa, bilal } = await session();
    await bilal.client.send({ type: "post", text: "carte de Bilal" });
    await bilal.until((client) => client.mine.cards.length === 1);
    const bilalCard = bilal.client.mine.cards[0].id;
    putNote(board.doc, "animateur", "carte de l'animateur");
    await until(board.doc, () => noteText(board.doc, "animateur") !== undefined);
    const before = JSON.stringify(noteTexts(board.doc));

    const refused = async (command: Parameters<typeof awa.client.send>[0]) => (await awa.client.send(command)).ok;
    for (const id of [bilalCard, "shape:animateur", FIRST_ZONE, "shape:nope"]) {
      expect(await refused({ type: "card-withdraw", id })).toBe(false);
      expect(await refused({ type: "card-edit", id, text: "volé" })).toBe(false);
    }
    expect(await awa.client.send({ type: "card-withdraw", id: bilalCard })).toEqual({ ok: false, reason: "not-yours" });
    expect(await awa.client.send({ type: "card-withdraw", id: "shape:nope" })).toEqual({ ok: false, reason: "unknown-card" });
    // Look-alike and escaped spellings: a Cyrillic "а", a trailing zero-width space, JSON escapes of the
    // very id and of the command's name (which the server decodes to Bilal's card: still not hers).
    const lookalike = bilalCard.replace("shape:", "shаpe:");
    for (const id of [lookalike, `${bilalCard}\u200b`, `${bilalCard} `]) {
      expect(await awa.client.send({ type: "card-withdraw", id })).toEqual({ ok: false, reason: "invalid" });
    }
    const escapedId = [...bilalCard].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
    awa.socket.send(rawFrame(`{"type":"card-\\u0077ithdraw","ref":"r1","id":"${escapedId}"}`));
    awa.socket.send(rawFrame(`{"type":"card-edit","type":"card-withdraw","ref":"r2","id":"${bilalCard}"}`));
    await awa.until(() => awa.frames.filter((frame) => /"ref":"r[12]".*"not-yours"/.test(Buffer.from(frame).toString())).length === 2);

    expect(JSON.stringify(noteTexts(board.doc))).toBe(before);
    expect(bilal.client.mine.cards.map((card) => card.text)).toEqual(["carte de Bilal"]);
  });

  it("a card of an anonymous step, whose author only the server knows, is still its author's to withdraw", async () => {
    const { sessionId, board, awa, bilal } = await session();
    const facilitator = await connectFacilitation(server.wsBase, sessionId, await facilitatorOf(sessionId));
    open.push(facilitator);
    expect(await facilitator.client.send({ type: "anonymous", phaseId: "brise-glace", anonymous: true })).toEqual({ ok: true });
    expect(await awa.client.send({ type: "post", text: "sans prénom", anonymous: true })).toEqual({ ok: true });
    await awa.until((client) => client.mine.cards.length === 1);
    const [card] = awa.client.mine.cards;
    await until(board.doc, () => cardIdOf(board.doc, "sans prénom") === card.id);
    expect(boardAuthors(board.doc).has(card.id)).toBe(false);
    expect(await bilal.client.send({ type: "card-withdraw", id: card.id })).toEqual({ ok: false, reason: "not-yours" });
    expect(await awa.client.send({ type: "card-withdraw", id: card.id })).toEqual({ ok: true });
    await until(board.doc, () => cardIdOf(board.doc, "sans prénom") === undefined);
    expect(await database.db.hiddenAuthorship.count({ where: { recordId: card.id } })).toBe(0);
  });

  it("after the session is closed, nothing changes any more", async () => {
    const { sessionId, board, awa } = await session();
    await awa.client.send({ type: "post", text: "gardée après la fin" });
    await awa.until((client) => client.mine.cards.length === 1);
    const [card] = awa.client.mine.cards;
    await database.db.groupSession.update({ where: { id: sessionId }, data: { closedAt: new Date() } });
    expect(await awa.client.send({ type: "card-withdraw", id: card.id })).toEqual({ ok: false, reason: "closed" });
    expect(await awa.client.send({ type: "card-edit", id: card.id, text: "trop tard" })).toEqual({ ok: false, reason: "closed" });
    expect(cardIdOf(board.doc, "gardée après la fin")).toBe(card.id);
  });

  it("a phone that rewrites or withdraws faster than a person is closed, as for posts (decision 008)", async () => {
    const strict = await startBoardServer(database);
    try {
      const { sessionId } = await createFacilitatorWithSession(database.db);
      const cookie = await participantCookie(database.db, sessionId, "Awa");
      const connection = await connectFacilitation(strict.wsBase, sessionId, cookie, { phone: true });
      const closed = new Promise<number>((resolve) => connection.socket.once("close", resolve));
      for (let i = 0; i < 8; i++) connection.sendRaw({ type: i % 2 ? "card-edit" : "card-withdraw", id: "shape:nope", text: "x" });
      expect(await withinLimit(closed, "the close")).toBe(1008);
    } finally {
      await strict.close();
    }
  });

  it("rewriting and withdrawing are card writes in the budgets, however their name is spelled", () => {
    expect(commandKind('{"type":"card-withdraw","id":"shape:a"}')).toBe("post");
    expect(commandKind('{"type":"card-\\u0065dit","id":"shape:a","text":"x"}')).toBe("post");
    expect(commandKind('{"type":"clock","type":"card-edit"}')).toBe("post");
    expect(commandKind('{"type":"vote"}')).toBe("command");
  });
});

/** A facilitation frame carrying exactly `json` as written (escapes and repeated keys included). */
function rawFrame(json: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_FACILITATION);
  encoding.writeVarString(encoder, json);
  return encoding.toUint8Array(encoder);
}
