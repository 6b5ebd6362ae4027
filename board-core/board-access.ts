// Who the server authenticated on a board: decided by the app (app/auth/auth.server.ts, from the
// cookie and the session), acted on by the board server (server/board/board-socket.ts).

/**
 * Where a participant token stands: it opens the session ("active"), or waits to be let in, or was
 * removed or turned away by the facilitator (revoked), or has expired with the session.
 */
export type ParticipantStanding = "active" | "waiting" | "removed" | "turned-away" | "ended";

/** `personKey` is stable across a person's tabs and devices in a session, and never shown to others. */
export type BoardAccess =
  | { role: "facilitator"; displayName: string; personKey: string }
  | { role: "participant"; displayName: string; personKey: string }
  | { role: "none" }
  | { role: "forbidden" }
  /** A participant token that opens nothing (now): waiting room, removed, turned away, expired. */
  | { role: "refused"; why: Exclude<ParticipantStanding, "active"> };

/**
 * The stored row behind a participant token, with its session's start. The board server reads it
 * through its own connection (server/board/board-store.ts), since every upgrade of a join storm
 * asks; `undefined`: that connection could not tell (an error, a date it cannot read), ask Prisma.
 */
export interface ParticipantTokenRow {
  id: string;
  displayName: string;
  waitingSince: Date | null;
  revokedAt: Date | null;
  sessionStartsAt: Date;
}
export type FindParticipantToken = (sessionId: string, tokenHash: string) => Promise<ParticipantTokenRow | null | undefined>;
