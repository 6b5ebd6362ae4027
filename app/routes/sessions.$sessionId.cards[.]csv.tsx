import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachment, cardsCsv, reportFileName, requireReport } from "~/report/download.server";
import { traceSessionRead } from "~/privacy/read-trace.server";

/** Every card of the board, one per row (zone, phase, text, votes), for a spreadsheet. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const report = await requireReport(context.db, request, params.sessionId);
  await traceSessionRead(context.db, request, "session.cards.csv", report.session.id);
  return attachment(cardsCsv(report), "text/csv; charset=utf-8", reportFileName(report.session.title, "cartes", "csv"));
}
