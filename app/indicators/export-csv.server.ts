// The indicators as one CSV file for a funder's spreadsheet (issue 16.6): one section per table — its
// title, its criterion of the quality grid, its header row, its rows — separated by an empty line.
//
// One file rather than a zip of files: it opens with a double click, and every table is there.
// Written for French Excel, which most funders and structures use:
// - a UTF-8 byte order mark, without which Excel reads "é" as "Ã©";
// - ";" between fields, Excel's list separator in a French locale (where "," is the decimal mark):
//   with "," Excel would put each line in one cell;
// - counts as bare integers ("1234", no thousands space) so that Excel reads them as numbers;
//   rates as French percentages ("42,5 %"), which Excel in French reads as numbers too;
// - a masked figure as the text "< 5", never a number.
import Papa from "papaparse";
import { formatDay, t } from "../i18n/index.js";
import { cellText, type IndicatorCell, type IndicatorReport, type IndicatorTable } from "./indicator-table.js";

const percent = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1, useGrouping: false });

/** A cell as a spreadsheet should read it: numbers without grouping, rates in percent, "< 5" as text. */
export function csvCell(cell: IndicatorCell): string {
  if ("count" in cell) return String(cell.count);
  if ("rate" in cell) return `${percent.format(cell.rate * 100)} %`;
  return cellText(cell);
}

/** "Année 2026 (du 1er janvier 2026 au 31 décembre 2026)", or the label alone when the dates do not read. */
export function periodText(period: IndicatorReport["period"]): string {
  const [from, to] = [new Date(period.from), new Date(period.to)];
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return period.label;
  return `${period.label} (${t("indicators.export.dates", { from: formatDay(from), to: formatDay(to) })})`;
}

function tableSection(table: IndicatorTable): string[][] {
  const lines: string[][] = [[table.title]];
  if (table.criterion) lines.push([t("indicators.export.criterion"), table.criterion.label]);
  lines.push(table.columns.map((column) => column.label));
  for (const row of table.rows) lines.push(table.columns.map((column) => csvCell(row[column.key] ?? { empty: true })));
  if (table.note) lines.push([t("indicators.export.note"), table.note]);
  return lines;
}

export function indicatorsCsv(report: IndicatorReport): string {
  const lines: string[][] = [
    [t("indicators.export.scope"), report.scopeLabel],
    [t("indicators.export.period"), periodText(report.period)],
    [t("indicators.export.previous"), periodText(report.previous)],
    [t("indicators.export.masking")],
  ];
  for (const table of report.tables) lines.push([], ...tableSection(table));
  // escapeFormulae: a template's title or a structure's name starting with "=" stays text in Excel.
  return `\uFEFF${Papa.unparse(lines, { delimiter: ";", newline: "\r\n", escapeFormulae: true })}\r\n`;
}
