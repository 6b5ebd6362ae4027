// Anonymous steps (issue 15, point 5): a card written during a step the template or the facilitator
// made anonymous carries no name and no author key in anything another client receives (Yjs sync,
// relayed updates, presence, facilitation frames), nor in the report or the closing view; the board
// server alone keeps who wrote it (HiddenAuthorship), until the session closes.
import type { TLRecord } from "@tldraw/tlschema";
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WebsocketProvider } from "y-websocket";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { authorKeyOf } from "../board-core/authorship.server.js";
import { plainText } from "../board-core/cards.js";
import { boardAuthors, boardRecords, boardWriters } from "../board-core/shared-doc.js";
import { zoneFrameShapeId } from "../board-core/template-layout.js";
import { answerClosingForm, closeSession } from "../app/diagnostic/closing/closing.server.js";
import { sessionCardsByZone } from "../app/diagnostic/session-cards.server.js";
import { createPrismaBoardStore } from "../app/board/stored-board.server.js";
import { cardsCsv } from "../app/report/download.server.js";
import { boardSvg } from "../app/report/board-image.server.js";
import { gatherReport } from "../app/report/gather.server.js";
import { reportMarkdown } from "../app/report/markdown.server.js";
import { reportPdf } from "../app/report/pdf.server.js";
import { loadWorkshopLibrary } from "../workshops/library.js";
import { startBoardServer, type InProcessBoardServer } from "./support/board-server.js";
import { browserLikeSocket, until } from "./support/clients.js";
import { connectFacilitation, type FacilitationConnection } from "./support/facilitation.js";
import { createFacilitatorWithSession, createTestDatabase, participantCookie, professionalCookie } from "./support/fixtures.js";
import { adminQuery, postgresForTests, postgresUrl } from "./support/postgres.js";
import { createDb, type Db } from "../prisma/db.js";
import { migrateDeploy } from "../scripts/migrate-engine.js";
import { pdfText } from "./support/pdf-text.js";
import { putNote } from "./support/board-notes.js";
import { PARTICIPANT_RECORDS_MAX } from "../board-core/board-rights.js";
import { UpdateGuard } from "../server/board/update-guard.js";
import { WAIT_LIMIT_MS, withinLimit } from "./support/wait.js";

// The session's template is "forces-et-reconnaissance": brise-glace (zone ce-qui-fait-du-bien), then
// je-sais-faire (zone savoir-faire), named in the template.
const FIRST_ZONE = zoneFrameShapeId("brise-glace", "ce-qui-fait-du-bien");
const SKILLS_ZONE = zoneFrameShapeId("je-sais-faire", "savoir-faire");
/** A name no random byte sequence spells by chance. */
const AUTHOR = "Zéphyrine";

type Note = Extract<TLRecord, { type: "note" }>;
const noteWithText = (doc: Y.Doc, text: string) =>
  [...boardRecords(doc).values()].find(
    (record): record is Note => record.typeName === "shape" && record.type === "note" && plainText(record.props.richText) === text,
  );

/** A canvas tab (y-websocket, as the browser runs it) that keeps every byte the server sent it. */
interface CapturingCanvas {
  doc: Y.Doc;
  provider: WebsocketProvider;
  frames: Uint8Array[];
  synced: Promise<void>;
  destroy(): void;
}

function capturingCanvas(wsBase: string, sessionId: string, cookie: string): CapturingCanvas {
  const frames: Uint8Array[] = [];
  const Base = browserLikeSocket(cookie);
  class Capturing extends Base {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols);
      this.on("message", (data: Buffer) => frames.push(new Uint8Array(data)));
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(wsBase, sessionId, doc, {
    WebSocketPolyfill: Capturing as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    provider.once("sync", (isSynced: boolean) => isSynced && resolve());
  });
  return {
    doc,
    provider,
    frames,
    synced,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

const has = (frame: Uint8Array, text: string) => Buffer.from(frame).includes(Buffer.from(text, "utf8"));

/** The presence another screen shows for the person named `name` (undefined: none announced). */
function presenceOf(awareness: Awareness, name: string): unknown {
  for (const state of awareness.getStates().values()) {
    if ((state.user as { name?: string } | undefined)?.name === name) return state.presence ?? null;
  }
  return undefined;
}

function untilPresence(awareness: Awareness, check: () => boolean, what: string): Promise<void> {
  let stop: (() => void) | undefined;
  const met = new Promise<void>((resolve) => {
    if (check()) return resolve();
    const onChange = () => {
      if (!check()) return;
      awareness.off("change", onChange);
      resolve();
    };
    awareness.on("change", onChange);
    stop = () => awareness.off("change", onChange);
  });
  return withinLimit(met, what, WAIT_LIMIT_MS, stop);
}

const CURSOR = { cursor: { x: 4321, y: 8765, type: "default", rotation: 0 }, selectedShapeIds: ["shape:brouillon-secret"] };

const postgres = await postgresForTests();

interface Database {
  db: Db;
  url: string;
  cleanup(): Promise<void>;
}

/** The board-server tests, on one database (SQLite, and PostgreSQL whose store writes the rows itself). */
function boardSuite(name: string, runs: boolean, openDatabase: () => Promise<Database>) {
  describe.runIf(runs)(name, () => boardTests(openDatabase));
}

function boardTests(openDatabase: () => Promise<Database>) {
  let database: Database;
  let server: InProcessBoardServer;
  const open: { close(): void }[] = [];

  beforeAll(async () => {
    database = await openDatabase();
    server = await startBoardServer(database);
  });
  afterEach(() => {
    for (const connection of open.splice(0)) connection.close();
  });
  afterAll(async () => {
    await server?.close();
    await database?.cleanup();
  });

  async function newSession(options: { anonymousInTemplate?: string } = {}) {
    const { db } = database;
    const setup = await createFacilitatorWithSession(db);
    if (options.anonymousInTemplate) {
      const session = await db.groupSession.findUniqueOrThrow({ where: { id: setup.sessionId }, select: { agenda: true } });
      const phases = (session.agenda as { id: string }[]).map((phase) =>
        phase.id === options.anonymousInTemplate ? { ...phase, anonymous: true } : phase,
      );
      await db.groupSession.update({ where: { id: setup.sessionId }, data: { agenda: phases } });
    }
    const board = await db.board.findUniqueOrThrow({ where: { sessionId: setup.sessionId }, select: { id: true } });
    const as = async (cookie: string, phone = false): Promise<FacilitationConnection> => {
      const connection = await connectFacilitation(server.wsBase, setup.sessionId, cookie, { phone });
      open.push(connection);
      return connection;
    };
    const canvas = async (cookie: string) => {
      const client = capturingCanvas(server.wsBase, setup.sessionId, cookie);
      open.push({ close: () => client.destroy() });
      await client.synced;
      return client;
    };
    const authorCookie = await participantCookie(db, setup.sessionId, AUTHOR);
    const participant = await db.participant.findFirstOrThrow({ where: { sessionId: setup.sessionId, displayName: AUTHOR } });
    return {
      ...setup,
      boardId: board.id,
      authorCookie,
      authorKey: authorKeyOf(board.id, `participant:${participant.id}`),
      facilitatorCookie: await professionalCookie(db, setup.user.id),
      as,
      canvas,
    };
  }

  it("a card posted in an anonymous step has no name nor author key in any byte another client receives; a named one has both", async () => {
    const setup = await newSession();
    const facilitator = await setup.as(setup.facilitatorCookie);
    const phone = await setup.as(setup.authorCookie, true);
    const authorCanvas = await setup.canvas(setup.authorCookie);
    const bilal = await participantCookie(database.db, setup.sessionId, "Bilal");
    const watcher = await setup.canvas(bilal); // Yjs sync, relayed updates, presence
    const watcherChannel = await setup.as(bilal); // the same person's facilitation frames (and relays)

    // A named step: the card, its ledger entry with the name and key, and the cursor reach the others.
    expect(await phone.client.send({ type: "post", text: "Carte signée" })).toEqual({ ok: true });
    authorCanvas.provider.awareness.setLocalStateField("presence", CURSOR);
    await untilPresence(watcher.provider.awareness, () => presenceOf(watcher.provider.awareness, AUTHOR) != null, "the author's cursor");
    await until(watcher.doc, () => noteWithText(watcher.doc, "Carte signée") !== undefined);
    const named = [...watcher.frames, ...watcherChannel.frames].filter((frame) => has(frame, "Carte signée"));
    expect(named.some((frame) => has(frame, AUTHOR) && has(frame, setup.authorKey))).toBe(true);

    // The facilitator makes the next step anonymous, live, and moves to it.
    expect(await facilitator.client.send({ type: "phase", phaseId: "je-sais-faire" })).toEqual({ ok: true });
    expect(await facilitator.client.send({ type: "anonymous", phaseId: "je-sais-faire", anonymous: true })).toEqual({ ok: true });
    await phone.until((client) => client.view?.anonymous === true);
    expect(phone.client.view?.anonymousPhases).toEqual(["je-sais-faire"]);
    // The cursor shown until now goes, and comes back without its position or selection.
    await untilPresence(watcher.provider.awareness, () => presenceOf(watcher.provider.awareness, AUTHOR) === null, "the cursor hidden");
    const mark = { canvas: watcher.frames.length, channel: watcherChannel.frames.length };

    authorCanvas.provider.awareness.setLocalStateField("presence", { ...CURSOR, cursor: { ...CURSOR.cursor, x: 31337.25 } });
    expect(await phone.client.send({ type: "post", text: "Carte sans nom", anonymous: true })).toEqual({ ok: true });
    await until(watcher.doc, () => noteWithText(watcher.doc, "Carte sans nom") !== undefined);
    const card = noteWithText(watcher.doc, "Carte sans nom")!;
    expect(card.parentId).toBe(SKILLS_ZONE);
    expect(card.meta).toEqual({ via: "anonymous" });
    // A late joiner's whole sync, for good measure.
    const late = await setup.canvas(await participantCookie(database.db, setup.sessionId, "Chloé"));
    await until(late.doc, () => noteWithText(late.doc, "Carte sans nom") !== undefined);

    const after = [...watcher.frames.slice(mark.canvas), ...watcherChannel.frames.slice(mark.channel)];
    const carrying = [...after, ...late.frames].filter((frame) => has(frame, "Carte sans nom") || has(frame, card.id));
    expect(carrying.length).toBeGreaterThan(0);
    // (A late joiner's sync is one frame holding the whole board, the named card's ledger entry
    // included: its doc is checked below, record by record.)
    for (const frame of after.filter((frame) => has(frame, "Carte sans nom"))) expect(has(frame, AUTHOR)).toBe(false);
    for (const frame of after) {
      expect(has(frame, "brouillon-secret")).toBe(false);
      expect(has(frame, "31337.25")).toBe(false);
      expect(has(frame, setup.authorKey)).toBe(false);
    }
    expect(presenceOf(watcher.provider.awareness, AUTHOR)).toBeNull();

    // In the doc: no ledger entry, and the Yjs item was written under the server's client id, which
    // no writer is filed under.
    for (const doc of [watcher.doc, late.doc]) {
      expect(boardAuthors(doc).get(card.id)).toBeUndefined();
      expect([...boardAuthors(doc).values()].filter((author) => author.by === setup.authorKey)).toHaveLength(1);
      const item = (boardRecords(doc) as unknown as { _map: Map<string, { id: { client: number } }> })._map.get(card.id)!;
      expect(boardWriters(doc).get(String(item.id.client))).toBeUndefined();
      expect(item.id.client).not.toBe(authorCanvas.doc.clientID);
    }

    // The server alone keeps who wrote it, stored before the card.
    const rows = await database.db.hiddenAuthorship.findMany({ where: { boardId: setup.boardId } });
    expect(rows.map(({ recordId, authorKey }) => ({ recordId, authorKey }))).toEqual([{ recordId: card.id, authorKey: setup.authorKey }]);
    const loaded = await createPrismaBoardStore(database.db).load(setup.sessionId);
    expect(loaded!.hiddenAuthors.get(card.id)).toBe(setup.authorKey);

    // The step named again: the cursor shows again.
    expect(await facilitator.client.send({ type: "anonymous", phaseId: "je-sais-faire", anonymous: false })).toEqual({ ok: true });
    await phone.until((client) => client.view?.anonymous === false);
    authorCanvas.provider.awareness.setLocalStateField("presence", { ...CURSOR, cursor: { ...CURSOR.cursor, x: 99 } });
    await untilPresence(watcher.provider.awareness, () => presenceOf(watcher.provider.awareness, AUTHOR) != null, "the cursor back");
  });

  it("only the facilitator makes a step anonymous or named, whatever a participant sends", async () => {
    const setup = await newSession({ anonymousInTemplate: "je-sais-faire" });
    const facilitator = await setup.as(setup.facilitatorCookie);
    const phone = await setup.as(setup.authorCookie, true);
    expect(phone.client.view?.anonymousPhases).toEqual(["je-sais-faire"]);

    expect(await phone.client.send({ type: "anonymous", phaseId: "brise-glace", anonymous: true })).toEqual({
      ok: false,
      reason: "facilitator-only",
    });
    expect(await phone.client.send({ type: "anonymous", phaseId: "je-sais-faire", anonymous: false })).toEqual({
      ok: false,
      reason: "facilitator-only",
    });
    phone.sendRaw({ type: "anonymous", phaseId: "je-sais-faire", anonymous: false, role: "facilitator" });
    phone.sendRaw({ type: "phase", phaseId: "je-sais-faire" });
    await phone.client.send({ type: "vote", cardId: "shape:rien", change: 1 }); // a round trip: what came before was handled
    expect(phone.client.view?.anonymousPhases).toEqual(["je-sais-faire"]);
    expect(phone.client.view?.anonymous).toBe(false);
    const stored = await database.db.board.findUniqueOrThrow({ where: { id: setup.boardId }, select: { facilitation: true } });
    expect(JSON.stringify(stored.facilitation ?? {})).not.toMatch(/"anonymous":\{"/);

    // A post that expected an anonymous step is refused in a named one, never posted under a name.
    expect(await phone.client.send({ type: "post", text: "Je croyais être anonyme", anonymous: true })).toEqual({
      ok: false,
      reason: "anonymity-changed",
    });
    // After the anonymous step, its zone takes no more cards.
    expect(await facilitator.client.send({ type: "phase", phaseId: "je-sais-faire" })).toEqual({ ok: true });
    expect(await facilitator.client.send({ type: "phase", phaseId: "reconnaissance" })).toEqual({ ok: true });
    await phone.until((client) => client.view?.phaseId === "reconnaissance");
    expect(await phone.client.send({ type: "post", text: "Trop tard", zoneId: SKILLS_ZONE, anonymous: true })).toEqual({
      ok: false,
      reason: "unknown-zone",
    });
    expect(await database.db.hiddenAuthorship.count({ where: { boardId: setup.boardId } })).toBe(0);
  });

  it("a template's anonymous step: the report, its files and the closing view name nobody; the rows go at closing", async () => {
    const setup = await newSession({ anonymousInTemplate: "je-sais-faire" });
    const facilitator = await setup.as(setup.facilitatorCookie);
    const phone = await setup.as(setup.authorCookie, true);
    expect(await phone.client.send({ type: "post", text: "Une carte signée" })).toEqual({ ok: true });
    expect(await facilitator.client.send({ type: "phase", phaseId: "je-sais-faire" })).toEqual({ ok: true });
    await phone.until((client) => client.view?.anonymous === true);
    expect(await phone.client.send({ type: "post", text: "Je sais écouter sans juger", anonymous: true })).toEqual({ ok: true });
    expect(await database.db.hiddenAuthorship.count({ where: { boardId: setup.boardId } })).toBe(1);

    const zones = await sessionCardsByZone(
      database.db,
      setup.sessionId,
      (await database.db.groupSession.findUniqueOrThrow({ where: { id: setup.sessionId } })).agenda,
    );
    const cards = zones.flatMap((zone) => zone.cards);
    expect(cards.find((card) => card.text === "Une carte signée")).toMatchObject({ author: AUTHOR });
    expect(cards.find((card) => card.text === "Je sais écouter sans juger")).toMatchObject({
      author: null,
      authorParticipantId: null,
      anonymous: true,
    });
    expect(cards.find((card) => card.text === "Une carte signée")).toMatchObject({ anonymous: false });
    // Nobody may give it to a person's diagnostic, even with a crafted form.
    const anonymousCard = cards.find((card) => card.text === "Je sais écouter sans juger")!;
    const participant = await database.db.participant.findFirstOrThrow({ where: { sessionId: setup.sessionId, displayName: AUTHOR } });
    const form = new FormData();
    for (const [key, value] of Object.entries({
      intent: "propose",
      cardId: anonymousCard.id,
      kind: "strength",
      participantId: participant.id,
      dimension: "skills",
    }))
      form.set(key, value);
    const session = await database.db.groupSession.findUniqueOrThrow({ where: { id: setup.sessionId } });
    expect(await answerClosingForm(database.db, setup.user.id, session, form)).toMatchObject({
      status: 400,
      errors: { cardId: "closing.error.anonymous" },
    });
    expect(zones.find((zone) => zone.frameId === FIRST_ZONE)!.cards).toHaveLength(1);

    const report = (await gatherReport(database.db, setup.user.id, setup.sessionId))!;
    const files = [reportMarkdown(report), cardsCsv(report), boardSvg(report.board), await pdfText(await reportPdf(report))];
    for (const file of files) {
      expect(file).toContain("Je sais écouter"); // the board's drawing wraps the rest onto a line of its own
      expect(file).not.toContain(AUTHOR);
      expect(file).not.toContain(setup.authorKey);
    }

    expect(await closeSession(database.db, setup.user.id, setup.sessionId, "")).toBe(true);
    expect(await database.db.hiddenAuthorship.count({ where: { boardId: setup.boardId } })).toBe(0);
    // A phone still connected after closing: its card goes on the board, its author is not kept.
    expect(await phone.client.send({ type: "post", text: "Après la clôture", anonymous: true })).toEqual({ ok: true });
    expect(await database.db.hiddenAuthorship.count({ where: { boardId: setup.boardId } })).toBe(0);
  });
}

boardSuite("anonymous steps on a live board (SQLite)", true, createTestDatabase);

boardSuite("anonymous steps on a live board (PostgreSQL)", postgres, async () => {
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

describe("anonymous steps: rules and templates", () => {
  it("anonymous cards still count towards their author's creation limit", () => {
    const doc = new Y.Doc();
    const hidden = new Map(Array.from({ length: PARTICIPANT_RECORDS_MAX }, (_, i) => [`shape:anonyme-${i}`, "cle-de-awa"] as const));
    const guard = new UpdateGuard(doc, () => undefined, hidden);
    const write = (authorKey: string) => {
      const source = new Y.Doc();
      putNote(source, `note-${authorKey}`, "Une de plus");
      return doc.transact((transaction) => {
        const undone = guard.apply(
          Y.encodeStateAsUpdate(source),
          { role: "participant", authorKey, name: "?" },
          { boardLocked: false, sorting: false },
        );
        transaction.local = true; // as the room marks it (room-writes.ts): the doc keeps its own client id
        return undone;
      });
    };
    expect([...write("cle-de-awa")]).toEqual(["too-many-cards"]);
    expect([...write("cle-de-bilal")]).toEqual([]);
  });

  it("the templates that need it mark their steps anonymous", () => {
    const library = loadWorkshopLibrary();
    expect(library.problems).toEqual([]);
    const phase = (template: string, id: string) =>
      library.templates.find((candidate) => candidate.id === template)?.phases.find((candidate) => candidate.id === id);
    expect(phase("courbe-du-changement", "ou-j-en-suis")?.anonymous).toBe(true);
    expect(phase("tour-de-cloture", "je-repars-avec")?.anonymous).toBe(true);
    // Steps whose cards may go into a person's diagnostic stay named.
    expect(phase("courbe-du-changement", "et-pour-moi")?.anonymous).toBeUndefined();
    expect(phase("tour-de-cloture", "mon-prochain-pas")?.anonymous).toBeUndefined();
  });
});
