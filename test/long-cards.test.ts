// A card of a few hundred characters stays whole and readable, and covers no other card: where the
// server puts it on the board, in the report's picture of the board and in the PDF.
import { createTLSchema, type TLFrameShape, type TLNoteShape, type TLRecord } from "@tldraw/tlschema";
import { describe, expect, it } from "vitest";
import { clash, NOTE_FIT, noteFit, noteRect, pushedDown, type Rect } from "../board-core/card-fit";
import { noteShape, placeCards, plainText } from "../board-core/cards";
import { CARD_TEXT_MAX } from "../board-core/facilitation-protocol";
import { layoutTemplate, zoneFrameShapeId } from "../board-core/template-layout";
import { boardDrawing, boardSvg } from "../app/report/board-image.server";
import type { SessionReport } from "../app/report/gather.server";
import { reportPdf } from "../app/report/pdf.server";
import { helveticaWidth } from "../app/report/text-metrics.server";
import type { WorkshopTemplate } from "../workshops/schema";
import { pdfText } from "./support/pdf-text";

const TEMPLATE: WorkshopTemplate = {
  id: "cartes-longues",
  kind: "peer_workshop",
  title: "Cartes longues",
  audience: "Personnes accompagnées",
  goal: "Écrire longuement",
  durationMinutes: 30,
  materials: [],
  accessibility: [],
  phases: [
    {
      id: "recit",
      title: "Mon parcours",
      minutes: 30,
      guidance: "Chacun écrit.",
      prompt: "Racontez.",
      zones: [
        { id: "recits", label: "Récits", color: "light-blue", kind: "free" },
        { id: "suite", label: "La suite", color: "green", kind: "free" },
      ],
    },
  ],
};
const ZONE = zoneFrameShapeId("recit", "recits");

/** A French text of exactly `length` characters, the longest a phone may send being CARD_TEXT_MAX. */
function story(length: number, seed = 0): string {
  const words =
    "J'ai travaillé dix ans dans la restauration, puis j'ai dû m'arrêter pour m'occuper de ma mère ; aujourd'hui je cherche une formation courte près de chez moi, avec des horaires compatibles avec l'école des enfants.".split(
      " ",
    );
  let text = "";
  for (let i = seed; text.length < length; i++) text += (text ? " " : "") + words[i % words.length];
  return text.slice(0, length).trim();
}

const frameOf = (records: TLRecord[]) => records.find((record) => record.id === ZONE) as TLFrameShape;
const notesIn = (records: TLRecord[]) =>
  records.filter((record): record is TLNoteShape => record.typeName === "shape" && record.type === "note" && record.parentId === ZONE);

/** Posts each card in turn, as phones do, and returns the board's records afterwards. */
function postOneByOne(texts: string[], start = layoutTemplate(TEMPLATE)): TLRecord[] {
  const records = new Map(start.map((record) => [record.id, record]));
  for (const text of texts) {
    for (const record of placeCards(records.values(), frameOf([...records.values()]), [{ text, meta: { via: "phone" } }])) {
      records.set(record.id, record);
    }
  }
  return [...records.values()];
}

function expectNoOverlap(rects: Rect[]): void {
  for (let i = 0; i < rects.length; i++) {
    for (let j = i + 1; j < rects.length; j++) expect(clash(rects[i], rects[j]), `cards ${i} and ${j}`).toBe(false);
  }
}

const LONG = [story(CARD_TEXT_MAX), "Courte", story(320, 7), story(CARD_TEXT_MAX, 3), "Une autre", story(450, 11), "Fin"];

describe("long cards on the board", () => {
  it("a long card shrinks its font to a readable size, then grows; a short one is left as tldraw makes it", () => {
    expect(noteFit("Écouter les autres")).toEqual({ fontSizeAdjustment: 1, growY: 0 });
    const long = noteFit(story(CARD_TEXT_MAX));
    expect(long.fontSizeAdjustment * NOTE_FIT.fontSize).toBe(NOTE_FIT.minFontSize);
    // About 500 characters at 14 px: twenty-odd lines of some nineteen pixels.
    expect(long.growY).toBeGreaterThan(200);
    const middling = noteFit(story(100));
    expect(middling.growY).toBe(0);
    expect(middling.fontSizeAdjustment).toBeLessThan(1);
    // A word wider than the note (a web address): the font shrinks until it fits on a line.
    expect(noteFit("https://www.francetravail.fr/candidat/mes-demarches").fontSizeAdjustment).toBeLessThan(1);
  });

  it("cards posted one by one in a zone never touch each other, and the zone grows to hold them", () => {
    const records = postOneByOne(LONG);
    const notes = notesIn(records);
    expect(notes.map((note) => plainText(note.props.richText))).toEqual(expect.arrayContaining(LONG));
    expectNoOverlap(notes.map(noteRect));
    const frame = frameOf(records);
    for (const rect of notes.map(noteRect)) {
      expect(rect.x + rect.w).toBeLessThanOrEqual(frame.props.w);
      expect(rect.y + rect.h).toBeLessThanOrEqual(frame.props.h);
    }
    // Everything the server wrote is a record tldraw accepts.
    const schema = createTLSchema();
    for (const record of records) schema.types[record.typeName].validate(record);
  });

  it("cards revealed together, and cards around a note placed by hand, do not cover it", () => {
    const byHand = noteShape({ parentId: ZONE, x: 250, y: 40, text: story(400, 5) });
    const start = [...layoutTemplate(TEMPLATE), byHand];
    const placed = placeCards(
      start,
      frameOf(start),
      LONG.map((text) => ({ text, meta: { via: "private" } })),
    );
    const notes = notesIn([...start, ...placed]);
    expect(notes).toHaveLength(LONG.length + 1);
    expectNoOverlap(notes.map(noteRect));
  });
});

describe("a card that grows on the canvas", () => {
  const at = (id: string, x: number, y: number, h = 200) => ({ id, x, y, w: 200, h });

  it("pushes the cards it would cover down, and those below them, and leaves the others where they are", () => {
    // Three cards in a column, one beside; the first grows to 520 units.
    const grown = at("a", 30, 30, 520);
    const siblings = [grown, at("b", 30, 250), at("c", 30, 470), at("beside", 250, 250), at("above", 250, 30)];
    const moves = pushedDown(grown, siblings, 20);
    expect(Object.fromEntries(moves)).toEqual({ b: 570, c: 790 });
    const after = siblings.map((note) => ({ ...note, y: moves.get(note.id) ?? note.y }));
    expectNoOverlap(after);
  });

  it("does not touch a pile of cards it does not reach, nor move anything when nothing is covered", () => {
    const grown = at("a", 30, 30, 200);
    const pile = [at("p1", 500, 500), at("p2", 510, 510)];
    expect(pushedDown(grown, [grown, at("b", 30, 250), ...pile], 20).size).toBe(0);
  });
});

describe("long cards in the report", () => {
  const records = postOneByOne(LONG);
  const drawing = boardDrawing(records);

  it("the picture keeps all of each card's text inside its card, and no card over another", () => {
    expect(drawing.notes).toHaveLength(LONG.length);
    for (const note of drawing.notes) {
      expect(note.lines.join(" ")).toMatch(/\S/);
      for (const line of note.lines) expect(helveticaWidth(line, note.fontSize)).toBeLessThanOrEqual(note.w - 2 * note.padding + 0.01);
      expect(note.lines.length * note.fontSize * 1.2).toBeLessThanOrEqual(note.h - 2 * note.padding + 0.01);
    }
    expect(drawing.notes.map((note) => note.lines.join(" ")).sort()).toEqual([...LONG].sort());
    expectNoOverlap(drawing.notes);

    // In the SVG itself: every text element of a card sits inside that card's rectangle.
    const svg = boardSvg(drawing);
    const cards = [
      ...svg.matchAll(
        /<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="#fde68a"[^>]*\/>((?:<text[^>]*>[^<]*<\/text>)*)/g,
      ),
    ];
    expect(cards).toHaveLength(LONG.length);
    for (const [, x, y, w, h, texts] of cards) {
      const box = { x: Number(x), y: Number(y), w: Number(w), h: Number(h) };
      for (const [, tx, ty, size, line] of texts.matchAll(/<text x="([\d.]+)" y="([\d.]+)" font-size="([\d.]+)"[^>]*>([^<]*)<\/text>/g)) {
        const [left, baseline, fontSize] = [Number(tx), Number(ty), Number(size)];
        const text = line.replace(/&apos;/g, "'").replace(/&amp;/g, "&");
        expect(left).toBeGreaterThanOrEqual(box.x);
        expect(left + helveticaWidth(text, fontSize)).toBeLessThanOrEqual(box.x + box.w);
        // Capitals reach 0.72 em above the baseline, descenders 0.21 em below it.
        expect(baseline - 0.72 * fontSize).toBeGreaterThanOrEqual(box.y);
        expect(baseline + 0.21 * fontSize).toBeLessThanOrEqual(box.y + box.h);
      }
    }
  });

  it("the PDF's drawing of the board holds the whole text of a long card", async () => {
    const report: SessionReport = {
      session: {
        id: "s",
        title: "Cartes longues",
        kind: "peer_workshop",
        startsAt: new Date("2026-03-12T09:00:00Z"),
        place: "Salle 2",
        online: false,
        structure: "Structure",
        closedAt: null,
        decisions: "",
      },
      phases: [],
      endedOnPhase: null,
      // No zone listed: the only place the cards are written is the drawing of the board.
      zones: [],
      openVoteZone: null,
      nextSteps: [],
      attendance: { registered: 0, waiting: 0, cancelled: 0, present: 0, absent: 0, excused: 0, joinedBoard: 0 },
      contacts: [],
      board: drawing,
    };
    const text = (await pdfText(await reportPdf(report))).replace(/\s+/g, " ");
    for (const card of LONG) expect(text).toContain(card.replace(/\s+/g, " "));
  });
});
