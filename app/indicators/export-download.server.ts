// The indicators' files for funders (issue 16.6), as the routes beside each indicators page serve
// them (…/indicateurs.csv, .xlsx, .pdf): the same access as the page (a 404 for whoever may not see
// the scope), the same period read from the address, the same computed and masked report.
import type { Db } from "../../prisma/db.js";
import { requireProfessional } from "../auth/auth.server.js";
import { attachment, reportFileName } from "../report/download.server.js";
import { indicatorsCsv } from "./export-csv.server.js";
import { indicatorsPdf } from "./export-pdf.server.js";
import { indicatorsXlsx } from "./export-xlsx.server.js";
import { computeIndicators, indicatorScopeFor, parsePeriod, type IndicatorTarget } from "./indicators.server.js";

export type IndicatorExportFormat = "csv" | "xlsx" | "pdf";

const CONTENT_TYPES: Record<IndicatorExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
};

/** The file for the signed-in professional; a redirect to sign in, or a 404, as the page would answer. */
export async function indicatorsDownload(
  db: Db,
  request: Request,
  target: IndicatorTarget,
  format: IndicatorExportFormat,
  now = new Date(),
): Promise<Response> {
  const user = await requireProfessional(db, request);
  const scope = await indicatorScopeFor(db, user.id, target);
  const period = parsePeriod(new URL(request.url).searchParams, now);
  const report = await computeIndicators(db, scope, period);
  const body = format === "csv" ? indicatorsCsv(report) : format === "xlsx" ? await indicatorsXlsx(report) : await indicatorsPdf(report);
  // "indicateurs-mission-locale-de-lens-2026.xlsx": ASCII only, whatever the scope's name.
  const fileName = reportFileName(`${report.scopeLabel} ${report.period.label}`, "indicateurs", format);
  return attachment(body, CONTENT_TYPES[format], fileName);
}
