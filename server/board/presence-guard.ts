// Presence is who the server says it is (issue 12, point 9). A connection's awareness update is
// decoded entry by entry (y-protocols: count, then clientID, clock and a JSON state per entry) and
// re-encoded by the server: the name, colour and user id of a cursor, and the role beside them,
// come from the identity authenticated at the upgrade, whatever the state said; and a connection
// may only announce or withdraw the awareness client ids it owns.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { createUserId } from "@tldraw/tlschema";
import { presenceIdentity } from "../../board-core/presence-identity.server.js";
import { PRESENCE_FIELD, type PresenceUser } from "../../board-core/presence.js";
import type { BoardPerson } from "../../board-core/facilitation-state.js";
import { ProtocolError } from "./protocol.js";

/** Awareness client ids one connection may speak for: a tab has one; a few cover reloads. */
export const DEFAULT_MAX_PRESENCE_IDS = 4;

/** The fields of a tldraw `instance_presence` a browser publishes; anything else is dropped. */
const PRESENCE_KEYS = new Set([
  "typeName",
  "id",
  "lastActivityTimestamp",
  "followingUserId",
  "cursor",
  "camera",
  "screenBounds",
  "selectedShapeIds",
  "currentPageId",
  "brush",
  "scribbles",
  "chatMessage",
]);

interface Owner {
  connection: unknown;
  personKey: string;
}

export class PresenceGuard {
  private readonly owners = new Map<number, Owner>();
  private readonly owned = new Map<unknown, Set<number>>();
  private readonly identities = new Map<string, PresenceUser>();

  constructor(
    private readonly sessionId: string,
    /** The server's own awareness client id, which no connection may claim. */
    private readonly serverClientId: number,
    private readonly maxIdsPerConnection = DEFAULT_MAX_PRESENCE_IDS,
  ) {}

  /** The person key of whoever announced `clientId` in presence (a browser writes the board with the same id). */
  ownerOf(clientId: number): string | undefined {
    return this.owners.get(clientId)?.personKey;
  }

  /**
   * The update to apply on behalf of `connection`: its own entries, each state rewritten with the
   * person's identity; null when nothing is left. Throws ProtocolError when the update is unreadable.
   */
  filter(
    connection: unknown,
    person: BoardPerson,
    update: Uint8Array,
    /** During an anonymous step a participant's cursor, camera and selection are not relayed (issue 15.5). */
    hideCursor = false,
  ): { update: Uint8Array | null; refused: number } {
    const entries = decodeEntries(update);
    const kept: Entry[] = [];
    let refused = 0;
    for (const entry of entries) {
      if (!this.mayWrite(connection, person, entry)) {
        refused += 1;
        continue;
      }
      if (entry.state === null) {
        // Withdrawn by its owner: the id is free again (and no longer counts against the cap).
        this.owned.get(connection)?.delete(entry.clientId);
        this.owners.delete(entry.clientId);
        kept.push(entry);
      } else kept.push({ ...entry, state: this.withIdentity(person, entry.state, hideCursor) });
    }
    return { update: kept.length > 0 ? encodeEntries(kept) : null, refused };
  }

  /** A hash per presence message would be most of its cost: identities are kept per person. */
  private identityOf(person: BoardPerson): PresenceUser {
    const known = this.identities.get(person.key);
    if (known && known.name === person.name) return known;
    const identity = presenceIdentity(this.sessionId, person.key, person.name);
    this.identities.set(person.key, identity);
    return identity;
  }

  /** The awareness client ids announced by connections that `test` picks (ownership unchanged). */
  clientIdsWhere(test: (connection: unknown) => boolean): number[] {
    const ids: number[] = [];
    for (const [connection, owned] of this.owned) if (test(connection)) ids.push(...owned);
    return ids;
  }

  /** The ids a leaving connection owned, now free; their states are to be removed. */
  release(connection: unknown): number[] {
    const ids = [...(this.owned.get(connection) ?? [])];
    this.owned.delete(connection);
    for (const id of ids) this.owners.delete(id);
    return ids;
  }

  private mayWrite(connection: unknown, person: BoardPerson, entry: Entry): boolean {
    const owner = this.owners.get(entry.clientId);
    if (owner?.connection === connection) return true;
    // A reconnecting tab keeps its client id while the server may not yet have seen its old socket
    // go: the same person may take the id over. Anyone else's is refused, to write or to remove.
    if (owner && owner.personKey !== person.key) return false;
    if (entry.state === null || entry.clientId === this.serverClientId) return false;
    const mine = this.owned.get(connection) ?? new Set<number>();
    if (mine.size >= this.maxIdsPerConnection) return false;
    if (owner) this.owned.get(owner.connection)?.delete(entry.clientId);
    mine.add(entry.clientId);
    this.owned.set(connection, mine);
    this.owners.set(entry.clientId, { connection, personKey: person.key });
    return true;
  }

  /** The state the others receive: the tldraw presence, with the server's identity, and nothing else. */
  private withIdentity(person: BoardPerson, state: unknown, hideCursor: boolean): Record<string, unknown> {
    const identity = this.identityOf(person);
    const sent = isPlainObject(state) && !hideCursor ? state[PRESENCE_FIELD] : undefined;
    const presence: Record<string, unknown> | null = isPlainObject(sent) ? {} : null;
    if (presence && isPlainObject(sent)) {
      for (const [key, value] of Object.entries(sent)) if (PRESENCE_KEYS.has(key)) presence[key] = value;
      Object.assign(presence, { userId: createUserId(identity.id), userName: identity.name, color: identity.color, meta: {} });
    }
    return {
      [PRESENCE_FIELD]: presence,
      user: { id: identity.id, name: identity.name, color: identity.color, role: person.role },
    };
  }
}

interface Entry {
  clientId: number;
  clock: number;
  state: unknown;
}

function decodeEntries(update: Uint8Array): Entry[] {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const entries: Entry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      entries.push({ clientId, clock, state: JSON.parse(decoding.readVarString(decoder)) });
    }
    if (decoding.hasContent(decoder)) throw new ProtocolError("trailing bytes in presence");
    return entries;
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError("unreadable presence");
  }
}

function encodeEntries(entries: Entry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encoding.toUint8Array(encoder);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
