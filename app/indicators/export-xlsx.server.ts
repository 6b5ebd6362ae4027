// The indicators as an Excel workbook for a funder (issue 16.6), written with exceljs: a first sheet
// saying what the figures cover (scope, period, comparison, masking, and which sheet holds which
// table), then one sheet per table whose first row is its header — so a funder can sort, filter or
// pivot it — with counts and rates as real numbers and a masked figure as the text "< 5".
import ExcelJS from "exceljs";
import { formatDay, t } from "../i18n/index.js";
import { cellText, type IndicatorCell, type IndicatorReport, type IndicatorTable } from "./indicator-table.js";
import { periodText } from "./export-csv.server.js";

const COUNT_FORMAT = "#,##0";
const RATE_FORMAT = "0.0%";
// Excel refuses these in a sheet's name, and names longer than 31 characters.
const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\]/g;
const SHEET_NAME_MAX = 31;

/** A unique sheet name from a table's title: Excel's rules, and a number when two titles start alike. */
function sheetName(title: string, taken: Set<string>): string {
  const base = title.replace(SHEET_NAME_FORBIDDEN, " ").replace(/\s+/g, " ").trim().slice(0, SHEET_NAME_MAX) || "Tableau";
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, SHEET_NAME_MAX - String(n).length - 1)} ${n}`;
  taken.add(name.toLowerCase());
  return name;
}

function writeCell(cell: ExcelJS.Cell, value: IndicatorCell): void {
  if ("count" in value) {
    cell.value = value.count;
    cell.numFmt = COUNT_FORMAT;
  } else if ("rate" in value) {
    cell.value = value.rate;
    cell.numFmt = RATE_FORMAT;
  } else {
    // A label, "< 5" or "—": text, never read as a number or a formula.
    cell.value = cellText(value);
    cell.alignment = "masked" in value ? { horizontal: "right" } : {};
  }
}

function addTableSheet(workbook: ExcelJS.Workbook, table: IndicatorTable, name: string): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  const header = sheet.addRow(table.columns.map((column) => column.label));
  header.font = { bold: true };
  for (const row of table.rows) {
    const line = sheet.addRow([]);
    table.columns.forEach((column, index) => writeCell(line.getCell(index + 1), row[column.key] ?? { empty: true }));
  }
  table.columns.forEach((column, index) => {
    const widest = Math.max(column.label.length, ...table.rows.map((row) => cellText(row[column.key] ?? { empty: true }).length));
    sheet.getColumn(index + 1).width = Math.min(60, Math.max(10, widest + 2));
  });
}

function addAboutSheet(workbook: ExcelJS.Workbook, report: IndicatorReport, sheets: { name: string; table: IndicatorTable }[]): void {
  const about = workbook.addWorksheet(t("indicators.export.about"));
  const facts: [string, string][] = [
    [t("indicators.export.scope"), report.scopeLabel],
    [t("indicators.export.period"), periodText(report.period)],
    [t("indicators.export.previous"), periodText(report.previous)],
  ];
  for (const [label, value] of facts) about.addRow([label, value]).getCell(1).font = { bold: true };
  about.addRow([t("indicators.export.masking")]);
  about.addRow([t("indicators.export.produced", { date: formatDay(new Date()) })]);
  about.addRow([]);
  const header = about.addRow([
    t("indicators.export.sheet"),
    t("indicators.export.table"),
    t("indicators.export.criterion"),
    t("indicators.export.note"),
  ]);
  header.font = { bold: true };
  for (const { name, table } of sheets) about.addRow([name, table.title, table.criterion?.label ?? "", table.note ?? ""]);
  about.getColumn(1).width = 32;
  about.getColumn(2).width = 48;
  about.getColumn(3).width = 40;
  about.getColumn(4).width = 60;
}

export async function indicatorsXlsx(report: IndicatorReport): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Atelier commun";
  const taken = new Set([t("indicators.export.about").toLowerCase()]);
  const sheets = report.tables.map((table) => ({ name: sheetName(table.title, taken), table }));
  addAboutSheet(workbook, report, sheets);
  for (const { name, table } of sheets) addTableSheet(workbook, table, name);
  return Uint8Array.from(Buffer.from(await workbook.xlsx.writeBuffer()));
}
