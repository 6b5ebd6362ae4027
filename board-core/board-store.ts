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
   * must hold exactly those; entries appended meanwhile stay. A big snapshot is written in parts
   * first, unused until one small transaction switches the board to it: a crash leaves the old
   * state or the new one, never a mix. The folded entries and the old parts are then deleted in
   * slices; it resolves once they are gone.
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

/**
 * Snapshots up to this size are written in one statement on the board row; bigger ones in parts of
 * this size (BoardSnapshotPart), one statement each, so that no single write of a grown board holds
 * the thread that relays edits (issue 19: 100-190 ms for an 8 MiB board in one UPDATE).
 */
export const SNAPSHOT_PART_BYTES = 256 * 1024;

/** Log entries deleted per statement once a compaction switched the board to its new snapshot. */
export const FOLDED_DELETE_BATCH = 1_000;

/** `snapshot` cut into the parts it is stored in (views, no copy); empty when it is stored whole. */
export function snapshotParts(snapshot: Uint8Array, partBytes = SNAPSHOT_PART_BYTES): Uint8Array[] {
  if (snapshot.byteLength <= partBytes) return [];
  const parts: Uint8Array[] = [];
  for (let start = 0; start < snapshot.byteLength; start += partBytes) {
    parts.push(snapshot.subarray(start, Math.min(start + partBytes, snapshot.byteLength)));
  }
  return parts;
}

/**
 * The snapshot of a board row: inline (`snapshotParts` 0) or the concatenation of its parts, which
 * must be exactly the `snapshotParts` of its generation, in order (anything else is a broken store).
 */
export function joinedSnapshot(board: { snapshot: Uint8Array | null; snapshotParts: number }, parts: { idx: number; data: Uint8Array }[]) {
  if (board.snapshotParts === 0) return board.snapshot;
  if (parts.length !== board.snapshotParts || parts.some((part, index) => part.idx !== index)) {
    throw new Error(`board snapshot: ${parts.length} of ${board.snapshotParts} parts found`);
  }
  const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.data.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part.data, offset);
    offset += part.data.byteLength;
  }
  return joined;
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
