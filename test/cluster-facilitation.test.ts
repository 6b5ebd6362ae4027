// The facilitator on one node and a participant on another (docs/decisions/023): whichever node a
// socket lands on, the owner decides who may do what from the authenticated connection, exactly as one
// node does (test/board-facilitation.test.ts, board-trust.test.ts), and the facilitation state survives
// the owner's death.
import type { TLRecord } from "@tldraw/tlschema";
import * as decoding from "lib0/decoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeFacilitationFrame, MESSAGE_FACILITATION } from "../board-core/facilitation-protocol.js";
import { boardAuthors, boardRecords } from "../board-core/shared-doc.js";
import { zoneFrameShapeId } from "../board-core/template-layout.js";
import { noteText, putNote } from "./support/board-notes.js";
import { until } from "./support/clients.js";
import {
  boardLease,
  connectClusterClient,
  convergedWithStore,
  createClusterDatabase,
  resynced,
  startCluster,
  storedDoc,
  type Cluster,
  type ClusterClient,
  type ClusterDatabase,
} from "./support/cluster.js";
import { connectFacilitation, type FacilitationConnection } from "./support/facilitation.js";
import { createFacilitatorWithSession, participantCookie, professionalCookie } from "./support/fixtures.js";
import { postgresForTests } from "./support/postgres.js";
import { WAIT_LIMIT_MS, withinLimit } from "./support/wait.js";

const postgres = await postgresForTests();
const FIRST_ZONE = zoneFrameShapeId("brise-glace", "ce-qui-fait-du-bien");
type Frame = Extract<TLRecord, { type: "frame" }>;

/** A canvas that says hello on the facilitation channel, as the browser does, to hear why an edit was refused. */
interface Canvas {
  client: ClusterClient;
  hello(): void;
  /** Resolves on the next refusal naming `reason` received from now on. */
  nextRefusal(reason: string): Promise<void>;
}

describe.skipIf(!postgres)("facilitation across nodes", () => {
  let database: ClusterDatabase;
  let cluster: Cluster;
  const open: { close(): void }[] = [];

  beforeAll(async () => {
    database = await createClusterDatabase();
    cluster = await startCluster(database.url);
  }, 90_000);
  afterAll(async () => {
    for (const connection of open.splice(0)) connection.close();
    await cluster?.stop();
    await database?.cleanup();
  });

  async function canvas(home: number, sessionId: string, cookie: string): Promise<Canvas> {
    const client = connectClusterClient(cluster, home, sessionId, cookie);
    open.push({ close: () => client.destroy() });
    const texts: string[] = [];
    const waiters: { reason: string; from: number; resolve: () => void }[] = [];
    client.provider.messageHandlers[MESSAGE_FACILITATION] = (_encoder, decoder) => {
      texts.push(decoding.readVarString(decoder));
      for (const waiter of waiters.splice(0)) {
        if (texts.slice(waiter.from).some((text) => text.includes(waiter.reason))) waiter.resolve();
        else waiters.push(waiter);
      }
    };
    await client.synced;
    const hello = () => client.provider.ws?.send(encodeFacilitationFrame({ type: "clock", sentAt: Date.now() }));
    hello();
    return {
      client,
      hello,
      nextRefusal: (reason) =>
        withinLimit(
          new Promise<void>((resolve) => waiters.push({ reason, from: texts.length, resolve })),
          `a refusal "${reason}"`,
          WAIT_LIMIT_MS,
        ),
    };
  }
  async function controls(node: number, sessionId: string, cookie: string, phone = false): Promise<FacilitationConnection> {
    const connection = await connectFacilitation(cluster.nodes[node].wsBase, sessionId, cookie, { phone });
    open.push(connection);
    return connection;
  }
  const attempts = [
    { type: "phase", phaseId: "cloture" },
    { type: "timer", action: "start", minutes: 1 },
    { type: "vote-open", zoneId: FIRST_ZONE, votesPerPerson: 9 },
    { type: "private-start", zoneId: FIRST_ZONE, anonymous: true },
    { type: "locks", frames: false, board: false },
  ] as const;

  it("locks, facilitator-only commands and the participant rules hold as on one node, also after the owner is killed", async () => {
    const setup = await createFacilitatorWithSession(database.db);
    const { sessionId } = setup;
    const facilitatorCookie = await professionalCookie(database.db, setup.user.id);
    const awaCookie = await participantCookie(database.db, sessionId, "Awa");
    const bilalCookie = await participantCookie(database.db, sessionId, "Bilal");

    // Awa's canvas lands first, on node 1: node 1 owns the board. The facilitator is on node 0, Bilal on node 2.
    const awa = await canvas(1, sessionId, awaCookie);
    expect((await boardLease(database.db, sessionId)).ownerAddress).toBe(cluster.nodes[1].address);
    const facilitator = await controls(0, sessionId, facilitatorCookie);
    const awaPhone = await controls(2, sessionId, awaCookie, true);
    const bilal = await canvas(2, sessionId, bilalCookie);
    const facilitatorCanvas = await canvas(0, sessionId, facilitatorCookie);

    for (const attempt of attempts) expect(await awaPhone.client.send(attempt)).toEqual({ ok: false, reason: "facilitator-only" });
    expect(await facilitator.client.send({ type: "phase", phaseId: "je-sais-faire" })).toEqual({ ok: true });
    await awaPhone.until((client) => client.view?.phaseId === "je-sais-faire");

    // Her own card is hers; Bilal's card is not: her rewrite is undone on her own screen.
    putNote(bilal.client.doc, "bilal", "Je sais cuisiner", { x: 40, y: 40 });
    await until(awa.client.doc, () => boardAuthors(awa.client.doc).get("shape:bilal")?.name === "Bilal");
    putNote(awa.client.doc, "bilal", "Bilal ne sait rien faire");
    await until(
      awa.client.doc,
      () => noteText(awa.client.doc, "bilal") === "Je sais cuisiner",
      "Awa's rewrite of Bilal's card to be undone",
    );
    // A template frame does not move for a participant.
    const frame = boardRecords(awa.client.doc).get(FIRST_ZONE) as Frame;
    const framesLocked = awa.nextRefusal("frames-locked");
    awa.client.doc.transact(() => boardRecords(awa.client.doc).set(FIRST_ZONE, { ...frame, x: frame.x + 500 } as TLRecord));
    await framesLocked;
    // The facilitator locks the board: Awa's new shape is refused, the facilitator's goes through.
    expect(await facilitator.client.send({ type: "locks", frames: true, board: true })).toEqual({ ok: true });
    await awaPhone.until((client) => client.view?.locks.board === true);
    const boardLocked = awa.nextRefusal("board-locked");
    putNote(awa.client.doc, "awa-locked", "pendant le verrou");
    await boardLocked;
    putNote(facilitatorCanvas.client.doc, "theirs", "de l'animatrice");
    await until(bilal.client.doc, () => noteText(bilal.client.doc, "theirs") === "de l'animatrice");

    // The owner dies. Every socket reconnects elsewhere; the facilitation state was stored.
    await cluster.nodes[1].kill();
    facilitator.close();
    awaPhone.close();
    await Promise.all([awa, bilal, facilitatorCanvas].map(({ client }) => resynced(client)));
    // The clients may be served again a moment before the new owner's lease row is read back here.
    await expect
      .poll(async () => cluster.nodeAt((await boardLease(database.db, sessionId)).ownerAddress)?.index ?? "none", { timeout: 10_000 })
      .toSatisfy((index) => index === 0 || index === 2);
    // Now the facilitator is on node 2 and Awa's phone on node 0.
    const facilitatorAgain = await controls(2, sessionId, facilitatorCookie);
    const awaPhoneAgain = await controls(0, sessionId, awaCookie, true);
    expect(awaPhoneAgain.client.view).toMatchObject({ phaseId: "je-sais-faire", locks: { board: true, frames: true } });
    for (const attempt of attempts) expect(await awaPhoneAgain.client.send(attempt)).toEqual({ ok: false, reason: "facilitator-only" });
    awa.hello();
    // Her edit made while locked was never accepted; made again through the new owner, it is refused again.
    await until(awa.client.doc, () => noteText(awa.client.doc, "awa-locked") === undefined, "Awa's locked edit to stay out");
    const stillLocked = awa.nextRefusal("board-locked");
    putNote(awa.client.doc, "awa-locked-2", "toujours verrouillé");
    await stillLocked;

    expect(await facilitatorAgain.client.send({ type: "locks", frames: true, board: false })).toEqual({ ok: true });
    await awaPhoneAgain.until((client) => client.view?.locks.board === false);
    putNote(awa.client.doc, "awa", "Je sais écouter", { x: 200, y: 40 });
    await until(bilal.client.doc, () => noteText(bilal.client.doc, "awa") === "Je sais écouter", "Awa's own card, once unlocked");
    putNote(awa.client.doc, "bilal", "encore réécrit");
    await until(awa.client.doc, () => noteText(awa.client.doc, "bilal") === "Je sais cuisiner", "Awa's second rewrite to be undone");
    const framesStillLocked = awa.nextRefusal("frames-locked");
    const frameNow = boardRecords(awa.client.doc).get(FIRST_ZONE) as Frame;
    awa.client.doc.transact(() => boardRecords(awa.client.doc).set(FIRST_ZONE, { ...frameNow, x: frameNow.x + 300 } as TLRecord));
    await framesStillLocked;
    await until(awa.client.doc, () => (boardRecords(awa.client.doc).get(FIRST_ZONE) as Frame).x === frame.x, "the frame to come back");

    const stored = await storedDoc(database.db, sessionId);
    expect(noteText(stored, "bilal")).toBe("Je sais cuisiner");
    expect(boardAuthors(stored).get("shape:bilal")?.name).toBe("Bilal");
    expect(boardAuthors(stored).get("shape:awa")?.name).toBe("Awa");
    expect(noteText(stored, "theirs")).toBe("de l'animatrice");
    expect(noteText(stored, "awa-locked")).toBeUndefined();
    expect(noteText(stored, "awa-locked-2")).toBeUndefined();
    expect((boardRecords(stored).get(FIRST_ZONE) as Frame).x).toBe(frame.x);
    const board = await database.db.board.findUniqueOrThrow({ where: { sessionId }, select: { facilitation: true } });
    expect(board.facilitation).toMatchObject({ phaseId: "je-sais-faire" });
    await convergedWithStore(database.db, sessionId, [awa.client, bilal.client, facilitatorCanvas.client]);
  }, 90_000);
});
