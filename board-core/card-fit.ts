// How a sticky note holds a long text: its font shrinks first (down to a size still comfortable to
// read at 100 %), then the note grows downwards. The browser applies this rule with tldraw's own
// text measurement (tldraw-store.ts); the server, which has no DOM, estimates it from the advance
// widths of tldraw's hand-drawn font, generously, so that a card it writes never overflows.
// docs/decisions/012. Pure: the server runs it (no "~/" alias, no UI code).

/** tldraw's note geometry and label style (NoteShapeUtil, size "m", font "draw"), in canvas units. */
export const NOTE_FIT = {
  width: 200,
  height: 200,
  padding: 16,
  /** The label's font size at size "m": theme font size 16 × 1.375. */
  fontSize: 22,
  /** Below this tldraw itself starts breaking words; we stop shrinking and grow instead. */
  minFontSize: 14,
  lineHeight: 1.35,
} as const;

export interface NoteFit {
  /** tldraw's `fontSizeAdjustment`: the label's font size as a fraction of the size's own. */
  fontSizeAdjustment: number;
  /** tldraw's `growY`: how much taller than 200 the note is, before `scale`. */
  growY: number;
}

// Advance widths of Shantell Sans Informal (tldraw's "draw" font), in hundredths of an em, rounded
// up: code points 32–126, then 160–255. Measured from the font file tldraw ships.
const ASCII_WIDTHS = [
  35, 30, 50, 99, 70, 97, 67, 28, 48, 46, 51, 70, 29, 51, 30, 41, 69, 43, 70, 70, 74, 63, 70, 70, 70, 70, 31, 30, 70, 70, 70, 51, 90, 76,
  62, 62, 68, 67, 59, 81, 73, 59, 63, 68, 54, 101, 79, 70, 60, 76, 73, 57, 64, 67, 69, 97, 65, 62, 64, 51, 41, 50, 61, 70, 36, 67, 60, 51,
  68, 61, 45, 66, 67, 31, 29, 64, 37, 92, 66, 61, 60, 63, 52, 53, 49, 62, 60, 94, 57, 60, 63, 54, 32, 54, 70,
];
const LATIN1_WIDTHS = [
  35, 30, 59, 70, 70, 70, 34, 59, 60, 96, 63, 67, 70, 35, 86, 49, 60, 70, 51, 51, 29, 70, 85, 33, 60, 51, 55, 67, 133, 133, 133, 41, 76, 76,
  76, 76, 76, 76, 109, 62, 67, 67, 67, 67, 60, 59, 60, 60, 71, 79, 68, 70, 68, 68, 70, 70, 76, 67, 67, 67, 67, 63, 63, 68, 67, 67, 67, 67,
  67, 67, 91, 51, 61, 61, 62, 62, 32, 31, 32, 32, 62, 66, 60, 61, 60, 60, 61, 70, 65, 62, 62, 62, 62, 60, 63, 60,
];
const OTHER_WIDTHS: Record<string, number> = { œ: 100, Œ: 121, "’": 26, "‘": 25, "“": 53, "”": 53, "…": 89, "–": 70, "—": 100, "€": 70 };
/** Anything else (emoji, other scripts, a fallback font): as wide as the widest glyph, to be safe. */
const UNKNOWN_WIDTH = 110;
/** Browsers' text rendering differs a little from advance widths: measure a touch wide. */
const MARGIN = 1.06;

/** A character's advance width in ems. */
export function glyphWidth(char: string): number {
  const code = char.codePointAt(0)!;
  const hundredths =
    code >= 32 && code < 127
      ? ASCII_WIDTHS[code - 32]
      : code >= 160 && code < 256
        ? LATIN1_WIDTHS[code - 160]
        : (OTHER_WIDTHS[char] ?? (/\p{M}/u.test(char) ? 0 : UNKNOWN_WIDTH));
  return (hundredths / 100) * MARGIN;
}

const textWidth = (text: string, fontSize: number) => {
  let ems = 0;
  for (const char of text) ems += glyphWidth(char);
  return ems * fontSize;
};

/**
 * How many lines `text` takes at `fontSize` in a box `maxWidth` wide, wrapping at spaces as the
 * browser does; `overflow` when a word is wider than the box (unless `breakWords`, which cuts it).
 */
export function wrappedLines(text: string, fontSize: number, maxWidth: number, breakWords: boolean): { lines: number; overflow: boolean } {
  const space = glyphWidth(" ") * fontSize;
  let lines = 0;
  let overflow = false;
  for (const paragraph of text.split("\n")) {
    lines += 1;
    let used = 0;
    for (const word of paragraph.split(" ")) {
      let width = textWidth(word, fontSize);
      const gap = used > 0 ? space : 0;
      if (used > 0 && used + gap + width > maxWidth) {
        lines += 1;
        used = 0;
      } else used += gap;
      if (width > maxWidth) {
        if (!breakWords) overflow = true;
        else {
          // A word cut across lines: whole lines of it, the rest starts the next.
          const full = Math.floor(width / maxWidth);
          lines += full;
          width -= full * maxWidth;
        }
      }
      used += width;
    }
  }
  return { lines, overflow };
}

const labelHeight = (lines: number, fontSize: number) => lines * fontSize * NOTE_FIT.lineHeight + 2 * NOTE_FIT.padding;

/** The label's width, as tldraw measures it (one unit short, its "fuzz"). */
export const NOTE_LABEL_WIDTH = NOTE_FIT.width - 2 * NOTE_FIT.padding - 1;

/** The font size and growth a note needs to show all of `text` (at scale 1). */
export function noteFit(text: string): NoteFit {
  if (text.trim() === "") return { fontSizeAdjustment: 1, growY: 0 };
  for (let size = NOTE_FIT.fontSize; size >= NOTE_FIT.minFontSize; size--) {
    const { lines, overflow } = wrappedLines(text, size, NOTE_LABEL_WIDTH, false);
    if (!overflow && labelHeight(lines, size) <= NOTE_FIT.height) return { fontSizeAdjustment: size / NOTE_FIT.fontSize, growY: 0 };
  }
  const size = NOTE_FIT.minFontSize;
  const { lines } = wrappedLines(text, size, NOTE_LABEL_WIDTH, true);
  return { fontSizeAdjustment: size / NOTE_FIT.fontSize, growY: Math.ceil(labelHeight(lines, size) - NOTE_FIT.height) };
}

/** A note's rectangle in its parent, as tldraw draws it. */
export function noteRect(note: { x: number; y: number; props: { scale?: number; growY?: number } }): Rect {
  const scale = note.props.scale ?? 1;
  return { x: note.x, y: note.y, w: NOTE_FIT.width * scale, h: (NOTE_FIT.height + (note.props.growY ?? 0)) * scale };
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Whether two rectangles come closer than `gap` to each other (0: whether they overlap). */
export function clash(a: Rect, b: Rect, gap = 0): boolean {
  return a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap;
}

/**
 * Where the notes a grown note now covers must go: each straight down, just below what pushes it
 * (the grown note, or a note pushed before it), in reading order, so that a column of cards slides
 * down as one. Notes the grown note does not reach stay put, even if they overlap each other (a
 * pile made on purpose). Returns the new `y` of each note that moves.
 */
export function pushedDown(grown: Rect & { id: string }, siblings: (Rect & { id: string })[], gap: number): Map<string, number> {
  const moves = new Map<string, number>();
  const pushers: Rect[] = [grown];
  const below = siblings.filter((note) => note.id !== grown.id && note.y >= grown.y).sort((a, b) => a.y - b.y || a.x - b.x);
  for (const note of below) {
    let rect = { ...note };
    for (let hit = pushers.find((other) => clash(rect, other, gap - 1)); hit; hit = pushers.find((other) => clash(rect, other, gap - 1))) {
      rect = { ...rect, y: hit.y + hit.h + gap };
    }
    if (rect.y === note.y) continue;
    moves.set(note.id, rect.y);
    pushers.push(rect);
  }
  return moves;
}
