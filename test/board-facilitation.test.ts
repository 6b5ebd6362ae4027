import type { TLRecord } from "@tldraw/tlschema";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as decoding from "lib0/decoding";
import * as Y from "yjs";
import { encodeFacilitationFrame, MESSAGE_FACILITATION } from "../board-core/facilitation-protocol.js";
import { plainText } from "../board-core/cards.js";
import { boardAuthors, boardRecords } from "../board-core/shared-doc.js";
import { zoneFrameShapeId } from "../board-core/template-layout.js";
import { startBoardServer, type InProcessBoardServer } from "./support/board-server.js";
import { connectBoardClient, until, type BoardClient } from "./support/clients.js";
import { connectFacilitation, type FacilitationConnection } from "./support/facilitation.js";
import {
  createFacilitatorWithSession,
  createTestDatabase,
  professionalCookie,
  participantCookie,
  type TestDatabase,
} from "./support/fixtures.js";

// The session's template is "forces-et-reconnaissance": phases brise-glace (15 min, one free zone),
// je-sais-faire (25 min, zone savoir-faire), reconnaissance, vers-emploi (two zones), cloture.
const FIRST_ZONE = zoneFrameShapeId("brise-glace", "ce-qui-fait-du-bien");
const SKILLS_ZONE = zoneFrameShapeId("je-sais-faire", "savoir-faire");

type Note = Extract<TLRecord, { type: "note" }>;
const notesIn = (doc: Y.Doc, zoneId: string) =>
  [...boardRecords(doc).values()].filter(
    (record): record is Note => record.typeName === "shape" && record.type === "note" && record.parentId === zoneId,
  );
const texts = (doc: Y.Doc, zoneId: string) =>
  notesIn(doc, zoneId)
    .map((note) => plainText(note.props.richText))
    .sort();

describe("facilitation on a live board", () => {
  let database: TestDatabase;
  let server: InProcessBoardServer;
  let sessionId: string;
  let facilitatorCookieHeader: string;
  const open: { close(): void }[] = [];
  const boards: BoardClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startBoardServer(database);
  });
  afterEach(() => {
    for (const connection of open.splice(0)) connection.close();
    for (const board of boards.splice(0)) board.destroy();
  });
  afterAll(async () => {
    await server.close();
    await database.cleanup();
  });

  async function newSession() {
    const setup = await createFacilitatorWithSession(database.db);
    sessionId = setup.sessionId;
    facilitatorCookieHeader = await professionalCookie(database.db, setup.user.id);
    return setup;
  }
  async function as(cookie: string, options: { phone?: boolean } = {}): Promise<FacilitationConnection> {
    const connection = await connectFacilitation(server.wsBase, sessionId, cookie, options);
    open.push(connection);
    return connection;
  }
  async function canvas(cookie: string): Promise<BoardClient> {
    const board = connectBoardClient(server.wsBase, sessionId, cookie);
    boards.push(board);
    await board.synced;
    return board;
  }

  it("the facilitator moves to the next phase and everyone, including a late joiner, sees it", async () => {
    await newSession();
    const facilitator = await as(facilitatorCookieHeader);
    const awa = await as(await participantCookie(database.db, sessionId, "Awa"), { phone: true });
    expect(awa.client.view?.phaseId).toBe("brise-glace");
    expect(await facilitator.client.send({ type: "phase", phaseId: "je-sais-faire" })).toEqual({ ok: true });
    await awa.until((client) => client.view?.phaseId === "je-sais-faire");
    expect(awa.client.view?.timer).toMatchObject({ running: false, remainingMs: 25 * 60_000 });
    const late = await as(await participantCookie(database.db, sessionId, "Bilal"));
    expect(late.client.view?.phaseId).toBe("je-sais-faire");
    await facilitator.until((client) => client.view?.people.length === 3);
    expect(facilitator.client.view?.people.map((person) => person.name)).toEqual([expect.stringMatching(/^Animateur/), "Awa", "Bilal"]);
    expect(await facilitator.client.send({ type: "phase", phaseId: "nope" })).toEqual({ ok: false, reason: "unknown-phase" });
    // The room is dropped from memory (as after a restart); the phase was stored, so it comes back.
    for (const connection of open.splice(0)) connection.close();
    await server.registry.close();
    const again = await as(facilitatorCookieHeader);
    expect(again.client.view?.phaseId).toBe("je-sais-faire");
  });

  it("a participant cannot change the phase, timer, vote, private mode or locks, even by hand-crafted frames", async () => {
    await newSession();
    const facilitator = await as(facilitatorCookieHeader);
    const participant = await as(await participantCookie(database.db, sessionId));
    const before = JSON.stringify(facilitator.client.view);
    const attempts = [
      { type: "phase", phaseId: "cloture" },
      { type: "timer", action: "start", minutes: 1 },
      { type: "vote-open", zoneId: FIRST_ZONE, votesPerPerson: 9 },
      { type: "private-start", zoneId: FIRST_ZONE, anonymous: true },
      { type: "locks", frames: false, board: false },
      { type: "follow", userId: "someone" },
    ] as const;
    for (const attempt of attempts) {
      expect(await participant.client.send(attempt)).toEqual({ ok: false, reason: "facilitator-only" });
    }
    participant.sendRaw({ type: "phase", phaseId: "cloture", extra: "x" });
    participant.sendRaw("not a command");
    // The connection survives garbage, each refused with a reason, and still works.
    await participant.until(() => participant.frames.filter((frame) => Buffer.from(frame).includes('"invalid"')).length === 1);
    expect(await participant.client.send({ type: "post", text: "toujours là" })).toEqual({ ok: true });
    expect(JSON.stringify({ ...facilitator.client.view, people: [] })).toBe(JSON.stringify({ ...JSON.parse(before), people: [] }));
    const stored = await database.db.board.findUniqueOrThrow({ where: { sessionId } });
    expect(stored.facilitation).toBeNull();
  });

  it("the timer runs on server time: every client computes the same end", async () => {
    await newSession();
    const facilitator = await as(facilitatorCookieHeader);
    const phone = await as(await participantCookie(database.db, sessionId), { phone: true });
    const started = Date.now();
    expect(await facilitator.client.send({ type: "timer", action: "start", minutes: 5 })).toEqual({ ok: true });
    await phone.until((client) => client.view?.timer.running === true);
    const timer = phone.client.view!.timer;
    expect(timer.endsAt! - started).toBeGreaterThanOrEqual(5 * 60_000 - 1_000);
    expect(timer.endsAt! - started).toBeLessThanOrEqual(5 * 60_000 + 1_000);
    await facilitator.client.send({ type: "timer", action: "add-minute" });
    await phone.until((client) => client.view!.timer.endsAt === timer.endsAt! + 60_000);
    await facilitator.client.send({ type: "timer", action: "pause" });
    await phone.until((client) => client.view?.timer.running === false);
    expect(phone.client.view!.timer.remainingMs).toBeGreaterThan(5 * 60_000);
  });

  it("dot voting: anonymous live counts, a limit per person, results left on the board", async () => {
    await newSession();
    const facilitator = await as(facilitatorCookieHeader);
    const awa = await as(await participantCookie(database.db, sessionId, "Awa"), { phone: true });
    const bilal = await as(await participantCookie(database.db, sessionId, "Bilal"));
    const watcher = await canvas(facilitatorCookieHeader);
    await awa.client.send({ type: "post", text: "Écouter" });
    await bilal.client.send({ type: "post", text: "Cuisiner" });
    await until(watcher.doc, () => notesIn(watcher.doc, FIRST_ZONE).length === 2);
    expect(await facilitator.client.send({ type: "vote-open", zoneId: FIRST_ZONE, votesPerPerson: 2 })).toEqual({ ok: true });
    await awa.until((client) => client.view?.vote?.cards.length === 2);
    const [first, second] = awa.client.view!.vote!.cards;
    expect(await awa.client.send({ type: "vote", cardId: first.id, change: 1 })).toEqual({ ok: true });
    expect(await awa.client.send({ type: "vote", cardId: first.id, change: 1 })).toEqual({ ok: true });
    expect(await awa.client.send({ type: "vote", cardId: second.id, change: 1 })).toEqual({ ok: false, reason: "no-votes-left" });
    expect(await bilal.client.send({ type: "vote", cardId: second.id, change: 1 })).toEqual({ ok: true });
    expect(await bilal.client.send({ type: "vote", cardId: "shape:elsewhere", change: 1 })).toEqual({ ok: false, reason: "unknown-card" });
    await facilitator.until((client) => client.view?.vote?.counts[second.id] === 1);
    expect(facilitator.client.view!.vote!.counts).toEqual({ [first.id]: 2, [second.id]: 1 });
    expect(awa.client.mine).toMatchObject({ votes: { [first.id]: 2 }, votesLeft: 0 });
    // Nothing in the shared view says who voted for what.
    expect(JSON.stringify(bilal.client.view)).not.toMatch(/participant:|Awa.*votes/);
    expect(await facilitator.client.send({ type: "vote-close" })).toEqual({ ok: true });
    expect(await bilal.client.send({ type: "vote", cardId: first.id, change: 1 })).toEqual({ ok: false, reason: "no-vote" });
    await until(
      watcher.doc,
      () => [...boardRecords(watcher.doc).values()].filter((record) => record.meta.role === "vote-result").length === 2,
    );
    const badges = [...boardRecords(watcher.doc).values()].filter(
      (record): record is Extract<TLRecord, { type: "geo" }> => record.meta.role === "vote-result",
    );
    expect(badges.map((badge) => [badge.meta.cardId, plainText(badge.props.richText)]).sort()).toEqual(
      [
        [first.id, "2"],
        [second.id, "1"],
      ].sort(),
    );
  });

  it("private brainstorm: other browsers never receive hidden cards; the reveal shows them without authors", async () => {
    await newSession();
    const facilitator = await as(facilitatorCookieHeader);
    const awaCookie = await participantCookie(database.db, sessionId, "Awa");
    const awa = await as(awaCookie, { phone: true });
    const bilalCookie = await participantCookie(database.db, sessionId, "Bilal");
    const bilalPhone = await as(bilalCookie, { phone: true });
    const bilalCanvas = await canvas(bilalCookie);
    const bilalFrames: Uint8Array[] = [];
    bilalCanvas.provider.ws?.addEventListener("message", (event) => bilalFrames.push(new Uint8Array(event.data as ArrayBuffer)));

    expect(await facilitator.client.send({ type: "private-start", zoneId: FIRST_ZONE, anonymous: true })).toEqual({ ok: true });
    expect(await awa.client.send({ type: "post", text: "Secret de Awa" })).toEqual({ ok: true });
    expect(await awa.client.send({ type: "private-card", id: "shape:awa-canvas-1", text: "Autre idée", x: 40, y: 40 })).toEqual({
      ok: true,
    });
    expect(await bilalPhone.client.send({ type: "private-card", id: "shape:awa-canvas-1", text: "volé" })).toEqual({
      ok: false,
      reason: "unknown-card",
    });
    expect(awa.client.mine.privateCards.map((card) => card.text)).toEqual(["Secret de Awa", "Autre idée"]);
    await bilalPhone.until((client) => client.view?.private?.hiddenCards === 2);
    expect(bilalPhone.client.view!.private).toMatchObject({ authors: 1, anonymous: true });
    expect(bilalPhone.client.mine.privateCards).toEqual([]);
    const leaked = (frames: Uint8Array[]) => frames.some((frame) => Buffer.from(frame).toString("utf8").includes("Secret de Awa"));
    expect(leaked(bilalPhone.frames) || leaked(bilalFrames) || leaked(facilitator.frames)).toBe(false);
    expect(notesIn(bilalCanvas.doc, FIRST_ZONE)).toHaveLength(0);

    expect(await facilitator.client.send({ type: "private-reveal" })).toEqual({ ok: true });
    await until(bilalCanvas.doc, () => notesIn(bilalCanvas.doc, FIRST_ZONE).length === 2);
    expect(texts(bilalCanvas.doc, FIRST_ZONE)).toEqual(["Autre idée", "Secret de Awa"]);
    const revealed = notesIn(bilalCanvas.doc, FIRST_ZONE);
    for (const note of revealed) {
      expect(note.meta).toEqual({ via: "private" });
      expect(note.props.textLastEditedBy).toBeNull();
      expect(JSON.stringify(note)).not.toMatch(/participant:|awa-canvas|author/);
    }
    await awa.until((client) => client.mine.privateCards.length === 0 && client.view?.private === null);
  });

  it("a card posted from a phone lands in the current zone, under its author's pseudonym", async () => {
    await newSession();
    const facilitator = await as(facilitatorCookieHeader);
    const phone = await as(await participantCookie(database.db, sessionId, "Chloé"), { phone: true });
    const watcher = await canvas(facilitatorCookieHeader);
    await facilitator.client.send({ type: "phase", phaseId: "je-sais-faire" });
    await phone.until((client) => client.view?.phaseId === "je-sais-faire");
    expect(await phone.client.send({ type: "post", text: "Je sais réparer un vélo" })).toEqual({ ok: true });
    await until(watcher.doc, () => notesIn(watcher.doc, SKILLS_ZONE).length === 1);
    const [card] = notesIn(watcher.doc, SKILLS_ZONE);
    // The author comes from the server's ledger, never from the card's own fields.
    expect(card.meta).toEqual({ via: "phone" });
    await until(watcher.doc, () => boardAuthors(watcher.doc).get(card.id)?.name === "Chloé");
    expect(texts(watcher.doc, SKILLS_ZONE)).toEqual(["Je sais réparer un vélo"]);
    expect(await phone.client.send({ type: "post", text: "ailleurs", zoneId: FIRST_ZONE })).toEqual({ ok: false, reason: "unknown-zone" });
    // The phone gets no Yjs traffic at all.
    expect(phone.frames.every((frame) => frame[0] === 100)).toBe(true);
  });

  it("locks: a locked board refuses a participant's edits, locked frames refuse moves of the template", async () => {
    await newSession();
    const facilitator = await as(facilitatorCookieHeader);
    const participantCookieHeader = await participantCookie(database.db, sessionId, "Awa");
    const watcher = await as(participantCookieHeader, { phone: true });
    const board = await canvas(participantCookieHeader);
    // The canvas says hello on the facilitation channel, as the browser does, to hear refusals.
    const refusals: string[] = [];
    const waiters: { reason: string; resolve: () => void }[] = [];
    board.provider.messageHandlers[MESSAGE_FACILITATION] = (_encoder, decoder) => {
      const text = decoding.readVarString(decoder);
      refusals.push(text);
      for (const waiter of waiters) if (text.includes(waiter.reason)) waiter.resolve();
    };
    const refused = (reason: string) =>
      new Promise<void>((resolve) => (refusals.some((text) => text.includes(reason)) ? resolve() : waiters.push({ reason, resolve })));
    board.provider.ws!.send(encodeFacilitationFrame({ type: "clock", sentAt: Date.now() }));

    const frame = boardRecords(board.doc).get(FIRST_ZONE) as Extract<TLRecord, { type: "frame" }>;
    board.doc.transact(() => boardRecords(board.doc).set(FIRST_ZONE, { ...frame, x: frame.x + 500 } as TLRecord));
    await refused("frames-locked");

    await facilitator.client.send({ type: "locks", frames: true, board: true });
    await watcher.until((client) => client.view?.locks.board === true);
    board.doc.transact(() => boardRecords(board.doc).set("shape:mine", { ...frame, id: "shape:mine", meta: {} } as TLRecord));
    await refused("board-locked");

    // Neither edit reached the board: a newcomer sees the frame where it was, and no new shape.
    const newcomer = await canvas(facilitatorCookieHeader);
    expect((boardRecords(newcomer.doc).get(FIRST_ZONE) as typeof frame).x).toBe(frame.x);
    expect(boardRecords(newcomer.doc).has("shape:mine")).toBe(false);
    // The facilitator is not bound by the locks.
    newcomer.doc.transact(() => boardRecords(newcomer.doc).set("shape:theirs", { ...frame, id: "shape:theirs", meta: {} } as TLRecord));
    await until(board.doc, () => boardRecords(board.doc).has("shape:theirs"));
  });
});
