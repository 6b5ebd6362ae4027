// tldraw draws its hatch ("pattern") fill from raster tiles that it generates when the canvas mounts:
// one canvas per zoom level and theme, the largest 8 × 128 × the screen's pixel ratio wide, each
// encoded to PNG. On the bench's phone (CPU × 4, pixel ratio 2) that was 3 s of the board's 12 s
// before its first shape, on every board, although our boards almost never hold a hatched shape
// (upstream: tldraw/tldraw#9346). Here the same definitions mount only once a shape uses the pattern.
import { useEffect, useState, type ComponentType } from "react";
import { useEditor, type Editor, type TLRecord, type TLShapeUtilCanvasSvgDef } from "tldraw";

function hatched(record: TLRecord): boolean {
  return record.typeName === "shape" && (record.props as { fill?: unknown }).fill === "pattern";
}

/** True from the first moment the board holds a hatched shape (then for good: the tiles are cached). */
function usePatternInUse(editor: Editor): boolean {
  const [inUse, setInUse] = useState(() => editor.store.allRecords().some(hatched));
  useEffect(() => {
    if (inUse) return;
    const stop = editor.store.listen(
      ({ changes }) => {
        if (Object.values(changes.added).some(hatched) || Object.values(changes.updated).some(([, to]) => hatched(to))) {
          stop();
          setInUse(true);
        }
      },
      { scope: "document" },
    );
    // A shape that arrived between the first render and this effect.
    if (editor.store.allRecords().some(hatched)) {
      stop();
      setInUse(true);
    }
    return stop;
  }, [editor, inUse]);
  return inUse;
}

/** One wrapper per definition key, so that the canvas keeps the same component from render to render. */
const deferred = new Map<string, ComponentType>();

/**
 * The canvas definitions of a shape util, with tldraw's hatch tiles put off until a shape uses them:
 * until then no shape refers to them. The first hatched shape (drawn here, or arriving from someone
 * else) shows flat for a moment, as tldraw's own do while their tiles are encoded, and that is when
 * each screen pays for the tiles: once per page, as before, but only on boards that use them.
 */
export function patternDefsWhenUsed(defs: TLShapeUtilCanvasSvgDef[]): TLShapeUtilCanvasSvgDef[] {
  return defs.map((def) => {
    if (!def.key.endsWith(":pattern")) return def;
    let component = deferred.get(def.key);
    if (!component) {
      const Tiles = def.component;
      component = function HatchTilesWhenUsed() {
        return usePatternInUse(useEditor()) ? <Tiles /> : null;
      };
      deferred.set(def.key, component);
    }
    return { key: def.key, component };
  });
}
