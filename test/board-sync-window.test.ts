// A client back after a cut (a restart, a failover) that edits at once sends its new edit before the
// offline edits it builds on, which come with its sync reply (y-websocket sends every edit as soon as
// it is made). Between its sync request and its sync reply, such an edit waits and is applied once the
// reply came; nothing else is given that grace: after the reply, or past its bounds, or from a socket
// that never asked to sync, an update building on the unknown closes its connection (1007) as before.
// (A client closed for what it sent sees its socket end 2 s after the close frame, decision 008: "at
// once" below means within 4 s, against 7 s for an edit left waiting until its 5 s run out.)
import WebSocket from "ws";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { boardRecords } from "../board-core/shared-doc.js";
import { encodeSyncStep1, encodeSyncStep2Update, encodeUpdate } from "../server/board/protocol.js";
import { noteText, putNote } from "./support/board-notes.js";
import { useBoardSession } from "./support/board-session.js";
import { originOf, until } from "./support/clients.js";
import { withinLimit } from "./support/wait.js";

describe("the first sync window of a connection", () => {
  const live = useBoardSession({ maxMessageBytes: 2 * 1024 * 1024 });

  /** A socket speaking raw frames for `cookie`; `closedWithin` says whether it closed, and how, in that time. */
  async function raw(cookie: string) {
    const url = `${live.server.wsBase}/${live.sessionId}`;
    const socket = new WebSocket(url, { headers: { Origin: originOf(url), Cookie: cookie } });
    socket.on("error", () => undefined);
    const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
    await withinLimit(new Promise((resolve) => socket.once("open", resolve)), "a raw socket to open");
    return {
      send: (frame: Uint8Array) => socket.send(frame),
      closed,
      closedWithin: (ms: number) =>
        Promise.race([closed.then((code) => `closed ${code}`), new Promise<string>((resolve) => setTimeout(() => resolve("open"), ms))]),
      close: () => socket.close(),
    };
  }

  /** A doc that holds the board as stored, as a client that was connected before the cut. */
  async function clientDoc(): Promise<Y.Doc> {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(await live.stored()));
    return doc;
  }

  /** An offline edit, then an edit that builds on it: the updates each made, in order. */
  function offlineThenNew(doc: Y.Doc, id: string): { offline: Uint8Array; next: Uint8Array; serverVector: Uint8Array } {
    const serverVector = Y.encodeStateVector(doc);
    putNote(doc, id, "écrit hors ligne");
    const afterOffline = Y.encodeStateVector(doc);
    putNote(doc, id, "puis modifié");
    return { offline: Y.encodeStateAsUpdate(doc, serverVector), next: Y.encodeStateAsUpdate(doc, afterOffline), serverVector };
  }

  it("applies an edit sent before the sync reply it builds on, once the reply came, without closing", async () => {
    await live.newSession();
    const watcher = await live.canvas(live.facilitator);
    const doc = await clientDoc();
    const { next, serverVector } = offlineThenNew(doc, "retour");
    const client = await raw(await live.participant("Awa"));
    client.send(encodeSyncStep1(doc));
    client.send(encodeUpdate(next)); // the new edit first...
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(noteText(watcher.doc, "retour")).toBeUndefined();
    client.send(encodeSyncStep2Update(Y.encodeStateAsUpdate(doc, serverVector))); // ...then the reply with the offline one
    await until(watcher.doc, () => noteText(watcher.doc, "retour") === "puis modifié");
    expect(await client.closedWithin(300)).toBe("open");
    expect(noteText(await live.stored(), "retour")).toBe("puis modifié");
    client.close();
  });

  it("closes the connection (1007) once its reply came without what the waiting edit builds on", async () => {
    await live.newSession();
    const doc = await clientDoc();
    const { next } = offlineThenNew(doc, "jamais");
    const client = await raw(await live.participant("Ben"));
    client.send(encodeSyncStep1(doc));
    client.send(encodeUpdate(next));
    // A reply that brings nothing (as if the client had nothing offline): the edit cannot be applied.
    client.send(encodeSyncStep2Update(Y.encodeStateAsUpdate(new Y.Doc())));
    expect(await client.closedWithin(4_000)).toBe("closed 1007");
    expect(boardRecords(await live.stored()).has("shape:jamais")).toBe(false);
  });

  it("closes the connection (1007) when the reply never comes, within a few seconds", async () => {
    await live.newSession();
    const doc = await clientDoc();
    const { next } = offlineThenNew(doc, "attente");
    const client = await raw(await live.participant("Chloé"));
    client.send(encodeSyncStep1(doc));
    client.send(encodeUpdate(next));
    expect(await client.closedWithin(500)).toBe("open");
    expect(await client.closedWithin(8_000)).toBe("closed 1007");
  });

  it("keeps at most 64 waiting edits: one more closes the connection at once", async () => {
    await live.newSession();
    const doc = await clientDoc();
    const client = await raw(await live.participant("Dan"));
    client.send(encodeSyncStep1(doc));
    putNote(doc, "base", "hors ligne");
    const edits: Uint8Array[] = [];
    for (let index = 0; index < 65; index++) {
      const before = Y.encodeStateVector(doc);
      putNote(doc, "base", `version ${index}`);
      edits.push(Y.encodeStateAsUpdate(doc, before));
    }
    for (const edit of edits) client.send(encodeUpdate(edit));
    expect(await client.closedWithin(4_000)).toBe("closed 1007");
  });

  it("gives no grace outside the window: no sync request, or after the reply", async () => {
    await live.newSession();
    const doc = await clientDoc();
    const { next } = offlineThenNew(doc, "hors-fenetre");
    const silent = await raw(await live.participant("Eva"));
    silent.send(encodeUpdate(next));
    expect(await silent.closedWithin(4_000)).toBe("closed 1007");

    const fresh = await clientDoc();
    const late = await raw(await live.participant("Fred"));
    late.send(encodeSyncStep1(fresh));
    late.send(encodeSyncStep2Update(Y.encodeStateAsUpdate(new Y.Doc())));
    await new Promise((resolve) => setTimeout(resolve, 100));
    // A second request does not open the window again.
    late.send(encodeSyncStep1(fresh));
    late.send(encodeUpdate(next));
    expect(await late.closedWithin(4_000)).toBe("closed 1007");
  });
});
