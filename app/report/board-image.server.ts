// A picture of the board drawn from its stored records, with no browser and no rasteriser: the
// same geometry becomes an SVG for the report page and vector calls in the PDF (pdf.server.ts).
import type { TLRecord, TLShape } from "@tldraw/tlschema";
import { noteRect } from "../../board-core/card-fit.js";
import { plainText } from "../../board-core/cards.js";
import { wrapText } from "./text-metrics.server.js";

/** The board scaled to `width` pixels: zones as rectangles, cards as yellow rectangles holding all their text. */
export interface BoardDrawing {
  width: number;
  height: number;
  frames: { x: number; y: number; w: number; h: number; name: string }[];
  notes: DrawnNote[];
}

/** A card's box, and its text cut into lines that fit in it at `fontSize` (lines `fontSize × NOTE_LINE_HEIGHT` apart). */
export interface DrawnNote {
  x: number;
  y: number;
  w: number;
  h: number;
  /** Space between the box's edges and its text. */
  padding: number;
  lines: string[];
  fontSize: number;
  votes: number | null;
}

export const NOTE_LINE_HEIGHT = 1.2;

export const BOARD_IMAGE_WIDTH = 1000;
const MARGIN = 10;

export function boardDrawing(records: TLRecord[], width = BOARD_IMAGE_WIDTH): BoardDrawing {
  const shapes = new Map<string, TLShape>();
  for (const record of records) if (record.typeName === "shape") shapes.set(record.id, record);
  // Positions are relative to the parent (a note inside a frame): add the parents' up to the page.
  const pagePoint = (shape: TLShape): { x: number; y: number } => {
    const parent = shapes.get(shape.parentId);
    if (!parent) return { x: shape.x, y: shape.y };
    const origin = pagePoint(parent);
    return { x: origin.x + shape.x, y: origin.y + shape.y };
  };

  const frames: { x: number; y: number; w: number; h: number; name: string }[] = [];
  const notes: { x: number; y: number; w: number; h: number; text: string; id: string }[] = [];
  const votes = new Map<string, number>();
  for (const shape of shapes.values()) {
    if (shape.type === "frame") {
      const props = shape.props as { w: number; h: number; name: string };
      frames.push({ ...pagePoint(shape), w: props.w, h: props.h, name: props.name });
    } else if (shape.type === "note") {
      const props = shape.props as { scale?: number; growY?: number; richText: Parameters<typeof plainText>[0] };
      const { w, h } = noteRect({ x: 0, y: 0, props });
      notes.push({ ...pagePoint(shape), w, h, text: plainText(props.richText), id: shape.id });
    } else if (shape.meta.role === "vote-result" && typeof shape.meta.cardId === "string") {
      const count = Number.parseInt(plainText((shape.props as { richText?: Parameters<typeof plainText>[0] }).richText), 10);
      if (Number.isFinite(count)) votes.set(shape.meta.cardId, count);
    }
  }
  const boxes = [...frames, ...notes];
  if (boxes.length === 0) return { width, height: 2 * MARGIN, frames: [], notes: [] };

  const left = Math.min(...boxes.map((box) => box.x));
  const top = Math.min(...boxes.map((box) => box.y));
  const right = Math.max(...boxes.map((box) => box.x + box.w));
  const bottom = Math.max(...boxes.map((box) => box.y + box.h));
  const scale = Math.min(1, (width - 2 * MARGIN) / Math.max(1, right - left));
  const at = (x: number, y: number) => ({ x: round(MARGIN + (x - left) * scale), y: round(MARGIN + (y - top) * scale) });

  return {
    width,
    height: round(2 * MARGIN + (bottom - top) * scale),
    frames: frames.map((frame) => ({ ...at(frame.x, frame.y), w: round(frame.w * scale), h: round(frame.h * scale), name: frame.name })),
    notes: notes
      .sort((a, b) => a.y - b.y || a.x - b.x)
      .map((note) => ({
        ...at(note.x, note.y),
        ...fitText(note.text, round(note.w * scale), round(note.h * scale)),
        votes: votes.get(note.id) ?? null,
      })),
  };
}

/** The board as an SVG document; its text alternative is given by the page around it. */
export function boardSvg(drawing: BoardDrawing): string {
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${drawing.width}" height="${drawing.height}" viewBox="0 0 ${drawing.width} ${drawing.height}" font-family="Helvetica, Arial, sans-serif">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
  ];
  for (const frame of drawing.frames) {
    parts.push(
      `<rect x="${frame.x}" y="${frame.y}" width="${frame.w}" height="${frame.h}" fill="#f5f5f5" stroke="#555555" stroke-width="1"/>`,
      `<text x="${frame.x}" y="${Math.max(8, frame.y - 3)}" font-size="8" fill="#222222">${escapeXml(clipLines(frame.name, 40, 1)[0] ?? "")}</text>`,
    );
  }
  for (const note of drawing.notes) {
    parts.push(
      `<rect x="${note.x}" y="${note.y}" width="${note.w}" height="${note.h}" fill="#fde68a" stroke="#b08900" stroke-width="0.5"/>`,
    );
    note.lines.forEach((line, index) => {
      // Baselines: a line's glyphs stay within its NOTE_LINE_HEIGHT band (Helvetica's descent is 0.21 em).
      const y = round(note.y + note.padding + note.fontSize * (index * NOTE_LINE_HEIGHT + 0.95));
      parts.push(
        `<text x="${round(note.x + note.padding)}" y="${y}" font-size="${note.fontSize}" fill="#111111">${escapeXml(line)}</text>`,
      );
    });
    if (note.votes !== null) {
      const r = round(Math.max(5, note.w / 6));
      parts.push(
        `<circle cx="${note.x + note.w}" cy="${note.y}" r="${r}" fill="#b91c1c"/>`,
        `<text x="${note.x + note.w}" y="${round(note.y + r / 2)}" font-size="${r}" fill="#ffffff" text-anchor="middle">${note.votes}</text>`,
      );
    }
  }
  parts.push("</svg>");
  return parts.join("");
}

/**
 * All of a card's text inside its box: the largest font size (up to a ninth of the box's width,
 * as on the board) at which its lines fit, found by halving the interval.
 */
function fitText(text: string, w: number, h: number): Pick<DrawnNote, "w" | "h" | "padding" | "lines" | "fontSize"> {
  const padding = round(w * 0.06);
  const [width, height] = [w - 2 * padding, h - 2 * padding];
  const fits = (size: number) => {
    const lines = wrapText(text, width, size);
    return lines.length * size * NOTE_LINE_HEIGHT <= height ? lines : null;
  };
  let [low, high] = [0, Math.max(0.1, w / 9)];
  let best = fits(high);
  if (best) return { w, h, padding, lines: best, fontSize: round2(high) };
  for (let step = 0; step < 12; step++) {
    const middle = (low + high) / 2;
    const lines = fits(middle);
    if (lines) [low, best] = [middle, lines];
    else high = middle;
  }
  // Tiny, but whole: a vector drawing can be zoomed into.
  return { w, h, padding, lines: best ?? fits(low) ?? wrapText(text, width, low), fontSize: round2(low) };
}

/** Words on lines of at most `width` characters, at most `max` lines, "…" when cut. */
export function clipLines(text: string, width: number, max: number): string[] {
  const words = text.replace(/\s+/g, " ").trim().split(" ").filter(Boolean);
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    const piece = word.length > width ? `${word.slice(0, width - 1)}…` : word;
    if (line && line.length + 1 + piece.length > width) {
      lines.push(line);
      line = piece;
    } else line = line ? `${line} ${piece}` : piece;
  }
  if (line) lines.push(line);
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  kept[max - 1] = `${kept[max - 1].slice(0, width - 1)}…`;
  return kept;
}

const round = (value: number) => Math.round(value * 10) / 10;
const round2 = (value: number) => Math.floor(value * 100) / 100;

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[char]!);
}
