import { noteShape } from "../board-core/cards.js";
import {
  CameraRecordType,
  TLINSTANCE_ID,
  TLPOINTER_ID,
  createShapeId,
  type TLInstancePresence,
  type TLNoteShape,
  type TLStore,
} from "@tldraw/tlschema";
import { afterEach, describe, expect, it } from "vitest";
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from "y-protocols/awareness";
import * as Y from "yjs";
import { PRESENCE_FIELD, bindPresence, presenceUserId, type PresenceUser } from "../board-core/presence";
import { boardRecords } from "../board-core/shared-doc";
import { createInitialBoardUpdate, zoneFrameShapeId } from "../board-core/template-layout";
import { createBoardStore } from "../app/board/tldraw-store";
import { bindStoreToYDoc } from "../app/board/yjs-binding";
import { oneZoneTemplate } from "./support/templates.js";
import { WAIT_LIMIT_MS, withinLimit } from "./support/wait.js";

const template = oneZoneTemplate("atelier-curseurs", "Atelier des curseurs");

const alice: PresenceUser = { id: "participant-alice", name: "Alice", color: "#d9480f" };
const bob: PresenceUser = { id: "participant-bob", name: "Bob", color: "#1971c2" };

/** Origin of updates relayed between test peers, standing in for the WebSocket provider. */
const RELAY = Symbol("relay");
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

interface Browser {
  doc: Y.Doc;
  awareness: Awareness;
  store: TLStore;
}

/** Two browsers in the same room: their docs and their awareness exchange every update. */
function twoBrowsers(): [Browser, Browser] {
  const initial = createInitialBoardUpdate(template);
  const browsers = [0, 1].map((): Browser => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, initial, RELAY);
    const awareness = new Awareness(doc);
    const store = createBoardStore();
    const unbind = bindStoreToYDoc(store, doc);
    cleanups.push(() => {
      unbind();
      store.dispose();
      awareness.destroy();
      doc.destroy();
    });
    return { doc, awareness, store };
  }) as [Browser, Browser];
  const [a, b] = browsers;
  relayDoc(a.doc, b.doc);
  relayDoc(b.doc, a.doc);
  relayAwareness(a.awareness, b.awareness);
  relayAwareness(b.awareness, a.awareness);
  return browsers;
}

function relayDoc(from: Y.Doc, to: Y.Doc): void {
  from.on("update", (update: Uint8Array, origin: unknown) => {
    if (origin !== RELAY) Y.applyUpdate(to, update, RELAY);
  });
}

function relayAwareness(from: Awareness, to: Awareness): void {
  from.on("update", (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    if (origin === RELAY) return;
    const clients = [...changes.added, ...changes.updated, ...changes.removed];
    applyAwarenessUpdate(to, encodeAwarenessUpdate(from, clients), RELAY);
  });
}

function joinPresence(browser: Browser, user: PresenceUser, options?: Parameters<typeof bindPresence>[3]) {
  const unbind = bindPresence(browser.store, browser.awareness, user, options);
  cleanups.unshift(unbind);
  return unbind;
}

/** What the editor does when the mouse moves over the canvas and the view is panned. */
function movePointer(store: TLStore, x: number, y: number): void {
  const pointer = store.get(TLPOINTER_ID)!;
  const cameraId = CameraRecordType.createId(store.get(TLINSTANCE_ID)!.currentPageId);
  store.put([
    { ...pointer, x, y, lastActivityTimestamp: Date.now() },
    { ...store.get(cameraId)!, x: -x / 2, y: -y / 2, z: 0.5 },
  ]);
}

function presences(store: TLStore): TLInstancePresence[] {
  return store.allRecords().filter((record): record is TLInstancePresence => record.typeName === "instance_presence");
}

function presenceOf(store: TLStore, user: PresenceUser): TLInstancePresence | undefined {
  return presences(store).find((presence) => presence.userId === presenceUserId(user));
}

/** Resolves once Alice's board shows Bob's presence and Bob's board shows Alice's. */
async function seeEachOther(a: Browser, b: Browser): Promise<void> {
  await until(b.awareness, () => presenceOf(b.store, alice) !== undefined);
  await until(a.awareness, () => presenceOf(a.store, bob) !== undefined);
}

/** How many times this browser has published its own awareness state since the call. */
function countPublished(awareness: Awareness): () => number {
  let published = 0;
  awareness.on("update", (_changes: unknown, origin: unknown) => {
    if (origin !== RELAY) published++;
  });
  return () => published;
}

/** A browser's animation frames, run when the test says so. */
function fakeAnimationFrames() {
  const original = { request: globalThis.requestAnimationFrame, cancel: globalThis.cancelAnimationFrame };
  const callbacks = new Map<number, FrameRequestCallback>();
  let lastHandle = 0;
  globalThis.requestAnimationFrame = (callback) => {
    callbacks.set(++lastHandle, callback);
    return lastHandle;
  };
  globalThis.cancelAnimationFrame = (handle) => void callbacks.delete(handle);
  cleanups.push(() => {
    globalThis.requestAnimationFrame = original.request;
    globalThis.cancelAnimationFrame = original.cancel;
  });
  return {
    /** Runs frames until none is requested; returns how many ran. Fails if they never stop. */
    settle(): number {
      let ran = 0;
      while (callbacks.size > 0) {
        if (++ran > 20) throw new Error("animation frames keep being requested");
        const due = [...callbacks.values()];
        callbacks.clear();
        for (const callback of due) callback(ran * 16);
      }
      return ran;
    },
  };
}

/** Resolves once `condition` holds, checked after each awareness change this browser receives. */
function until(awareness: Awareness, condition: () => boolean): Promise<void> {
  let check: (() => void) | undefined;
  const met = new Promise<void>((resolve) => {
    if (condition()) return resolve();
    check = () => {
      if (!condition()) return;
      awareness.off("change", check!);
      resolve();
    };
    awareness.on("change", check);
  });
  return withinLimit(
    met,
    `presence where ${condition.toString().slice(0, 120)}`,
    WAIT_LIMIT_MS,
    () => check && awareness.off("change", check),
  );
}

describe("participants see each other's cursors on the board", () => {
  it("shows Alice's cursor, with her name, on Bob's board when she moves her mouse", async () => {
    const [a, b] = twoBrowsers();
    joinPresence(a, alice);
    joinPresence(b, bob);

    movePointer(a.store, 320, 140);
    await until(b.awareness, () => presenceOf(b.store, alice)?.cursor?.x === 320);

    const seen = presenceOf(b.store, alice)!;
    expect(seen).toMatchObject({
      userName: "Alice",
      color: alice.color,
      cursor: { x: 320, y: 140 },
      camera: { x: -160, y: -70, z: 0.5 },
      currentPageId: a.store.get(TLINSTANCE_ID)!.currentPageId,
    });
    expect(seen.screenBounds).not.toBeNull();
    expect(presenceOf(a.store, bob)).toMatchObject({ userName: "Bob" });
    // Nobody sees their own cursor as someone else's.
    expect(presenceOf(a.store, alice)).toBeUndefined();
    expect(presenceOf(b.store, bob)).toBeUndefined();
  });

  it("sends one awareness update per animation frame, however often the mouse moves", () => {
    const frames = fakeAnimationFrames();
    const [a, b] = twoBrowsers();
    joinPresence(a, alice);
    joinPresence(b, bob);
    frames.settle();
    const published = countPublished(a.awareness);

    movePointer(a.store, 10, 10);
    movePointer(a.store, 20, 20);
    movePointer(a.store, 30, 30);
    expect(published()).toBe(0);
    expect(frames.settle()).toBeGreaterThan(0);
    expect(published()).toBe(1);
    expect(presenceOf(b.store, alice)?.cursor).toMatchObject({ x: 30, y: 30 });
  });

  it("does not make Alice's board re-send her presence when Bob's cursor moves", () => {
    const frames = fakeAnimationFrames();
    const [a, b] = twoBrowsers();
    joinPresence(a, alice);
    joinPresence(b, bob);
    frames.settle();
    const published = countPublished(a.awareness);

    movePointer(b.store, 75, 25);
    frames.settle();
    expect(presenceOf(a.store, bob)?.cursor).toMatchObject({ x: 75, y: 25 });
    expect(published()).toBe(0);
  });

  it("removes Alice's cursor from Bob's board when she leaves the room", async () => {
    const [a, b] = twoBrowsers();
    joinPresence(a, alice);
    joinPresence(b, bob);
    await seeEachOther(a, b);

    const left = until(b.awareness, () => presenceOf(b.store, alice) === undefined);
    removeAwarenessStates(a.awareness, [a.awareness.clientID], "window closed");
    await left;
    expect(presences(b.store)).toEqual([]);
  });

  it("withdraws the presence and removes the cursors it drew when unbound", async () => {
    const [a, b] = twoBrowsers();
    const unbindAlice = joinPresence(a, alice);
    const unbindBob = joinPresence(b, bob);
    await seeEachOther(a, b);

    const gone = until(b.awareness, () => presenceOf(b.store, alice) === undefined);
    unbindAlice();
    await gone;
    expect(a.awareness.getLocalState()).not.toHaveProperty(PRESENCE_FIELD);
    expect(presences(a.store)).toEqual([]);

    unbindBob();
    movePointer(a.store, 50, 50); // nothing is published any more: no pending frame may throw
    expect(presences(b.store)).toEqual([]);
  });

  it("skips a malformed presence from another client without throwing, and keeps the others", async () => {
    const [a, b] = twoBrowsers();
    joinPresence(a, alice);
    const rejected: unknown[] = [];
    joinPresence(b, bob, { onRejectedPresence: (_client, presence) => rejected.push(presence) });
    await seeEachOther(a, b);

    const stranger = new Awareness(new Y.Doc());
    cleanups.push(() => stranger.doc.destroy());
    const valid = b.awareness.getStates().get(a.awareness.clientID)?.[PRESENCE_FIELD] as TLInstancePresence;
    const malformed = { ...valid, userName: "Intrus", cursor: { x: "partout" } };
    stranger.setLocalStateField(PRESENCE_FIELD, malformed);
    expect(() => applyAwarenessUpdate(b.awareness, encodeAwarenessUpdate(stranger, [stranger.clientID]), RELAY)).not.toThrow();
    stranger.setLocalStateField(PRESENCE_FIELD, "not a presence");
    expect(() => applyAwarenessUpdate(b.awareness, encodeAwarenessUpdate(stranger, [stranger.clientID]), RELAY)).not.toThrow();

    expect(rejected).toEqual([malformed, "not a presence"]);
    expect(presences(b.store).map((presence) => presence.userName)).toEqual(["Alice"]);
  });
});

describe("presence and the shared board", () => {
  it("never writes a cursor into the room's doc, while sticky notes still go through it", async () => {
    const [a, b] = twoBrowsers();
    joinPresence(a, alice);
    joinPresence(b, bob);
    const note = stickyNote("note-curseur", "Une idée");
    const noteSent = new Promise<void>((resolve) => a.doc.once("update", () => resolve()));
    a.store.put([note]);
    await noteSent;
    expect(b.store.get(note.id)).toBeDefined();

    const docBefore = Y.encodeStateVector(a.doc);
    movePointer(a.store, 400, 200);
    movePointer(b.store, 90, 60);
    await until(b.awareness, () => presenceOf(b.store, alice)?.cursor?.x === 400);
    await until(a.awareness, () => presenceOf(a.store, bob)?.cursor?.x === 90);
    a.store._flushHistory();
    b.store._flushHistory();

    expect(Y.encodeStateVector(a.doc)).toEqual(docBefore);
    for (const doc of [a.doc, b.doc]) {
      const shared = [...boardRecords(doc).values()];
      expect(shared.map((record) => record.id)).toContain(note.id);
      expect(shared.filter((record) => record.typeName === "instance_presence")).toEqual([]);
    }
    expect(a.store.schema.types.instance_presence.scope).toBe("presence");
  });
});

function stickyNote(id: string, text: string): TLNoteShape {
  return noteShape({ id: createShapeId(id), parentId: zoneFrameShapeId("idees", "boite"), x: 30, y: 30, text });
}
