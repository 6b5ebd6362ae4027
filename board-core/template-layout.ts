// Turns a workshop template into the starting content of a session's board: one column per phase,
// read left to right, each with the phase title, its prompt, and one frame per zone where
// participants put their sticky notes. The server runs this when a session is created (plain Node
// through tsx): only @tldraw/tlschema and yjs here, relative imports, no "~/" alias.
import {
  DocumentRecordType,
  PageRecordType,
  TLDOCUMENT_ID,
  createShapeId,
  createTLSchema,
  toRichText,
  type TLFrameShape,
  type TLPage,
  type TLPageId,
  type TLRecord,
  type TLSchema,
  type TLShape,
  type TLShapeId,
  type TLTextShape,
} from "@tldraw/tlschema";
import * as Y from "yjs";
import type { WorkshopPhase, WorkshopTemplate, WorkshopZone } from "../workshops/schema.js";
import { BOARD_SCHEMA_KEY, boardMeta, boardRecords } from "./shared-doc.js";

/** tldraw's default page id: the page every client opens first. */
export const BOARD_PAGE_ID = "page:page" as TLPageId;

/** Sizes in canvas units. A tldraw sticky note is 200×200. */
export const BOARD_LAYOUT = {
  noteSize: 200,
  notesAcross: 3,
  notesDown: 2,
  noteGap: 20,
  framePadding: 30,
  /** Vertical space between two zones: room for the next frame's name, drawn above it. */
  zoneGap: 80,
  columnGap: 240,
  headerGap: 60,
} as const;

const FRAME_WIDTH = frameSide(BOARD_LAYOUT.notesAcross);
const FRAME_HEIGHT = frameSide(BOARD_LAYOUT.notesDown);
const COLUMN_WIDTH = FRAME_WIDTH;

/** What the board's own shapes carry in `meta`, so the facilitator UI can find them again. */
export type BoardShapeMeta =
  | { role: "phase-title" | "phase-prompt"; templateId: string; phaseId: string }
  | {
      role: "zone";
      templateId: string;
      phaseId: string;
      zoneId: string;
      zoneKind: WorkshopZone["kind"];
      dimension?: NonNullable<WorkshopZone["dimension"]>;
    };

// Ids use "." as separator: template, phase and zone ids are [a-z0-9-], so no two ids collide.
export function phaseTitleShapeId(phaseId: string): TLShapeId {
  return createShapeId(`phase.${phaseId}.title`);
}

export function phasePromptShapeId(phaseId: string): TLShapeId {
  return createShapeId(`phase.${phaseId}.prompt`);
}

export function zoneFrameShapeId(phaseId: string, zoneId: string): TLShapeId {
  return createShapeId(`phase.${phaseId}.zone.${zoneId}`);
}

/** The records of a fresh board for this template: document, default page, then the shapes. */
export function layoutTemplate(template: WorkshopTemplate): TLRecord[] {
  const document = DocumentRecordType.create({ id: TLDOCUMENT_ID, name: template.title });
  const page: TLPage = PageRecordType.create({ id: BOARD_PAGE_ID, name: "Tableau", index: "a1" as IndexKey });

  // Zones of every phase start at the same height, under the tallest header, so the board reads
  // as one row of columns.
  const framesTop = Math.max(...template.phases.map(headerHeight)) + BOARD_LAYOUT.headerGap;
  const shapes: TLShape[] = [];
  let x = 0;
  for (const phase of template.phases) {
    const phaseMeta = { templateId: template.id, phaseId: phase.id };
    const title = titleHeight(phase);
    const positions = zonePositions(phase, x, framesTop);
    shapes.push(
      textShape(phaseTitleShapeId(phase.id), { x, y: 0 }, phase.title, "xl", { role: "phase-title", ...phaseMeta }),
      textShape(phasePromptShapeId(phase.id), { x, y: title }, phase.prompt, "m", { role: "phase-prompt", ...phaseMeta }),
      ...phase.zones.map((zone, index) =>
        zoneFrame(zone, positions[index], {
          role: "zone",
          ...phaseMeta,
          zoneId: zone.id,
          zoneKind: zone.kind,
          ...(zone.dimension ? { dimension: zone.dimension } : {}),
        }),
      ),
    );
    x += phaseWidth(phase) + BOARD_LAYOUT.columnGap;
  }
  return [document, page, ...shapes.map((shape, position) => ({ ...shape, index: indexKey(position) }))];
}

const gridColumns = (phase: WorkshopPhase) => phase.zones.filter((zone) => zone.kind === "grid-column").length;

/** A phase is one frame wide, or as wide as its grid columns side by side. */
function phaseWidth(phase: WorkshopPhase): number {
  const columns = Math.max(1, gridColumns(phase));
  return columns * FRAME_WIDTH + (columns - 1) * BOARD_LAYOUT.noteGap * 3;
}

/**
 * Grid columns stand side by side, as a table's columns; every other zone (free, list, vote,
 * grid rows) is stacked below them, in the phase's first column.
 */
function zonePositions(phase: WorkshopPhase, left: number, top: number): Point[] {
  let column = 0;
  let row = gridColumns(phase) > 0 ? 1 : 0;
  return phase.zones.map((zone) => {
    if (zone.kind === "grid-column") {
      return { x: left + column++ * (FRAME_WIDTH + BOARD_LAYOUT.noteGap * 3), y: top };
    }
    return { x: left, y: top + row++ * (FRAME_HEIGHT + BOARD_LAYOUT.zoneGap) };
  });
}

/**
 * The board's initial state as a Yjs update: the template's records in the records map and the
 * schema they were written with in the meta map. Throws if a record fails tldraw's validation,
 * so a broken layout is caught when the session is created rather than in every browser.
 */
export function createInitialBoardUpdate(template: WorkshopTemplate): Uint8Array {
  const schema = boardSchema();
  const records = layoutTemplate(template).map((record) => validateRecord(schema, record));
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      const map = boardRecords(doc);
      for (const record of records) map.set(record.id, record);
      boardMeta(doc).set(BOARD_SCHEMA_KEY, schema.serialize());
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

let cachedSchema: TLSchema | undefined;
function boardSchema(): TLSchema {
  cachedSchema ??= createTLSchema();
  return cachedSchema;
}

function validateRecord(schema: TLSchema, record: TLRecord): TLRecord {
  const type = schema.types[record.typeName];
  if (!type) throw new Error(`no tldraw record type "${record.typeName}"`);
  return type.validate(record) as TLRecord;
}

type IndexKey = TLShape["index"];
type Point = { x: number; y: number };

function textShape(id: TLShapeId, { x, y }: Point, text: string, size: "xl" | "m", meta: BoardShapeMeta): TLTextShape {
  return {
    ...shapeBase(id, x, y, meta),
    // Locked so that a participant dragging on a phone does not move the instructions around.
    isLocked: true,
    type: "text",
    props: {
      color: size === "xl" ? "black" : "grey",
      size,
      font: "sans",
      textAlign: "start",
      w: COLUMN_WIDTH,
      richText: toRichText(text),
      scale: 1,
      autoSize: false,
    },
  };
}

function zoneFrame(zone: WorkshopZone, { x, y }: Point, meta: BoardShapeMeta): TLFrameShape {
  return {
    ...shapeBase(zoneFrameShapeId(meta.phaseId, zone.id), x, y, meta),
    type: "frame",
    props: { w: FRAME_WIDTH, h: FRAME_HEIGHT, name: zone.label, color: zone.color },
  };
}

function shapeBase(id: TLShapeId, x: number, y: number, meta: BoardShapeMeta) {
  return {
    id,
    typeName: "shape" as const,
    x,
    y,
    rotation: 0,
    index: indexKey(0),
    parentId: BOARD_PAGE_ID,
    isLocked: false,
    opacity: 1,
    meta,
  };
}

function frameSide(notes: number): number {
  const { noteSize, noteGap, framePadding } = BOARD_LAYOUT;
  return notes * noteSize + (notes - 1) * noteGap + 2 * framePadding;
}

// Text is measured in the browser only; here we estimate generously (average glyph ≈ 0.55 em,
// tldraw's line height 1.35) so that a long title never runs into its prompt.
const FONT_SIZE = { xl: 44, m: 24 } as const;
function estimatedTextHeight(text: string, size: keyof typeof FONT_SIZE): number {
  const fontSize = FONT_SIZE[size];
  const charsPerLine = Math.floor(COLUMN_WIDTH / (fontSize * 0.55));
  const lines = text.split("\n").reduce((count, paragraph) => count + Math.max(1, Math.ceil(paragraph.length / charsPerLine)), 0);
  return Math.ceil(lines * fontSize * 1.35) + 32;
}

function titleHeight(phase: WorkshopPhase): number {
  return estimatedTextHeight(phase.title, "xl");
}

function headerHeight(phase: WorkshopPhase): number {
  return titleHeight(phase) + estimatedTextHeight(phase.prompt, "m");
}

const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** The n-th of an ascending run of valid fractional-index keys: "a1"…"az", then "b00", "b01"… */
function indexKey(position: number): IndexKey {
  if (position < DIGITS.length - 1) return `a${DIGITS[position + 1]}` as IndexKey;
  const rest = position - (DIGITS.length - 1);
  return `b${DIGITS[Math.floor(rest / DIGITS.length)]}${DIGITS[rest % DIGITS.length]}` as IndexKey;
}
