// What the app expects from the process that hosts it (server/load-context.ts builds it): the
// database, the live boards, the joining and sign-in limits. Types only: the app never imports server/.
import type { Db } from "../../prisma/db.js";
import type { SignInLimits } from "../auth/sign-in-limits.server.js";
import type { JoinLimiter } from "../sessions/join-limits.server.js";

/** What the pages may do to the live boards (implemented by server/board/room-registry.ts). */
export interface LiveBoards {
  /** Closes every open connection of one person to a session's board, at once; returns how many. */
  disconnectPerson(sessionId: string, personKey: string, reason: string): number;
  /**
   * Open connections per person key on a session's board (empty when the board is not loaded); a
   * promise when the board may be held by another node (several nodes, docs/decisions/023).
   */
  connectedPeople(sessionId: string): Map<string, number> | Promise<Map<string, number>>;
  /**
   * Removes every record one person (`personKey`, e.g. `participant:<id>`) wrote on a session's
   * board, live for everyone connected or on the stored board, and compacts its log so that their
   * text is in no BoardUpdate row nor the snapshot; their hidden cards and ballots go too. Returns
   * how many records; 0 when the session has no board.
   */
  eraseAuthor(sessionId: string, personKey: string): Promise<number>;
  /**
   * Closes every connection to a session's board (close code 4410, clients stop reconnecting),
   * waits for pending writes and unloads it: its rows can then be deleted. Connections to it are
   * refused for ten minutes after.
   */
  forgetBoard(sessionId: string): Promise<void>;
}

/** Who may join, and how often one may try (app/sessions/join-limits.server.ts). */
export interface Joining {
  limiter: JoinLimiter;
  /** Participants of a session without a capacity of its own. */
  maxParticipants: number;
}

/** What every loader and action receives besides the request. */
export interface AppContext {
  db: Db;
  tldrawLicenseKey: string | null;
  /** PUBLIC_ORIGIN: passkeys' host name and sign-in links' address; absent or null: the request's own origin. */
  publicOrigin?: string | null;
  /** The server's secret sealing the badges' signing keys (SIGNING_SECRET or its file), read on first need. */
  signingSecret?: () => Promise<string>;
  /** The client's address (the forwarded one only from a proxy named in TRUST_PROXY): keys per-client limits. */
  clientIp?: string;
  /** This request's Content-Security-Policy nonce, for Remix's inline scripts (server/http/security-headers.ts). */
  cspNonce?: string;
  /** Absent in tests that call a route directly: defaults apply (app/sessions/join.server.ts). */
  joining?: Joining;
  /** The sign-in throttles, in memory or shared by the nodes; absent in tests that call a route directly (app/auth/sign-in-limits.server.ts). */
  signInLimits?: SignInLimits;
  /** Set by server/index.ts once the board server exists; absent in tests that call a route directly. */
  boards?: LiveBoards;
  /** Logs a page's failure through the server's logger (server/log.ts): its kind and place, not its text. */
  logError?: (error: unknown) => void;
}

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- Remix's type is widened by augmentation
  interface AppLoadContext extends AppContext {}
  interface Future {
    v3_singleFetch: true;
  }
}
