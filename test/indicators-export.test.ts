import ExcelJS from "exceljs";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { indicatorsCsv } from "../app/indicators/export-csv.server.js";
import { indicatorsPdf, sectionsByCriterion } from "../app/indicators/export-pdf.server.js";
import { indicatorsXlsx } from "../app/indicators/export-xlsx.server.js";
import { masked, type IndicatorReport } from "../app/indicators/indicator-table.js";
import { pdfText } from "./support/pdf-text.js";

// A report built by hand in the shape the computation gives (app/indicators/indicator-table.ts):
// what the exports write is checked against it, figure by figure.
const report: IndicatorReport = {
  scopeLabel: "Mission locale de Lens",
  period: { label: "Année 2026", from: "2026-01-01T00:00:00.000Z", to: "2026-12-31T00:00:00.000Z" },
  previous: { label: "Année 2025", from: "2025-01-01T00:00:00.000Z", to: "2025-12-31T00:00:00.000Z" },
  tables: [
    {
      id: "sessions-by-kind",
      title: "Séances tenues par type",
      criterion: { id: "activite", label: "Nombre d'ateliers et de participants" },
      columns: [
        { key: "kind", label: "Type de séance" },
        { key: "current", label: "Année 2026" },
        { key: "previous", label: "Année 2025" },
      ],
      rows: [
        { kind: { text: "Atelier entre pairs" }, current: { count: 1234 }, previous: { count: 987 } },
        { kind: { text: "=Réunion d'information" }, current: masked, previous: { empty: true } },
      ],
      chart: { kind: "bars", labelKey: "kind", valueKeys: ["current", "previous"] },
    },
    {
      id: "attendance",
      title: "Présence des inscrits",
      criterion: { id: "activite", label: "Nombre d'ateliers et de participants" },
      columns: [
        { key: "measure", label: "Mesure" },
        { key: "current", label: "Année 2026" },
      ],
      rows: [
        { measure: { text: "Présents" }, current: { count: 80 } },
        { measure: { text: "Taux de présence" }, current: { rate: 0.8125 } },
      ],
      note: "Présents sur inscrits dont la présence a été notée.",
    },
    {
      id: "satisfaction",
      title: "Satisfaction : question par question",
      criterion: { id: "satisfaction", label: "Taux de satisfaction des participants" },
      columns: [
        { key: "question", label: "Question" },
        { key: "rate", label: "Satisfaits" },
      ],
      rows: [
        { question: { text: "Je me suis senti·e accueilli·e" }, rate: { rate: 0.9 } },
        { question: { text: "Je reviendrais" }, rate: masked },
      ],
    },
    {
      id: "contact-cards",
      title: "Cartes de contact partagées",
      columns: [
        { key: "series", label: "Série" },
        { key: "cards", label: "Cartes" },
      ],
      rows: [{ series: { text: "Échanges du Bassin minier" }, cards: { count: 12 } }],
    },
  ],
};

describe("the indicators' exports for funders, read back", () => {
  it("groups the tables by criterion of the quality grid, in order, those without one last", () => {
    const sections = sectionsByCriterion(report.tables);
    expect(sections.map((section) => [section.criterion?.id ?? null, section.tables.map((table) => table.id)])).toEqual([
      ["activite", ["sessions-by-kind", "attendance"]],
      ["satisfaction", ["satisfaction"]],
      [null, ["contact-cards"]],
    ]);
  });

  it("writes one CSV a French spreadsheet opens: BOM, semicolons, a section per table, '< 5' for a masked figure", () => {
    const csv = indicatorsCsv(report);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const lines = Papa.parse<string[]>(csv.slice(1), { delimiter: ";" }).data;
    expect(lines[0]).toEqual(["Périmètre", "Mission locale de Lens"]);
    expect(lines[1]![1]).toContain("Année 2026");
    expect(lines[2]![1]).toContain("Année 2025");

    const start = lines.findIndex((line) => line[0] === "Séances tenues par type");
    expect(lines[start + 1]).toEqual(["Critère de la grille qualité", "Nombre d'ateliers et de participants"]);
    expect(lines[start + 2]).toEqual(["Type de séance", "Année 2026", "Année 2025"]);
    // Counts are bare numbers; a masked figure is "< 5"; a label starting with "=" is not a formula.
    expect(lines[start + 3]).toEqual(["Atelier entre pairs", "1234", "987"]);
    expect(lines[start + 4]).toEqual(["'=Réunion d'information", "< 5", "—"]);

    const attendance = lines.findIndex((line) => line[0] === "Présence des inscrits");
    expect(lines[attendance + 4]).toEqual(["Taux de présence", "81,3 %"]);
    expect(lines[attendance + 5]).toEqual(["Remarque", "Présents sur inscrits dont la présence a été notée."]);
    const satisfaction = lines.findIndex((line) => line[0] === "Satisfaction : question par question");
    expect(lines[satisfaction + 3]).toEqual(["Je me suis senti·e accueilli·e", "90 %"]);
    expect(lines[satisfaction + 4]).toEqual(["Je reviendrais", "< 5"]);
    // A table without a criterion has no criterion line.
    const cards = lines.findIndex((line) => line[0] === "Cartes de contact partagées");
    expect(lines[cards + 1]).toEqual(["Série", "Cartes"]);
  });

  it("writes an XLSX with a first sheet on scope, period and masking, then one sheet per table with numbers as numbers", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await indicatorsXlsx(report)).buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      "À propos",
      "Séances tenues par type",
      "Présence des inscrits",
      "Satisfaction question par quest",
      "Cartes de contact partagées",
    ]);
    const about = workbook.worksheets[0]!;
    const aboutText = about.getSheetValues().flat().map(String).join("\n");
    expect(aboutText).toContain("Mission locale de Lens");
    expect(aboutText).toContain("Année 2026");
    expect(aboutText).toContain("Année 2025");
    expect(aboutText).toContain("« < 5 »");
    expect(aboutText).toContain("Taux de satisfaction des participants");

    const sessions = workbook.worksheets[1]!;
    expect(sessions.getRow(1).values).toEqual([undefined, "Type de séance", "Année 2026", "Année 2025"]);
    expect(sessions.getCell("B2").value).toBe(1234);
    expect(sessions.getCell("B2").numFmt).toBe("#,##0");
    expect(sessions.getCell("B3").value).toBe("< 5");
    expect(sessions.getCell("A3").value).toBe("=Réunion d'information");
    expect(sessions.getCell("A3").formula).toBeUndefined();

    const attendance = workbook.worksheets[2]!;
    expect(attendance.getCell("B3").value).toBe(0.8125);
    expect(attendance.getCell("B3").numFmt).toBe("0.0%");
    const satisfaction = workbook.worksheets[3]!;
    expect(satisfaction.getCell("B3").value).toBe("< 5");
  });

  it("prints an annual summary along the quality grid's criteria, with the figures and '< 5'", async () => {
    const text = await pdfText(await indicatorsPdf(report));
    const order = [
      "Bilan d'activité — Mission locale de Lens",
      "Critère : Nombre d'ateliers et de participants",
      "Séances tenues par type",
      "Présence des inscrits",
      "Critère : Taux de satisfaction des participants",
      "Satisfaction : question par question",
      "Autres indicateurs",
      "Cartes de contact partagées",
    ];
    const positions = order.map((line) => text.indexOf(line));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toContain("Année 2025");
    // The page's own French figures: a space between thousands, percentages rounded.
    expect(text).toMatch(/^1\s234$/m);
    expect(text).toMatch(/^81\s%$/m);
    expect(text.split("\n").filter((line) => line === "< 5")).toHaveLength(2);
  });
});
