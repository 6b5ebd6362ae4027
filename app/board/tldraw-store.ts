// The tldraw store a board runs on, shared by the board component and the tests so that both use
// exactly the same shapes and schema.
import {
  ArrowShapeUtil,
  DrawShapeUtil,
  FrameShapeUtil,
  GeoShapeUtil,
  NoteShapeUtil,
  createTLStore,
  defaultShapeUtils,
  getDisplayValues,
  renderHtmlFromRichTextForMeasurement,
  type TLNoteShape,
  type TLShapeUtilCanvasSvgDef,
  type TLStore,
} from "tldraw";
import { NOTE_FIT } from "../../board-core/card-fit";
import { patternDefsWhenUsed } from "./pattern-fill-defs";

/**
 * Frames show their colour, so that the zones of a phase are told apart at a glance
 * (template-layout.ts gives each zone frame its template colour). Same record schema as the default.
 */
const ColouredFrameShapeUtil = FrameShapeUtil.configure({ showColors: true });

/**
 * A long card first shrinks its font, down to a size still easy to read, and only then grows
 * downwards (tldraw's own note grows at once, over the card below it). The rule card-fit.ts
 * estimates on the server, here with the browser's own measurement. Same record schema.
 */
class BoardNoteShapeUtil extends NoteShapeUtil {
  // tldraw sizes a note's label in these two hooks; we refine what it decided.
  override onBeforeCreate(next: TLNoteShape): ReturnType<NoteShapeUtil["onBeforeCreate"]> {
    return this.refit(super.onBeforeCreate(next) ?? next) as ReturnType<NoteShapeUtil["onBeforeCreate"]>;
  }

  override onBeforeUpdate(prev: TLNoteShape, next: TLNoteShape): TLNoteShape | undefined {
    const sized = super.onBeforeUpdate(prev, next);
    // tldraw leaves a note alone when neither its text, font nor size changed: so do we.
    return sized ? this.refit(sized) : sized;
  }

  private refit(shape: TLNoteShape): TLNoteShape {
    // At its own size, without shrinking, it fits: nothing to refine.
    if (shape.props.growY === 0 && shape.props.fontSizeAdjustment === 1) return shape;
    return { ...shape, props: { ...shape.props, ...this.fitLabel(shape) } };
  }

  private fitLabel(shape: TLNoteShape): { growY: number; fontSizeAdjustment: number } {
    const dv = getDisplayValues(this, shape);
    const html = renderHtmlFromRichTextForMeasurement(this.editor, shape.props.richText);
    const measure = (fontSize: number, breakWords: boolean) =>
      this.editor.textMeasure.measureHtml(html, {
        fontStyle: "normal",
        fontWeight: "normal",
        padding: "0px",
        fontFamily: dv.labelFontFamily,
        lineHeight: dv.labelLineHeight,
        fontSize,
        maxWidth: dv.noteWidth - dv.labelPadding * 2 - 1,
        disableOverflowWrapBreaking: !breakWords,
        measureScrollWidth: true,
      });
    const base = dv.labelFontSize;
    const floor = Math.min(base, NOTE_FIT.minFontSize);
    for (let size = base; size >= floor; size--) {
      const box = measure(size, false);
      const fits = box.h + dv.labelPadding * 2 <= dv.noteHeight && Math.round(box.scrollWidth ?? box.w) <= Math.round(box.w);
      if (fits) return { growY: 0, fontSizeAdjustment: size === base ? 1 : size / base };
    }
    const box = measure(floor, true);
    return { growY: Math.max(0, box.h + dv.labelPadding * 2 - dv.noteHeight), fontSizeAdjustment: floor / base };
  }
}

/*
 * The three shapes that can be hatched bring tldraw's hatch tiles to the canvas; theirs are generated
 * only once a shape uses them (pattern-fill-defs.tsx). The canvas keeps the first definition of each
 * key, so all three say the same. Same record schemas as the defaults.
 */
class BoardGeoShapeUtil extends GeoShapeUtil {
  override getCanvasSvgDefs(): TLShapeUtilCanvasSvgDef[] {
    return patternDefsWhenUsed(super.getCanvasSvgDefs());
  }
}

class BoardDrawShapeUtil extends DrawShapeUtil {
  override getCanvasSvgDefs(): TLShapeUtilCanvasSvgDef[] {
    return patternDefsWhenUsed(super.getCanvasSvgDefs());
  }
}

class BoardArrowShapeUtil extends ArrowShapeUtil {
  override getCanvasSvgDefs(): TLShapeUtilCanvasSvgDef[] {
    return patternDefsWhenUsed(super.getCanvasSvgDefs());
  }
}

/** Shape utils that differ from tldraw's defaults: pass them to `<Tldraw shapeUtils>` too. */
export const boardShapeUtils = [ColouredFrameShapeUtil, BoardNoteShapeUtil, BoardGeoShapeUtil, BoardDrawShapeUtil, BoardArrowShapeUtil];

export function createBoardStore(): TLStore {
  const overridden = new Set<string>(boardShapeUtils.map((util) => util.type));
  return createTLStore({
    shapeUtils: [...defaultShapeUtils.filter((util) => !overridden.has(util.type)), ...boardShapeUtils],
  });
}
