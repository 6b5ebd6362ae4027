import { CLOSE_REMOVED } from "../../board-core/close-codes.js";
import type { BoardConnection, Room } from "./room.js";

/** Close code for a person the facilitator removed: their client stops reconnecting and says so. */
export const CLOSE_REMOVED_CODE = CLOSE_REMOVED;

export interface ConnectionRefusal {
  code: number;
  reason: string;
}

/** How long a removal is remembered here, to refuse an upgrade authorised just before the token was revoked. */
const REMOVAL_MEMORY_MS = 60_000;

/**
 * Who holds which connections, per session: one participant token opens at most a few at once
 * (tabs, a phone and a laptop), and the facilitator can close all of one person's at once.
 * Owned by the RoomRegistry; the connection's person is the one the upgrade authenticated.
 */
export class PersonConnections {
  private readonly bySession = new Map<string, Map<string, Map<BoardConnection, Room>>>();
  private readonly removed = new Map<string, { until: number; reason: string }>();

  constructor(private readonly maxPerParticipant: number) {}

  /** Why `connection` may not join `sessionId` now, or null. Facilitators have no connection limit. */
  refusal(sessionId: string, connection: BoardConnection): ConnectionRefusal | null {
    const person = connection.person;
    if (!person) return null;
    const removal = this.removed.get(removalKey(sessionId, person.key));
    if (removal && removal.until > Date.now()) return { code: CLOSE_REMOVED_CODE, reason: removal.reason };
    if (person.role !== "participant") return null;
    const open = this.bySession.get(sessionId)?.get(person.key)?.size ?? 0;
    if (open >= this.maxPerParticipant) {
      return { code: 1013, reason: `déjà ouvert sur ${this.maxPerParticipant} écrans : fermez-en un` };
    }
    return null;
  }

  add(room: Room, connection: BoardConnection): void {
    const key = connection.person?.key;
    if (!key) return;
    let people = this.bySession.get(room.sessionId);
    if (!people) this.bySession.set(room.sessionId, (people = new Map()));
    let connections = people.get(key);
    if (!connections) people.set(key, (connections = new Map()));
    connections.set(connection, room);
  }

  remove(sessionId: string, connection: BoardConnection): void {
    const key = connection.person?.key;
    const people = this.bySession.get(sessionId);
    const connections = key ? people?.get(key) : undefined;
    if (!key || !people || !connections?.delete(connection)) return;
    if (connections.size === 0) people.delete(key);
    if (people.size === 0) this.bySession.delete(sessionId);
  }

  /** Forgets and returns every connection of one person, and refuses them for a while. */
  takeAll(sessionId: string, personKey: string, reason: string): [BoardConnection, Room][] {
    this.forgetOldRemovals();
    this.removed.set(removalKey(sessionId, personKey), { until: Date.now() + REMOVAL_MEMORY_MS, reason });
    const connections = this.bySession.get(sessionId)?.get(personKey);
    return connections ? [...connections] : [];
  }

  counts(sessionId: string): Map<string, number> {
    const counts = new Map<string, number>();
    for (const [key, connections] of this.bySession.get(sessionId) ?? []) counts.set(key, connections.size);
    return counts;
  }

  private forgetOldRemovals(): void {
    const now = Date.now();
    for (const [key, removal] of this.removed) if (removal.until <= now) this.removed.delete(key);
  }
}

function removalKey(sessionId: string, personKey: string): string {
  return `${sessionId}\n${personKey}`;
}
