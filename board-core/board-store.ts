// The stored form of a board, shared by the board server (server/board/board-store*.ts, its writer)
// and the pages that read a board (app/board/stored-board.server.ts): an append-only log of Yjs
// updates after a compacted snapshot, with the facilitator's controls as JSON.

/** What a room needs from the database: the append-only update log and its compacted snapshot. */
export interface BoardStore {
  /** The board of a session, with its snapshot and every log entry after it, in order. */
  load(sessionId: string): Promise<LoadedBoard | null>;
  /** Writes a batch of updates in one statement; resolves once they are durable. */
  append(boardId: string, updates: Uint8Array[]): Promise<void>;
  /**
   * Replaces the current snapshot and the first `entries` log entries after it with `snapshot`, which
   * must hold exactly those; entries appended meanwhile stay. One transaction: a crash leaves either.
   */
  compact(boardId: string, snapshot: Uint8Array, entries: number): Promise<{ removed: number }>;
  /** Stores the facilitator's controls (phase, timer, vote…) as JSON; resolves once durable. */
  saveFacilitation(boardId: string, state: unknown): Promise<void>;
  /** Whether the facilitator has closed the session (its participants may no longer change their cards). */
  sessionClosed(sessionId: string): Promise<boolean>;
  /**
   * Keeps who wrote the cards of an anonymous step (HiddenAuthorship rows), out of the board; resolves
   * once durable. Called before the cards are written, so a stored card never lacks its row.
   */
  keepHiddenAuthors(boardId: string, rows: { recordId: string; authorKey: string }[]): Promise<void>;
  /** Drops the server-only authorship rows (HiddenAuthorship) of records that left the board. */
  forgetHiddenAuthors(boardId: string, recordIds: string[]): Promise<void>;
}

export interface LoadedBoard {
  boardId: string;
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
  /** The session's phases, as stored with the session (unparsed JSON). */
  agenda: unknown;
  /** The facilitator's controls as last stored, or null (unparsed JSON). */
  facilitation: unknown;
  /**
   * Who wrote the cards of anonymous steps (HiddenAuthorship rows: record id → author key), known to
   * the server alone: never in the doc, so that the author can still withdraw them.
   */
  hiddenAuthors: Map<string, string>;
}

/** A board as loaded, from its row and its log entries (every store builds it the same way). */
export function loadedBoard(
  board: { id: string; snapshot: Uint8Array | null; agenda: unknown; facilitation: unknown },
  entries: { data: Uint8Array }[],
  hidden: { recordId: string; authorKey: string }[] = [],
): LoadedBoard {
  return {
    hiddenAuthors: new Map(hidden.map((row) => [row.recordId, row.authorKey])),
    boardId: board.id,
    agenda: board.agenda,
    facilitation: board.facilitation ?? null,
    snapshot: board.snapshot ? new Uint8Array(board.snapshot) : null,
    updates: entries.map((entry) => new Uint8Array(entry.data)),
  };
}
