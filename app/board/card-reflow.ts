// A card that grows (a long text typed into it, on any screen) pushes the cards it would cover
// down, and its zone grows with them. Run by the facilitator's canvas only: a participant may not
// move other people's cards (board-rights.ts), the facilitator may. Two facilitators' canvases
// compute the same positions, so their writes agree. docs/decisions/012.
import type { Editor, TLFrameShape, TLNoteShape, TLShape, TLShapeId } from "tldraw";
import { noteRect, pushedDown } from "../../board-core/card-fit";
import { BOARD_LAYOUT } from "../../board-core/template-layout";

const isNote = (shape: TLShape | undefined): shape is TLNoteShape => shape?.type === "note";
const height = (note: TLNoteShape) => noteRect(note).h;

export function bindCardReflow(editor: Editor): () => void {
  const pending = new Set<TLShapeId>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const settle = () => {
    timer = undefined;
    const grownIds = [...pending];
    pending.clear();
    // Outside any remote merge: these moves are this canvas's own edits, sent to the room.
    editor.run(() => {
      for (const id of grownIds) {
        const grown = editor.getShape(id);
        if (!isNote(grown)) continue;
        const siblings = editor
          .getSortedChildIdsForParent(grown.parentId)
          .map((childId) => editor.getShape(childId))
          .filter(isNote);
        const moves = pushedDown(
          { id: grown.id, ...noteRect(grown) },
          siblings.map((note) => ({ id: note.id, ...noteRect(note) })),
          BOARD_LAYOUT.noteGap,
        );
        if (moves.size === 0) continue;
        editor.updateShapes([...moves].map(([noteId, y]) => ({ id: noteId as TLShapeId, type: "note" as const, y })));
        growFrame(editor, grown.parentId, siblings, moves);
      }
    });
  };

  return editor.sideEffects.registerAfterChangeHandler("shape", (prev, next) => {
    if (!isNote(prev) || !isNote(next) || height(next) <= height(prev)) return;
    pending.add(next.id);
    timer ??= setTimeout(settle, 0);
  });
}

/** A zone holds the cards pushed down in it: its frame grows to the lowest one, plus its padding. */
function growFrame(editor: Editor, parentId: TLShape["parentId"], notes: TLNoteShape[], moves: Map<string, number>): void {
  const frame = editor.getShape(parentId as TLShapeId);
  if (frame?.type !== "frame") return;
  const props = (frame as TLFrameShape).props;
  const bottom = Math.max(...notes.map((note) => (moves.get(note.id) ?? note.y) + height(note))) + BOARD_LAYOUT.framePadding;
  if (bottom > props.h) editor.updateShapes([{ id: frame.id, type: "frame", props: { h: bottom } }]);
}
