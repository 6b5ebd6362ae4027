// The cards of a session's board as stored (every edit is stored before anyone sees it), grouped
// by the agenda's zones, for the facilitator's closing view and the session report.
import type { TLNoteShape, TLRecord } from "@tldraw/tlschema";
import * as Y from "yjs";
import type { Db } from "../../prisma/db.js";
import { createPrismaBoardStore } from "../board/stored-board.server.js";
import { authorKeyOf } from "../../board-core/authorship.server.js";
import { boardAgenda } from "../../board-core/agenda.js";
import { plainText, zoneNotes } from "../../board-core/cards.js";
import { boardAuthors, boardRecords, type RecordAuthor } from "../../board-core/shared-doc.js";
import { t } from "../i18n/index.js";

export interface ZoneWithCards {
  frameId: string;
  label: string;
  phaseTitle: string;
  /** The dimension of the diagnostic the zone feeds, when its template says so. */
  dimension: string | null;
  /**
   * `author`: the name the board's ledger filed the card under (null when anonymous or written by the
   * facilitation); `authorParticipantId`: the participant of the session who wrote it, when known;
   * `votes`: the count of the badge a closed vote left on the card (0 when none); `anonymous`: written in an
   * anonymous step (or revealed without names), so it is proposed to nobody.
   */
  cards: { id: string; text: string; author: string | null; authorParticipantId: string | null; votes: number; anonymous: boolean }[];
}

/** Who wrote a card, as the board server recorded it (never the card's own fields). */
export type CardAuthorOf = (recordId: string) => { name: string; participantId: string | null } | undefined;

interface StoredBoard {
  boardId: string | null;
  records: TLRecord[];
  authors: Map<string, RecordAuthor>;
}

/** The session's stored board: its records and its authorship ledger (empty when it has no board). */
async function loadBoard(db: Db, sessionId: string): Promise<StoredBoard> {
  const stored = await createPrismaBoardStore(db).load(sessionId);
  if (!stored) return { boardId: null, records: [], authors: new Map() };
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      for (const update of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) Y.applyUpdate(doc, update);
    });
    return { boardId: stored.boardId, records: [...boardRecords(doc).values()], authors: new Map(boardAuthors(doc).entries()) };
  } finally {
    doc.destroy();
  }
}

/** Every record of the session's stored board (empty when the session has no board). */
export async function loadBoardRecords(db: Db, sessionId: string): Promise<TLRecord[]> {
  return (await loadBoard(db, sessionId)).records;
}

/** The cards by zone, each with its author as the ledger says, matched to the session's participants. */
export async function sessionCardsByZone(db: Db, sessionId: string, agendaJson: unknown): Promise<ZoneWithCards[]> {
  const board = await loadBoard(db, sessionId);
  const participants = await db.participant.findMany({ where: { sessionId }, select: { id: true } });
  const byKey = new Map(
    board.boardId === null ? [] : participants.map(({ id }) => [authorKeyOf(board.boardId!, `participant:${id}`), id] as const),
  );
  const authorOf: CardAuthorOf = (recordId) => {
    const author = board.authors.get(recordId);
    return author && { name: author.name, participantId: byKey.get(author.by) ?? null };
  };
  return cardsByZone(board.records, agendaJson, authorOf);
}

/**
 * The cards of each zone of the agenda, in reading order, then, as a last group, the cards written
 * anywhere else on the board (left empty when there are none): nothing the group wrote is left out.
 */
export function cardsByZone(records: TLRecord[], agendaJson: unknown, authorOf: CardAuthorOf = () => undefined): ZoneWithCards[] {
  const votes = voteBadgeCounts(records);
  const asCards = (notes: TLNoteShape[]) =>
    notes.map((note) => ({
      id: note.id,
      text: plainText(note.props.richText),
      author: authorOf(note.id)?.name ?? null,
      authorParticipantId: authorOf(note.id)?.participantId ?? null,
      votes: votes.get(note.id) ?? 0,
      anonymous: note.meta.via === "anonymous" || (note.meta.via === "private" && !authorOf(note.id)),
    }));
  const zones = boardAgenda(agendaJson).phases.flatMap((phase) =>
    phase.zones.map((zone) => ({
      frameId: zone.frameId,
      label: zone.label,
      phaseTitle: phase.title,
      dimension: zone.dimension,
      cards: asCards(zoneNotes(records, zone.frameId)),
    })),
  );
  const inZones = new Set(zones.flatMap((zone) => zone.cards.map((card) => card.id)));
  const elsewhere = records
    .filter((record): record is TLNoteShape => record.typeName === "shape" && record.type === "note" && !inZones.has(record.id))
    .sort((a, b) => a.y - b.y || a.x - b.x);
  if (elsewhere.length === 0) return zones;
  return [...zones, { frameId: "", label: t("board.elsewhere"), phaseTitle: "", dimension: null, cards: asCards(elsewhere) }];
}

/** card id → the count written on its vote badge (board-core/cards.ts `voteBadge`). */
function voteBadgeCounts(records: TLRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const record of records) {
    if (record.typeName !== "shape" || record.type !== "geo" || record.meta.role !== "vote-result") continue;
    const count = Number.parseInt(plainText(record.props.richText), 10);
    if (typeof record.meta.cardId === "string" && Number.isFinite(count)) counts.set(record.meta.cardId, count);
  }
  return counts;
}
