// The cards of a session's board as stored (every edit is stored before anyone sees it), grouped
// by the agenda's zones, for the facilitator's closing view.
import * as Y from "yjs";
import type { Db } from "../../server/db.js";
import { createPrismaBoardStore } from "../../server/board/board-store.js";
import { boardAgenda } from "../board/agenda.js";
import { zoneCards } from "../board/cards.js";
import { boardRecords } from "../board/shared-doc.js";

export interface ZoneWithCards {
  frameId: string;
  label: string;
  phaseTitle: string;
  /** The dimension of the diagnostic the zone feeds, when its template says so. */
  dimension: string | null;
  cards: { id: string; text: string; author: string | null }[];
}

export async function sessionCardsByZone(db: Db, sessionId: string, agendaJson: unknown): Promise<ZoneWithCards[]> {
  const stored = await createPrismaBoardStore(db).load(sessionId);
  if (!stored) return [];
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      for (const update of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) Y.applyUpdate(doc, update);
    });
    const records = [...boardRecords(doc).values()];
    return boardAgenda(agendaJson).phases.flatMap((phase) =>
      phase.zones.map((zone) => ({
        frameId: zone.frameId,
        label: zone.label,
        phaseTitle: phase.title,
        dimension: zone.dimension,
        cards: zoneCards(records, zone.frameId).map((card) => {
          const record = records.find((candidate) => candidate.id === card.id);
          const author = record?.meta.author;
          return { ...card, author: typeof author === "string" ? author : null };
        }),
      })),
    );
  } finally {
    doc.destroy();
  }
}
