// Live cursors and "follow me". Each browser publishes its tldraw presence (cursor, camera, screen
// bounds, selection, name) in the room's Yjs awareness, which is ephemeral and never stored, and
// shows everyone else's as `instance_presence` records: the editor draws those as named cursors and
// follows or zooms to them. Nothing here touches the shared doc. Written against the store and
// state APIs only, so it runs in Node without a DOM.
import { atom, react } from "@tldraw/state";
import {
  InstancePresenceRecordType,
  UserRecordType,
  createPresenceStateDerivation,
  createUserId,
  type TLInstancePresence,
  type TLInstancePresenceID,
  type TLStore,
  type TLUserId,
} from "@tldraw/tlschema";
import type { Awareness } from "y-protocols/awareness";

/** Awareness field holding a client's tldraw presence (a `TLInstancePresence`, or null). */
export const PRESENCE_FIELD = "presence";

export interface PresenceUser {
  /** Stable id of the participant in our app (not prefixed with `user:`). */
  id: string;
  /** Shown next to the cursor: the participant's first name. */
  name: string;
  /** CSS colour of the cursor. */
  color: string;
}

export interface PresenceOptions {
  /**
   * Called with another client's presence that fails validation; it is left out of the store.
   * Silent by default: presence arrives many times a second, a faulty peer would flood the console.
   */
  onRejectedPresence?: (clientId: number, presence: unknown, error: unknown) => void;
}

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}

/** The tldraw user id (for `editor.startFollowingUser` / `editor.zoomToUser`) of `user`'s presence. */
export function presenceUserId(user: PresenceUser): TLUserId {
  return createUserId(user.id);
}

/**
 * Publishes this browser's tldraw presence into the awareness field {@link PRESENCE_FIELD} (at most
 * once per animation frame), and mirrors every other client's valid presence into the store as an
 * `instance_presence` record, through `store.mergeRemoteChanges`. Bind it after the doc binding
 * (`bindStoreToYDoc`), once the store holds the board. Returns the function that unbinds: it removes
 * the records it created and withdraws this browser's presence from the awareness.
 */
export function bindPresence(store: TLStore, awareness: Awareness, user: PresenceUser, options: PresenceOptions = {}): () => void {
  const onRejected = options.onRejectedPresence ?? (() => undefined);
  const $user = atom("board presence user", UserRecordType.create({ id: presenceUserId(user), name: user.name, color: user.color }));
  const $presence = createPresenceStateDerivation($user)(store);
  const frame = frameThrottle();
  // The derivation also recomputes, to an equal value, when remote presence is merged into the
  // store: publishing that again would make every cursor move re-broadcast everyone's presence.
  let published = "";
  const stopPublishing = react(
    "publish board presence",
    () => {
      const presence = $presence.get();
      const serialized = JSON.stringify(presence);
      if (serialized === published) return;
      published = serialized;
      awareness.setLocalStateField(PRESENCE_FIELD, presence);
    },
    { scheduleEffect: frame.schedule },
  );

  /** Per remote client: the record it has in the store, and when it was last seen active. */
  const mirrored = new Map<number, { id: TLInstancePresenceID; sentActivity: number | null; seenActivity: number | null }>();

  const mirror = (clientIds: number[], removedIds: number[]) => {
    const toPut: TLInstancePresence[] = [];
    const toRemove: TLInstancePresenceID[] = [];
    const forget = (clientId: number) => {
      const known = mirrored.get(clientId);
      if (!known) return;
      mirrored.delete(clientId);
      if (store.has(known.id)) toRemove.push(known.id);
    };
    for (const clientId of clientIds) {
      if (clientId === awareness.clientID) continue;
      const sent: unknown = awareness.getStates().get(clientId)?.[PRESENCE_FIELD];
      const record = sent == null ? null : validPresence(store, clientId, sent, onRejected);
      if (!record) {
        forget(clientId);
        continue;
      }
      // Peers' clocks differ: an activity stamp from a clock running late would make the editor
      // hide their cursor as inactive. Keep the moment *we* saw them become active instead.
      const known = mirrored.get(clientId);
      const seenActivity =
        known && known.sentActivity === record.lastActivityTimestamp
          ? known.seenActivity
          : record.lastActivityTimestamp
            ? Date.now()
            : record.lastActivityTimestamp;
      mirrored.set(clientId, { id: record.id, sentActivity: record.lastActivityTimestamp, seenActivity });
      toPut.push({ ...record, lastActivityTimestamp: seenActivity });
    }
    for (const clientId of removedIds) forget(clientId);
    if (toPut.length === 0 && toRemove.length === 0) return;
    store.mergeRemoteChanges(() => {
      if (toRemove.length > 0) store.remove(toRemove);
      if (toPut.length > 0) store.put(toPut);
    });
  };

  const onChange = ({ added, updated, removed }: AwarenessChanges) => mirror([...added, ...updated], removed);
  awareness.on("change", onChange);
  mirror([...awareness.getStates().keys()], []);

  return () => {
    stopPublishing();
    frame.cancel();
    awareness.off("change", onChange);
    mirror([], [...mirrored.keys()]);
    const local = awareness.getLocalState();
    if (local && PRESENCE_FIELD in local) {
      const { [PRESENCE_FIELD]: _withdrawn, ...rest } = local;
      awareness.setLocalState(rest);
    }
  };
}

/**
 * The record for another client's presence, under an id derived from its awareness client id (so a
 * client can neither overwrite nor remove someone else's cursor), or null when it is not valid.
 */
function validPresence(
  store: TLStore,
  clientId: number,
  sent: unknown,
  onRejected: NonNullable<PresenceOptions["onRejectedPresence"]>,
): TLInstancePresence | null {
  if (typeof sent !== "object" || sent === null || Array.isArray(sent)) {
    onRejected(clientId, sent, new TypeError("presence is not an object"));
    return null;
  }
  const id = InstancePresenceRecordType.createId(String(clientId));
  const existing = store.get(id) ?? null;
  try {
    const record = { ...sent, id, typeName: "instance_presence" } as TLInstancePresence;
    return store.schema.validateRecord(store, record, existing ? "updateRecord" : "createRecord", existing) as TLInstancePresence;
  } catch (error) {
    onRejected(clientId, sent, error);
    return null;
  }
}

/**
 * Runs the latest scheduled effect once per animation frame in a browser; elsewhere (Node, tests)
 * once the current task's synchronous changes are done.
 */
function frameThrottle() {
  let pending: (() => void) | null = null;
  let cancelFrame: (() => void) | null = null;
  const run = () => {
    cancelFrame = null;
    const effect = pending;
    pending = null;
    effect?.();
  };
  return {
    schedule(effect: () => void) {
      pending = effect;
      cancelFrame ??= requestFrame(run);
    },
    cancel() {
      cancelFrame?.();
      cancelFrame = null;
      pending = null;
    },
  };
}

function requestFrame(callback: () => void): () => void {
  if (typeof requestAnimationFrame === "function") {
    const handle = requestAnimationFrame(() => callback());
    return () => cancelAnimationFrame(handle);
  }
  let cancelled = false;
  queueMicrotask(() => {
    if (!cancelled) callback();
  });
  return () => {
    cancelled = true;
  };
}
