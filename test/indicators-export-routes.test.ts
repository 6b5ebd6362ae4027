// The indicators' files through their routes (issue 16.6), on a known history: the figures of the
// page in each format, "< 5" where the page hides one, and the page's access rule — whoever may not
// see the indicators gets the same 404 for their files.
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loader as structureCsv } from "../app/routes/structures.$structureId_.indicateurs[.]csv.js";
import { loader as structureXlsx } from "../app/routes/structures.$structureId_.indicateurs[.]xlsx.js";
import { loader as structurePdf } from "../app/routes/structures.$structureId_.indicateurs[.]pdf.js";
import { loader as seriesCsv } from "../app/routes/series.$seriesId.indicateurs[.]csv.js";
import { loader as seriesPdf } from "../app/routes/series.$seriesId.indicateurs[.]pdf.js";
import { loader as networkXlsx } from "../app/routes/reseau.indicateurs[.]xlsx.js";
import { computeIndicators, parsePeriod } from "../app/indicators/indicators.server.js";
import { createTestDatabase, participantCookie, professionalCookie, type TestDatabase } from "./support/fixtures.js";
import * as seed from "./support/indicator-history.js";
import { pdfText } from "./support/pdf-text.js";
import { answerOf } from "./support/route-answer.js";

const BASE = "http://localhost";
let database: TestDatabase;
const context = () => ({ db: database.db, tldrawLicenseKey: null });
const get = (cookie: string, path: string) => new Request(`${BASE}${path}`, { headers: { Cookie: cookie } });
const who = {} as Record<"member" | "other" | "seriesMember" | "participant", string>;
const at = {} as Record<"structure" | "series", string>;
const YEAR = "?period=year&year=2026";

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  const host = await seed.structureWithAdmin(db, "Maison de l'emploi d'Arras", "Nord");
  const other = await seed.structureWithAdmin(db, "Structure ailleurs", "Sud");
  const partner = await seed.structureWithAdmin(db, "Structure partenaire", "Nord");
  at.structure = host.structure.id;
  const people = await seed.people(db, host.structure.id, 6);
  const base = { structureId: host.structure.id, createdById: host.user.id };
  const march = await seed.session(db, { ...base, day: "2026-03-05" });
  await seed.participants(db, march, { personIds: people, unlinked: 2 });
  await seed.registrations(db, march, { present: 7, absent: 2 });
  await seed.answers(db, march, { id: "accueil", label: "Je me suis senti·e accueilli·e", scale: 4 }, [4, 4, 4, 3, 1, 4]);
  const june = await seed.session(db, { ...base, day: "2026-06-11" });
  await seed.participants(db, june, { personIds: people.slice(0, 5) });
  await seed.registrations(db, june, { present: 5 });
  await seed.session(db, { ...base, day: "2025-05-20" });
  const series = await db.practiceSeries.create({
    data: {
      title: "Série du Nord",
      territory: "Nord",
      theme: "Logement",
      createdById: partner.user.id,
      members: { create: [{ structureId: partner.structure.id, position: 0 }] },
    },
  });
  at.series = series.id;
  who.member = await professionalCookie(db, host.user.id);
  who.other = await professionalCookie(db, other.user.id);
  who.seriesMember = await professionalCookie(db, partner.user.id);
  who.participant = await participantCookie(db, march);
});

afterAll(async () => database.cleanup());

async function download(run: () => Promise<unknown>) {
  const response = (await run()) as Response;
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

const sectionOf = (lines: string[][], title: string) => {
  const start = lines.findIndex((line) => line[0] === title);
  expect(start, title).toBeGreaterThan(0);
  const end = lines.findIndex((line, index) => index > start && line.length === 1 && line[0] === "");
  return lines.slice(start, end === -1 ? undefined : end);
};

describe("the indicators' files through their routes", () => {
  it("gives a member the structure's year as a CSV: every figure of the page, exact, '< 5' where it hides one", async () => {
    const { response, bytes } = await download(() =>
      structureCsv({
        request: get(who.member, `/structures/${at.structure}/indicateurs.csv${YEAR}`),
        params: { structureId: at.structure },
        context: context(),
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="indicateurs-maison-de-l-emploi-d-arras-2026.csv"');
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const lines = Papa.parse<string[]>(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ""), { delimiter: ";" }).data;
    expect(lines[0]).toEqual(["Périmètre", "Maison de l'emploi d'Arras"]);
    expect(lines[1]).toEqual(["Période", "2026 (du 1er janvier 2026 au 31 décembre 2026)"]);
    expect(lines[2]).toEqual(["Comparée à", "2025 (du 1er janvier 2025 au 31 décembre 2025)"]);

    const kinds = sectionOf(lines, "Séances par type");
    expect(kinds).toContainEqual(["Atelier entre pairs", "2", "1"]);
    expect(kinds).toContainEqual(["Total", "2", "1"]);
    const attendance = sectionOf(lines, "Inscriptions et présence");
    expect(attendance).toContainEqual(["Inscriptions", "14", "0"]);
    // 7 present and 2 absent in March: the 2 would show, and 14 − 12 would give them back.
    expect(attendance).toContainEqual(["Absents", "< 5", "0"]);
    expect(attendance).toContainEqual(["Présents", "< 5", "0"]);
    const participants = sectionOf(lines, "Participants");
    expect(participants).toContainEqual(["Personnes accompagnées (chacune comptée une fois)", "9", "0"]);
    const satisfaction = sectionOf(lines, "Satisfaction, question par question");
    expect(satisfaction.find((line) => line[0] === "Je me suis senti·e accueilli·e")?.slice(0, 3)).toEqual([
      "Je me suis senti·e accueilli·e",
      "6",
      "< 5",
    ]);
  });

  it("gives the same report as an XLSX and a PDF along the quality grid's criteria", async () => {
    const { response: xlsxResponse, bytes: xlsx } = await download(() =>
      structureXlsx({
        request: get(who.member, `/structures/${at.structure}/indicateurs.xlsx${YEAR}`),
        params: { structureId: at.structure },
        context: context(),
      }),
    );
    expect(xlsxResponse.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(xlsxResponse.headers.get("Content-Disposition")).toMatch(/^attachment; filename="indicateurs-[a-z0-9-]+\.xlsx"$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.buffer);
    const kinds = workbook.getWorksheet("Séances par type")!;
    const total = kinds.getRows(2, kinds.rowCount - 1)!.find((row) => row.getCell(1).value === "Total")!;
    expect([total.getCell(2).value, total.getCell(3).value]).toEqual([2, 1]);
    const attendance = workbook.getWorksheet("Inscriptions et présence")!;
    const absent = attendance.getRows(2, attendance.rowCount - 1)!.find((row) => row.getCell(1).value === "Absents")!;
    expect(absent.getCell(2).value).toBe("< 5");

    const { response: pdfResponse, bytes: pdf } = await download(() =>
      structurePdf({
        request: get(who.member, `/structures/${at.structure}/indicateurs.pdf${YEAR}`),
        params: { structureId: at.structure },
        context: context(),
      }),
    );
    expect(pdfResponse.headers.get("Content-Type")).toBe("application/pdf");
    const text = await pdfText(pdf);
    const report = await computeIndicators(
      database.db,
      { kind: "structure", structureId: at.structure },
      parsePeriod(new URLSearchParams(YEAR), new Date()),
    );
    // Each criterion the report's tables serve is a heading, before its tables.
    const criteria = [...new Set(report.tables.flatMap((table) => (table.criterion ? [table.criterion.label] : [])))];
    expect(criteria.length).toBeGreaterThan(1);
    const flat = text.replace(/\s+/g, " ");
    for (const label of criteria) expect(flat).toContain(`Critère : ${label}`);
    expect(flat.indexOf(`Critère : ${criteria[0]}`)).toBeLessThan(flat.indexOf("Séances par type"));
    expect(text.split("\n")).toContain("< 5");
    expect(flat).toContain("Inscriptions 14 0");
  });

  it("answers 404 to whoever may not see the indicators, in every format and scope", async () => {
    const structureRoute = (cookie: string) => ({
      request: get(cookie, `/structures/${at.structure}/indicateurs.csv${YEAR}`),
      params: { structureId: at.structure },
      context: context(),
    });
    for (const cookie of [who.other, who.seriesMember]) {
      expect((await answerOf(() => structureCsv(structureRoute(cookie)))).status).toBe(404);
      expect((await answerOf(() => structureXlsx(structureRoute(cookie)))).status).toBe(404);
      expect((await answerOf(() => structurePdf(structureRoute(cookie)))).status).toBe(404);
    }
    // A participant's cookie is no professional's: sent to sign in, as on the page.
    expect((await answerOf(() => structureCsv(structureRoute(who.participant)))).status).toBe(302);
    const seriesRoute = (cookie: string) => ({
      request: get(cookie, `/series/${at.series}/indicateurs.pdf`),
      params: { seriesId: at.series },
      context: context(),
    });
    expect((await answerOf(() => seriesPdf(seriesRoute(who.member)))).status).toBe(404);
    expect(
      (await answerOf(() => networkXlsx({ request: get(who.member, "/reseau/indicateurs.xlsx"), params: {}, context: context() }))).status,
    ).toBe(404);
  });

  it("gives a series' member the series' file", async () => {
    const { response, bytes } = await download(() =>
      seriesCsv({
        request: get(who.seriesMember, `/series/${at.series}/indicateurs.csv${YEAR}`),
        params: { seriesId: at.series },
        context: context(),
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="indicateurs-serie-du-nord-2026.csv"');
    expect(new TextDecoder().decode(bytes)).toContain("Périmètre;Série du Nord");
  });
});
