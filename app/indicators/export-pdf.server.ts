// The printable annual activity summary (issue 16.6): an A4 PDF for a funder or a quality review,
// organised along the SIAE quality grid — one section per criterion, holding the tables that serve
// it, in the order the computation gives them; tables that serve no criterion come last. Written
// like the session report (app/report/pdf.server.ts): pdfkit's built-in Helvetica, French text
// reduced to what that font draws (winAnsi), no font file to ship.
import PDFDocument from "pdfkit";
import { formatDay, t } from "../i18n/index.js";
import { winAnsi } from "../report/text-metrics.server.js";
import { periodText } from "./export-csv.server.js";
import { cellText, type IndicatorReport, type IndicatorTable } from "./indicator-table.js";

const MARGIN = 50;
const CELL_PADDING = 3;
const TABLE_FONT_SIZE = 9;
type Pdf = InstanceType<typeof PDFDocument>;

export interface CriterionSection {
  /** null: the tables that serve no criterion of the grid. */
  criterion: { id: string; label: string } | null;
  tables: IndicatorTable[];
}

/** The tables grouped by criterion, in the order criteria first appear; those without one at the end. */
export function sectionsByCriterion(tables: IndicatorTable[]): CriterionSection[] {
  const sections = new Map<string, CriterionSection>();
  const others: IndicatorTable[] = [];
  for (const table of tables) {
    if (!table.criterion) {
      others.push(table);
      continue;
    }
    const section = sections.get(table.criterion.id) ?? { criterion: table.criterion, tables: [] };
    section.tables.push(table);
    sections.set(table.criterion.id, section);
  }
  return [...sections.values(), ...(others.length > 0 ? [{ criterion: null, tables: others }] : [])];
}

export async function indicatorsPdf(report: IndicatorReport): Promise<Uint8Array<ArrayBuffer>> {
  const title = `${t("indicators.export.summaryTitle")} — ${report.scopeLabel}`;
  const pdf = new PDFDocument({ size: "A4", margin: MARGIN, info: { Title: winAnsi(title) } });
  const chunks: Buffer[] = [];
  pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    pdf.on("end", resolve);
    pdf.on("error", reject);
  });

  pdf.font("Helvetica-Bold").fontSize(18).text(winAnsi(title)).moveDown(0.5);
  for (const [label, value] of [
    [t("indicators.export.scope"), report.scopeLabel],
    [t("indicators.export.period"), periodText(report.period)],
    [t("indicators.export.previous"), periodText(report.previous)],
  ]) {
    pdf
      .font("Helvetica-Bold")
      .fontSize(10.5)
      .text(`${winAnsi(label)} : `, { continued: true });
    pdf.font("Helvetica").text(winAnsi(value));
  }
  pdf
    .moveDown(0.4)
    .font("Helvetica-Oblique")
    .fontSize(9.5)
    .text(winAnsi(t("indicators.export.masking")));
  pdf.text(winAnsi(t("indicators.export.produced", { date: formatDay(new Date()) }))).moveDown(0.5);

  const sections = sectionsByCriterion(report.tables);
  if (sections.length === 0)
    pdf
      .font("Helvetica")
      .fontSize(10.5)
      .text(winAnsi(t("indicators.export.empty")));
  for (const section of sections) {
    const heading = section.criterion
      ? t("indicators.export.criterionHeading", { label: section.criterion.label })
      : t("indicators.export.otherHeading");
    keepRoom(pdf, 80);
    pdf.moveDown(0.6).font("Helvetica-Bold").fontSize(14).text(winAnsi(heading)).moveDown(0.3);
    for (const table of section.tables) drawTable(pdf, table);
  }
  pdf.end();
  await finished;
  return Uint8Array.from(Buffer.concat(chunks));
}

/** French figures' narrow no-break spaces ("1 234", "81 %") are not in Helvetica: a no-break space is. */
function pdfText(text: string): string {
  return winAnsi(text.replace(/\u202f/g, "\u00a0"));
}

/** A new page when less than `height` points are left on this one. */
function keepRoom(pdf: Pdf, height: number): void {
  if (pdf.y + height > pdf.page.height - MARGIN) pdf.addPage();
}

/** A table as a grid: the label column twice as wide as the figures, a header repeated on each new page. */
function drawTable(pdf: Pdf, table: IndicatorTable): void {
  const width = pdf.page.width - 2 * MARGIN;
  const weights = table.columns.map((_, index) => (index === 0 ? 2 : 1));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const widths = weights.map((weight) => (width * weight) / total);

  keepRoom(pdf, 70);
  pdf.moveDown(0.3).font("Helvetica-Bold").fontSize(11).text(winAnsi(table.title), MARGIN).moveDown(0.2);
  const header = table.columns.map((column) => winAnsi(column.label));
  drawRow(pdf, header, widths, true);
  for (const row of table.rows) {
    const texts = table.columns.map((column) => pdfText(cellText(row[column.key] ?? { empty: true })));
    if (pdf.y + rowHeight(pdf, texts, widths, false) > pdf.page.height - MARGIN) {
      pdf.addPage();
      drawRow(pdf, header, widths, true);
    }
    drawRow(pdf, texts, widths, false);
  }
  if (table.note) pdf.moveDown(0.2).font("Helvetica-Oblique").fontSize(9).text(winAnsi(table.note), MARGIN, pdf.y, { width });
  pdf.moveDown(0.4);
}

function rowHeight(pdf: Pdf, texts: string[], widths: number[], bold: boolean): number {
  pdf.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(TABLE_FONT_SIZE);
  return Math.max(...texts.map((text, index) => pdf.heightOfString(text, { width: widths[index]! - 2 * CELL_PADDING }))) + 2 * CELL_PADDING;
}

function drawRow(pdf: Pdf, texts: string[], widths: number[], bold: boolean): void {
  const height = rowHeight(pdf, texts, widths, bold);
  const top = pdf.y;
  let x = MARGIN;
  texts.forEach((text, index) => {
    const cellWidth = widths[index]!;
    if (bold) pdf.rect(x, top, cellWidth, height).fill("#eeeeee");
    pdf.rect(x, top, cellWidth, height).lineWidth(0.5).stroke("#999999");
    pdf
      .fillColor("#000000")
      .font(bold ? "Helvetica-Bold" : "Helvetica")
      .fontSize(TABLE_FONT_SIZE)
      .text(text, x + CELL_PADDING, top + CELL_PADDING, { width: cellWidth - 2 * CELL_PADDING, align: index === 0 ? "left" : "right" });
    x += cellWidth;
  });
  pdf.x = MARGIN;
  pdf.y = top + height;
}
