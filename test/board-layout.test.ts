import { createTLSchema, type TLFrameShape, type TLRecord, type TLShape, type TLTextShape } from "@tldraw/tlschema";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { boardRecords, readBoardSchema } from "../board-core/shared-doc";
import {
  createInitialBoardUpdate,
  layoutTemplate,
  phasePromptShapeId,
  phaseTitleShapeId,
  zoneFrameShapeId,
} from "../board-core/template-layout";
import { createBoardStore } from "../app/board/tldraw-store";
import { loadWorkshopLibrary } from "../workshops/library";
import type { WorkshopTemplate } from "../workshops/schema";

function workshop(): WorkshopTemplate {
  return {
    id: "atelier-test",
    kind: "peer_workshop",
    title: "Atelier d'essai",
    audience: "Personnes accompagnées",
    goal: "Vérifier la mise en page du tableau",
    durationMinutes: 60,
    materials: [],
    accessibility: [],
    phases: [
      {
        id: "accueil",
        title: "Accueil",
        minutes: 10,
        guidance: "Accueillez le groupe.",
        prompt: "Votre prénom et votre humeur du jour.",
        zones: [{ id: "humeur", label: "Mon humeur", color: "light-blue", kind: "free" }],
      },
      {
        id: "freins",
        title: "Ce qui me freine au quotidien, dans mes démarches et mes déplacements",
        minutes: 30,
        guidance: "Une carte par frein.",
        prompt: "Écrivez une carte par difficulté rencontrée. ".repeat(6).trim(),
        zones: [
          { id: "mobilite", label: "Se déplacer", color: "orange", kind: "list", dimension: "mobility" },
          { id: "logement", label: "Se loger", color: "green", kind: "list", dimension: "housing" },
          { id: "numerique", label: "Le numérique", color: "violet", kind: "list", dimension: "digital" },
        ],
      },
      {
        id: "cloture",
        title: "Pour finir",
        minutes: 20,
        guidance: "Tour de table.",
        prompt: "Un mot pour repartir.",
        zones: [],
      },
    ],
  };
}

function plainText(shape: TLTextShape): string {
  const paragraphs = (shape.props.richText.content ?? []) as { content?: { text?: string }[] }[];
  return paragraphs.map((paragraph) => (paragraph.content ?? []).map((node) => node.text ?? "").join("")).join("\n");
}

function byId(records: TLRecord[]): Map<string, TLRecord> {
  return new Map(records.map((record) => [record.id, record]));
}

function shapes(records: TLRecord[]): TLShape[] {
  return records.filter((record): record is TLShape => record.typeName === "shape");
}

function validateAll(records: TLRecord[]): void {
  const schema = createTLSchema();
  for (const record of records) {
    const type = schema.types[record.typeName];
    expect(type, `record type ${record.typeName}`).toBeDefined();
    type.validate(record);
  }
}

describe("the board laid out from a workshop template", () => {
  it("consists of records that tldraw's own validators accept", () => {
    const records = layoutTemplate(workshop());
    expect(() => validateAll(records)).not.toThrow();
    expect(new Set(records.map((record) => record.id)).size).toBe(records.length);
  });

  it("accepts every template shipped in workshops/", () => {
    const { templates } = loadWorkshopLibrary();
    expect(templates.length).toBeGreaterThan(0);
    for (const template of templates) expect(() => validateAll(layoutTemplate(template)), template.id).not.toThrow();
  });

  it("holds the document and the default page, and every shape sits on a page or shape that exists", () => {
    const records = layoutTemplate(workshop());
    const ids = byId(records);
    expect(ids.get("document:document")).toMatchObject({ typeName: "document", name: "Atelier d'essai" });
    expect(ids.get("page:page")).toMatchObject({ typeName: "page" });
    for (const shape of shapes(records)) expect(ids.has(shape.parentId), shape.id).toBe(true);
  });

  it("reads left to right, one column per phase in the template's order", () => {
    const template = workshop();
    const ids = byId(layoutTemplate(template));
    const columns = template.phases.map((phase) => {
      const title = ids.get(phaseTitleShapeId(phase.id)) as TLTextShape;
      const zones = phase.zones.map((zone) => ids.get(zoneFrameShapeId(phase.id, zone.id)) as TLFrameShape);
      const right = Math.max(title.x + title.props.w, ...zones.map((frame) => frame.x + frame.props.w));
      return { left: title.x, right, zones };
    });
    for (let i = 1; i < columns.length; i++) expect(columns[i].left).toBeGreaterThan(columns[i - 1].right);
    for (const column of columns) for (const frame of column.zones) expect(frame.x).toBe(column.left);
  });

  it("gives each phase its title above its prompt, even a phase without zones", () => {
    const template = workshop();
    const ids = byId(layoutTemplate(template));
    for (const phase of template.phases) {
      const title = ids.get(phaseTitleShapeId(phase.id)) as TLTextShape;
      const prompt = ids.get(phasePromptShapeId(phase.id)) as TLTextShape;
      expect(plainText(title)).toBe(phase.title);
      expect(plainText(prompt)).toBe(phase.prompt);
      expect(title.props.size).toBe("xl");
      expect(prompt.y).toBeGreaterThan(title.y);
    }
  });

  it("turns each zone into a frame named after it, in its colour, below the phase's prompt", () => {
    const template = workshop();
    const ids = byId(layoutTemplate(template));
    for (const phase of template.phases) {
      const prompt = ids.get(phasePromptShapeId(phase.id)) as TLTextShape;
      for (const zone of phase.zones) {
        const frame = ids.get(zoneFrameShapeId(phase.id, zone.id)) as TLFrameShape;
        expect(frame).toMatchObject({ type: "frame", parentId: "page:page", props: { name: zone.label, color: zone.color } });
        expect(frame.y).toBeGreaterThan(prompt.y);
        expect(frame.meta).toMatchObject({ role: "zone", phaseId: phase.id, zoneId: zone.id, zoneKind: zone.kind });
        expect(frame.meta.dimension).toBe(zone.dimension);
      }
    }
  });

  it("makes each zone wide enough for three sticky notes and keeps zones from overlapping", () => {
    const frames = shapes(layoutTemplate(workshop())).filter((shape): shape is TLFrameShape => shape.type === "frame");
    expect(frames).toHaveLength(4);
    for (const frame of frames) expect(frame.props.w).toBeGreaterThanOrEqual(3 * 200);
    for (const a of frames) {
      for (const b of frames) {
        if (a === b) continue;
        const apart = a.x + a.props.w <= b.x || b.x + b.props.w <= a.x || a.y + a.props.h <= b.y || b.y + b.props.h <= a.y;
        expect(apart, `${a.id} / ${b.id}`).toBe(true);
      }
    }
  });

  it("gives the same ids to the same template every time", () => {
    expect(layoutTemplate(workshop())).toEqual(layoutTemplate(workshop()));
  });
});

describe("the initial board update", () => {
  it("gives a new Y.Doc the template's records and the schema they were written with", () => {
    const template = workshop();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, createInitialBoardUpdate(template));

    const expected = layoutTemplate(template);
    const records = boardRecords(doc);
    expect(records.size).toBe(expected.length);
    for (const record of expected) expect(records.get(record.id)).toEqual(record);
    expect(readBoardSchema(doc)).toEqual(createTLSchema().serialize());
  });

  it("is written with the very schema of the board's tldraw store, so opening it migrates nothing", () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, createInitialBoardUpdate(workshop()));
    const store = createBoardStore();
    const storedSchema = readBoardSchema(doc);
    expect(storedSchema).toBeDefined();
    const since = store.schema.getMigrationsSince(storedSchema!);
    expect(since.ok && since.value).toEqual([]);
    expect(storedSchema).toEqual(store.schema.serialize());
  });
});
