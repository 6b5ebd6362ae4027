// The tldraw store a board runs on, shared by the board component and the tests so that both use
// exactly the same shapes and schema.
import { FrameShapeUtil, createTLStore, defaultShapeUtils, type TLStore } from "tldraw";

/**
 * Frames show their colour, so that the zones of a phase are told apart at a glance
 * (template-layout.ts gives each zone frame its template colour). Same record schema as the default.
 */
const ColouredFrameShapeUtil = FrameShapeUtil.configure({ showColors: true });

/** Shape utils that differ from tldraw's defaults: pass them to `<Tldraw shapeUtils>` too. */
export const boardShapeUtils = [ColouredFrameShapeUtil];

export function createBoardStore(): TLStore {
  const overridden = new Set<string>(boardShapeUtils.map((util) => util.type));
  return createTLStore({
    shapeUtils: [...defaultShapeUtils.filter((util) => !overridden.has(util.type)), ...boardShapeUtils],
  });
}
