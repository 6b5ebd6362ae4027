// A join code lets you take part, never take over (docs/decisions/006). Each rule is attacked the
// way a participant holding nothing but a join code would: hand-crafted Yjs updates in several
// encodings of the same intent, and honest clients whose edits the server must bring back in step.
import type { TLRecord } from "@tldraw/tlschema";
import * as decoding from "lib0/decoding";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { encodeFacilitationFrame, MESSAGE_FACILITATION } from "../board-core/facilitation-protocol.js";
import { BOARD_SCHEMA_KEY, boardAuthors, boardMeta, boardRecords } from "../board-core/shared-doc.js";
import { zoneFrameShapeId } from "../board-core/template-layout.js";
import { sessionCardsByZone } from "../app/diagnostic/session-cards.server.js";
import { findParticipant } from "../app/auth/auth.server.js";
import { createPrismaBoardStore } from "../app/board/stored-board.server.js";
import { isReadableSchema } from "../server/board/update-guard.js";
import { noteText, putNote } from "./support/board-notes.js";
import { useBoardSession } from "./support/board-session.js";
import { until } from "./support/clients.js";
import { craftUpdate, currentItemId } from "./support/yjs-craft.js";

const ZONE = zoneFrameShapeId("brise-glace", "ce-qui-fait-du-bien");
type Frame = Extract<TLRecord, { type: "frame" }>;

describe("a board server that trusts no participant", () => {
  const live = useBoardSession({ maxMessageBytes: 256 * 1024 });
  const { newSession, canvas, controls, stored, rawSocket } = live;
  /** Signature of fixtures' participantCookie, answering for the current session. */
  const participantCookie = (_db: unknown, _session: string, name: string) => live.participant(name);

  /** The note and frame contents of a doc, without the ids Yjs gave its items. */
  const contents = (doc: Y.Doc) =>
    JSON.stringify({ records: boardRecords(doc).toJSON(), meta: boardMeta(doc).toJSON(), authors: boardAuthors(doc).toJSON() });
  const freshClient = () => 1 + Math.floor(Math.random() * 2 ** 30);

  it("a template frame cannot be moved, renamed or deleted by a participant, whatever the encoding", async () => {
    await newSession();
    const watcher = await canvas(live.facilitator);
    const attacker = await rawSocket(await participantCookie(live.db, live.sessionId, "Awa"));
    const frame = boardRecords(watcher.doc).get(ZONE) as Frame;
    const moved = { ...frame, x: frame.x + 500 };
    const current = () => currentItemId(watcher.doc, "records", ZONE);
    const attempts: ((client: number) => Uint8Array)[] = [
      // The ordinary overwrite: a new value after the current one, which it deletes.
      (client) => craftUpdate([{ client, clock: 0, origin: current(), content: { any: [moved] } }], [[...current(), 1]]),
      // The same with the delete set stripped: Yjs still makes the newest item the value.
      (client) => craftUpdate([{ client, clock: 0, origin: current(), content: { any: [moved] } }]),
      // No neighbour at all, the key named outright, as a concurrent writer would send it.
      (client) =>
        craftUpdate([
          {
            client,
            clock: 0,
            parent: "records",
            parentSub: ZONE,
            content: { any: [{ ...frame, props: { ...frame.props, name: "Piraté" } }] },
          },
        ]),
      // Only a right neighbour: inserted before the current value.
      (client) =>
        craftUpdate([
          { client, clock: 0, rightOrigin: current(), content: { any: [{ ...frame, props: { ...frame.props, w: 1, h: 1 } }] } },
        ]),
      // A deleted item after the current one: the key would read as deleted.
      (client) => craftUpdate([{ client, clock: 0, origin: current(), content: { deleted: 1 } }]),
      // A deletion alone.
      () => craftUpdate([], [[...current(), 1]]),
      // Two items, the second hanging off the first (its parent inferred through the update itself).
      (client) =>
        craftUpdate([
          { client, clock: 0, origin: current(), content: { any: [moved] } },
          { client, clock: 1, origin: [client, 0], content: { any: [{ ...moved, x: frame.x - 900 }] } },
        ]),
    ];
    for (const attempt of attempts) {
      attacker.send(attempt(freshClient()));
      // The server answers an undone change by writing the frame back: the watcher sees that write.
      await until(watcher.doc, () => (boardRecords(watcher.doc).get(ZONE) as Frame | undefined)?.x === frame.x);
    }
    const board = await stored();
    expect(boardRecords(board).get(ZONE)).toEqual(frame);
    expect(isReadableSchema(boardMeta(board).get(BOARD_SCHEMA_KEY))).toBe(true);
    expect(boardRecords(watcher.doc).get(ZONE)).toEqual(frame);
    expect(attacker.socket.readyState).toBe(WebSocket.OPEN);
  });

  it("an update no honest client sends is refused whole, closes its connection, and stores nothing", async () => {
    await newSession();
    const watcher = await canvas(live.facilitator);
    putNote(watcher.doc, "facilitatrice", "Bienvenue");
    await until(watcher.doc, () => boardAuthors(watcher.doc).has("shape:facilitatrice"));
    const before = contents(await stored());
    const facilitatorClient = watcher.doc.clientID;
    const facilitatorClock = Y.getState(watcher.doc.store, facilitatorClient);
    const note = (id: string) => ({ ...(boardRecords(watcher.doc).get("shape:facilitatrice") as object), id });
    const cookie = await participantCookie(live.db, live.sessionId, "Awa");
    const hostile: [string, (client: number) => Uint8Array][] = [
      [
        "a neighbour the server never received",
        (client) =>
          craftUpdate([{ client, clock: 0, origin: [facilitatorClient, facilitatorClock + 5], content: { any: [note("shape:a")] } }]),
      ],
      [
        "a gap in the sender's own clocks",
        (client) => craftUpdate([{ client, clock: 7, parent: "records", parentSub: "shape:b", content: { any: [note("shape:b")] } }]),
      ],
      ["a deletion of content that does not exist yet", () => craftUpdate([], [[facilitatorClient, facilitatorClock + 1, 3]])],
      [
        "a nested type inside the records",
        (client) => craftUpdate([{ client, clock: 0, parent: "records", parentSub: "shape:c", content: { map: true } }]),
      ],
      [
        "an item inside a nested type",
        (client) => craftUpdate([{ client, clock: 0, parent: [facilitatorClient, 0], parentSub: "x", content: { any: [1] } }]),
      ],
      [
        "a forged authorship ledger",
        (client) =>
          craftUpdate([
            { client, clock: 0, parent: "authors", parentSub: "shape:facilitatrice", content: { any: [{ by: "x", name: "Awa" }] } },
          ]),
      ],
      [
        "a claim on someone's client id",
        (client) => craftUpdate([{ client, clock: 0, parent: "writers", parentSub: String(facilitatorClient), content: { any: ["x"] } }]),
      ],
      [
        "a top-level type of its own",
        (client) => craftUpdate([{ client, clock: 0, parent: "evil", parentSub: "k", content: { any: ["x".repeat(1000)] } }]),
      ],
      [
        "list content in the records map",
        (client) => craftUpdate([{ client, clock: 0, parent: "records", content: { any: [note("shape:d")] } }]),
      ],
      [
        "several values in one map item",
        (client) =>
          craftUpdate([
            { client, clock: 0, parent: "records", parentSub: "shape:e", content: { any: [note("shape:e"), note("shape:e")] } },
          ]),
      ],
      [
        "writing under the facilitator's client id",
        () =>
          craftUpdate([
            {
              client: facilitatorClient,
              clock: facilitatorClock,
              parent: "records",
              parentSub: "shape:f",
              content: { any: [note("shape:f")] },
            },
          ]),
      ],
    ];
    for (const [intent, craft] of hostile) {
      const attacker = await rawSocket(cookie);
      attacker.send(craft(freshClient()));
      expect(await attacker.closed, intent).toBe(1007);
    }
    expect(contents(await stored())).toBe(before);
    // The facilitator's own next edit, on that very client id, still goes through.
    putNote(watcher.doc, "facilitatrice", "Bienvenue à toutes et à tous");
    const probe = await canvas(live.facilitator);
    await until(probe.doc, () => noteText(probe.doc, "facilitatrice") === "Bienvenue à toutes et à tous");
  });

  it("a participant changes only their own cards: others' text and deletion are undone on their own screen, the author is the server's", async () => {
    await newSession();
    const bilalCookie = await participantCookie(live.db, live.sessionId, "Bilal");
    const bilal = await canvas(bilalCookie);
    const awa = await canvas(await participantCookie(live.db, live.sessionId, "Awa"));
    putNote(bilal.doc, "bilal", "Je sais cuisiner", { x: 40, y: 40 });
    await until(awa.doc, () => boardAuthors(awa.doc).get("shape:bilal")?.name === "Bilal");

    putNote(awa.doc, "bilal", "Bilal ne sait rien faire");
    await until(awa.doc, () => noteText(awa.doc, "bilal") === "Je sais cuisiner");
    boardRecords(awa.doc).delete("shape:bilal");
    await until(awa.doc, () => noteText(awa.doc, "bilal") === "Je sais cuisiner");
    // Claiming authorship through the card's own fields does not work either.
    const forged = {
      ...(boardRecords(awa.doc).get("shape:bilal") as TLRecord),
      id: "shape:awa-forged",
      meta: { author: "Bilal" },
    } as unknown as TLRecord;
    boardRecords(awa.doc).set("shape:awa-forged", forged);
    await until(awa.doc, () => !boardRecords(awa.doc).has("shape:awa-forged"));
    // Her own card is hers to change.
    putNote(awa.doc, "awa", "Je sais écouter");
    putNote(awa.doc, "awa", "Je sais écouter les autres");
    await until(bilal.doc, () => noteText(bilal.doc, "awa") === "Je sais écouter les autres");

    const board = await stored();
    expect(noteText(board, "bilal")).toBe("Je sais cuisiner");
    expect(boardAuthors(board).get("shape:bilal")?.name).toBe("Bilal");
    expect(boardAuthors(board).get("shape:awa")?.name).toBe("Awa");
    expect(boardRecords(board).has("shape:awa-forged")).toBe(false);
    // The closing view attributes each card to the participant who wrote it.
    const session = await live.db.groupSession.findUniqueOrThrow({ where: { id: live.sessionId }, select: { agenda: true } });
    const cards = (await sessionCardsByZone(live.db, live.sessionId, session.agenda)).flatMap((zone) => zone.cards);
    const bilalId = (await findParticipant(live.db, bilalCookie, live.sessionId))!.id;
    expect(cards.find((card) => card.id === "shape:bilal")).toMatchObject({ author: "Bilal", authorParticipantId: bilalId });
  });

  it("the board's meta, its structure and invalid records stay out, for a participant and, where unreadable, for the facilitator", async () => {
    await newSession();
    const awa = await canvas(await participantCookie(live.db, live.sessionId, "Awa"));
    const lead = await canvas(live.facilitator);
    const schema = boardMeta(awa.doc).get(BOARD_SCHEMA_KEY) as { schemaVersion: number; sequences: Record<string, number> };
    const newer = {
      ...schema,
      sequences: Object.fromEntries(Object.entries(schema.sequences).map(([key, version]) => [key, version + 50])),
    };
    const unchanged = JSON.stringify(schema);
    boardMeta(awa.doc).set(BOARD_SCHEMA_KEY, newer);
    await until(awa.doc, () => JSON.stringify(boardMeta(awa.doc).get(BOARD_SCHEMA_KEY)) === unchanged);
    boardMeta(lead.doc).set(BOARD_SCHEMA_KEY, newer);
    await until(lead.doc, () => JSON.stringify(boardMeta(lead.doc).get(BOARD_SCHEMA_KEY)) === unchanged);

    const note = boardRecords(awa.doc);
    putNote(awa.doc, "model", "modèle");
    await until(awa.doc, () => boardAuthors(awa.doc).has("shape:model"));
    const base = note.get("shape:model") as Extract<TLRecord, { type: "note" }>;
    const refusedByEveryone = {
      "an invalid colour": { ...base, id: "shape:colour", props: { ...base.props, color: "arc-en-ciel" } },
      "an id that is not its key": { ...base, id: "shape:other" },
      "a note without its props": { ...base, id: "shape:bare", props: undefined },
    };
    const refusedToParticipants = {
      "a frame of her own": { ...(note.get(ZONE) as Frame), id: "shape:my-frame", meta: {} },
      "a fake vote badge": { ...base, id: "shape:badge", meta: { role: "vote-result", cardId: "shape:model" } },
      "a page": { id: "page:mine", typeName: "page", name: "Ma page", index: "a2", meta: {} },
      "a huge card": {
        ...base,
        id: "shape:huge",
        props: {
          ...base.props,
          richText: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x".repeat(40_000) }] }] },
        },
      },
    };
    for (const [label, record] of Object.entries({ ...refusedByEveryone, ...refusedToParticipants })) {
      const key = label === "an id that is not its key" ? "shape:mismatch" : (record as { id: string }).id;
      note.set(key, record as TLRecord);
      await until(awa.doc, () => !note.has(key));
    }
    for (const [label, record] of Object.entries(refusedByEveryone)) {
      const key = "shape:lead-" + (record as { id: string }).id.slice(6);
      boardRecords(lead.doc).set(key, { ...record, id: label === "an id that is not its key" ? "shape:other" : key } as TLRecord);
    }
    await until(lead.doc, () => [...boardRecords(lead.doc).keys()].every((key) => !key.startsWith("shape:lead-")));
    const board = await stored();
    expect(JSON.stringify(boardMeta(board).get(BOARD_SCHEMA_KEY))).toBe(unchanged);
    expect(
      [...boardRecords(board).keys()].filter(
        (key) => /colour|other|mismatch|bare|my-frame|badge|huge|lead-/.test(key) || key === "page:mine",
      ),
    ).toEqual([]);
  });

  it("tri collectif: others' cards can be moved, never edited, and only while the facilitator keeps it open for the step", async () => {
    await newSession();
    const bilal = await canvas(await participantCookie(live.db, live.sessionId, "Bilal"));
    const awaCookie = await participantCookie(live.db, live.sessionId, "Awa");
    const awa = await canvas(awaCookie);
    const lead = await controls(live.facilitator);
    const awaControls = await controls(awaCookie);
    putNote(bilal.doc, "idee", "Une idée", { x: 10, y: 10 });
    await until(awa.doc, () => boardAuthors(awa.doc).has("shape:idee"));
    const move = (x: number) => putNote(awa.doc, "idee", "Une idée", { x, y: 10 });

    move(300);
    await until(awa.doc, () => (boardRecords(awa.doc).get("shape:idee") as { x: number }).x === 10);
    expect(await awaControls.client.send({ type: "sorting", open: true })).toEqual({ ok: false, reason: "facilitator-only" });
    expect(await lead.client.send({ type: "sorting", open: true })).toEqual({ ok: true });
    await awaControls.until((client) => client.view?.sorting === true);
    move(300);
    await until(bilal.doc, () => (boardRecords(bilal.doc).get("shape:idee") as { x: number }).x === 300);
    putNote(awa.doc, "idee", "Une autre idée", { x: 300, y: 10 });
    await until(awa.doc, () => noteText(awa.doc, "idee") === "Une idée");

    // A new step closes the sorting.
    expect(await lead.client.send({ type: "phase", phaseId: "je-sais-faire" })).toEqual({ ok: true });
    await awaControls.until((client) => client.view?.sorting === false);
    move(600);
    await until(awa.doc, () => (boardRecords(awa.doc).get("shape:idee") as { x: number }).x === 300);
    expect((boardRecords(await stored()).get("shape:idee") as { x: number }).x).toBe(300);
  });

  it("the refusal reaches the participant's screen with its reason", async () => {
    await newSession();
    const cookie = await participantCookie(live.db, live.sessionId, "Awa");
    const awa = await canvas(cookie);
    const told = new Promise<void>((resolve) => {
      awa.provider.messageHandlers[MESSAGE_FACILITATION] = (_encoder, decoder) => {
        const message = JSON.parse(decoding.readVarString(decoder)) as { type: string; command?: string; reason?: string };
        if (message.type === "refused" && message.command === "update" && message.reason === "frames-locked") resolve();
      };
    });
    awa.provider.ws!.send(encodeFacilitationFrame({ type: "clock", sentAt: Date.now() }));
    const frame = boardRecords(awa.doc).get(ZONE) as Frame;
    boardRecords(awa.doc).set(ZONE, { ...frame, x: frame.x + 1 });
    await until(awa.doc, () => (boardRecords(awa.doc).get(ZONE) as Frame).x === frame.x);
    await told;
  });

  it("a board stored unreadable (before these rules) is repaired by its facilitator, keeping everything readable", async () => {
    await newSession();
    const store = createPrismaBoardStore(live.db);
    const board = await live.db.board.findUniqueOrThrow({ where: { sessionId: live.sessionId } });
    const broken = new Y.Doc();
    const loaded = await store.load(live.sessionId);
    for (const update of [loaded!.snapshot, ...loaded!.updates]) if (update) Y.applyUpdate(broken, update);
    const before = Y.encodeStateVector(broken);
    const schema = boardMeta(broken).get(BOARD_SCHEMA_KEY) as { sequences: Record<string, number> };
    broken.transact(() => {
      boardMeta(broken).set(BOARD_SCHEMA_KEY, { ...schema, sequences: { ...schema.sequences, "com.tldraw.shape.note": 999 } });
      boardRecords(broken).set("shape:garbage", { id: "shape:garbage", typeName: "shape", type: "note" } as unknown as TLRecord);
      putNote(broken, "kept", "Une carte à garder");
    });
    await store.append(board.id, [Y.encodeStateAsUpdate(broken, before)]);

    const lead = await controls(live.facilitator);
    expect(isReadableSchema(boardMeta(await stored()).get(BOARD_SCHEMA_KEY))).toBe(false);
    const participantControls = await controls(await participantCookie(live.db, live.sessionId, "Awa"));
    expect(await participantControls.client.send({ type: "repair" })).toEqual({ ok: false, reason: "facilitator-only" });
    expect(await lead.client.send({ type: "repair" })).toEqual({ ok: true });
    const repaired = await stored();
    expect(isReadableSchema(boardMeta(repaired).get(BOARD_SCHEMA_KEY))).toBe(true);
    expect(boardRecords(repaired).has("shape:garbage")).toBe(false);
    expect(noteText(repaired, "kept")).toBe("Une carte à garder");
    expect(boardRecords(repaired).get(ZONE)).toBeDefined();
  });
});
