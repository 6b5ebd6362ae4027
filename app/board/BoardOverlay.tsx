// Drawn on the canvas, in page coordinates, above the shapes: an outline around the zones of the
// current phase, and the author's pseudonym under each card that has one. Decoration only: it
// never catches the pointer, and screen readers get the same facts from the side panel.
import { createContext, useContext } from "react";
import { useEditor, useValue, type TLShape } from "tldraw";
import type { FacilitationClient } from "./facilitation-client";
import { useFacilitation } from "./use-facilitation";

export const OverlayContext = createContext<FacilitationClient | null>(null);

export function BoardOverlay() {
  const editor = useEditor();
  const { view } = useFacilitation(useContext(OverlayContext));
  const phaseId = view?.phaseId ?? null;
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
        .filter((shape: TLShape) => shape.type === "note" && typeof shape.meta.author === "string")
        .flatMap((shape) => {
          const bounds = editor.getShapePageBounds(shape);
          return bounds ? [{ id: shape.id, name: String(shape.meta.author), x: bounds.x, y: bounds.maxY }] : [];
        }),
    [editor],
  );
  return (
    <div aria-hidden="true" className="board-overlay">
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
