// What the report's downloads share: who may have them, the decisions typed on the page, the file.
import Papa from "papaparse";
import type { Db } from "../../prisma/db.js";
import { requireProfessional } from "../auth/auth.server.js";
import { decisionsFormSchema } from "./decisions.js";
import { t } from "../i18n/index.js";
import { gatherReport, type SessionReport } from "./gather.server.js";
import { readForm } from "../lib/request-body.server.js";
import { notFound } from "../lib/forms.js";

/** The report of a session the signed-in professional runs; a 404 for anyone else. */
export async function requireReport(db: Db, request: Request, sessionId: string | undefined): Promise<SessionReport> {
  const user = await requireProfessional(db, request);
  const report = await gatherReport(db, user.id, sessionId ?? "");
  if (!report) throw notFound();
  return report;
}

/** The decisions posted from the report page (a GET download has none). */
export async function postedDecisions(request: Request): Promise<string> {
  const form = await readForm(request);
  const parsed = decisionsFormSchema.safeParse({ decisions: String(form.get("decisions") ?? "") });
  if (!parsed.success) {
    throw new Response(t("report.error.decisions"), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  return parsed.data.decisions;
}

/** A file name from the session's title: ASCII letters, digits and dashes only. */
export function reportFileName(title: string, prefix: string, extension: string): string {
  const slug = title
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 60)
    .replace(/^-+|-+$/g, "");
  return `${prefix}${slug ? `-${slug}` : ""}.${extension}`;
}

export function attachment(body: BodyInit, contentType: string, fileName: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": contentType,
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}

/** One row per card, for a spreadsheet: with a BOM so Excel reads the accents as UTF-8. */
export function cardsCsv(report: SessionReport): string {
  const rows = report.zones.flatMap((zone) => zone.cards.map((card) => [zone.label, zone.phaseTitle, card.text, card.votes]));
  const fields = [t("report.csv.zone"), t("report.csv.phase"), t("report.csv.text"), t("report.csv.votes")];
  return `\uFEFF${Papa.unparse({ fields, data: rows }, { newline: "\r\n", escapeFormulae: true })}\r\n`;
}
