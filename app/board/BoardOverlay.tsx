// Drawn on the canvas, in page coordinates, above the shapes: an outline around the zones of the
// current phase, and the author's pseudonym under each card that has one. Decoration only: it
// never catches the pointer, and screen readers get the same facts from the side panel.
import { createContext, useContext, useEffect, useState } from "react";
import { useEditor, useValue, type TLShape } from "tldraw";
import type * as Y from "yjs";
import type { FacilitationClient } from "./facilitation-client";
import type { RecordAuthor } from "../../board-core/shared-doc";
import { useFacilitation } from "./use-facilitation";

/** The facilitation client and the board's authorship ledger (which only the server writes). */
export const OverlayContext = createContext<{ client: FacilitationClient | null; authors: Y.Map<RecordAuthor> | null }>({
  client: null,
  authors: null,
});

/** record id → the name of whoever created it, kept up to date with the ledger. */
function useAuthorNames(authors: Y.Map<RecordAuthor> | null): Map<string, string> {
  const read = () => new Map([...(authors?.entries() ?? [])].map(([id, author]) => [id, author.name]));
  const [names, setNames] = useState(read);
  useEffect(() => {
    if (!authors) return;
    const changed = () => setNames(read());
    authors.observe(changed);
    changed();
    return () => authors.unobserve(changed);
  }, [authors]);
  return names;
}

export function BoardOverlay() {
  const editor = useEditor();
  const { client, authors: ledger } = useContext(OverlayContext);
  const names = useAuthorNames(ledger);
  const { view, mine } = useFacilitation(client);
  const phaseId = view?.phaseId ?? null;
  const vote = view?.vote?.open ? view.vote : null;
  const cardIds = vote?.cards.map((card) => card.id).join(",") ?? "";
  const zones = useValue(
    "current zones",
    () =>
      editor
        .getCurrentPageShapes()
        .filter((shape) => shape.meta.role === "zone" && shape.meta.phaseId === phaseId)
        .flatMap((shape) => editor.getShapePageBounds(shape) ?? []),
    [editor, phaseId],
  );
  const authors = useValue(
    "card authors",
    () =>
      editor
        .getCurrentPageShapes()
        .filter((shape: TLShape) => shape.type === "note" && names.has(shape.id))
        .flatMap((shape) => {
          const bounds = editor.getShapePageBounds(shape);
          return bounds ? [{ id: shape.id, name: names.get(shape.id)!, x: bounds.x, y: bounds.maxY }] : [];
        }),
    [editor, names],
  );
  const ballot = useValue(
    "vote cards",
    () =>
      cardIds
        .split(",")
        .filter(Boolean)
        .flatMap((id) => {
          const bounds = editor.getShapePageBounds(id as TLShape["id"]);
          return bounds ? [{ id, x: bounds.maxX, y: bounds.y }] : [];
        }),
    [editor, cardIds],
  );
  return (
    <div aria-hidden="true" className="board-overlay">
      {/* Tapping a card's counter gives it a point; the side panel offers the same to keyboards and screen readers. */}
      {vote && client
        ? ballot.map((card) => (
            <button
              key={card.id}
              type="button"
              tabIndex={-1}
              className={`board-vote-button${(mine?.votes[card.id] ?? 0) > 0 ? " mine" : ""}`}
              style={{ left: card.x - 40, top: card.y - 24 }}
              data-testid={`canvas-vote-${card.id}`}
              onPointerDown={(event) => editor.markEventAsHandled(event)}
              onClick={() => void client.send({ type: "vote", cardId: card.id, change: 1 })}
            >
              +1 · {vote.counts[card.id] ?? 0}
            </button>
          ))
        : null}
      {zones.map((bounds, index) => (
        <div
          key={index}
          className="board-zone-highlight"
          style={{ left: bounds.x - 10, top: bounds.y - 10, width: bounds.w + 20, height: bounds.h + 20 }}
        />
      ))}
      {authors.map((author) => (
        <div key={author.id} className="board-card-author" style={{ left: author.x, top: author.y + 4 }}>
          {author.name}
        </div>
      ))}
    </div>
  );
}
