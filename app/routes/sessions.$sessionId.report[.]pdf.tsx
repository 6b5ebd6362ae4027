import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { attachment, postedDecisions, reportFileName, requireReport } from "~/report/download.server";
import { traceSessionRead } from "~/privacy/read-trace.server";
import { reportPdf } from "~/report/pdf.server";

/** The session's report as a PDF, with the saved decisions, or those just typed when posted from the report page. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const report = await requireReport(context.db, request, params.sessionId);
  await traceSessionRead(context.db, request, "session.report.pdf", report.session.id);
  return attachment(
    await reportPdf(report, report.session.decisions),
    "application/pdf",
    reportFileName(report.session.title, "compte-rendu", "pdf"),
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const report = await requireReport(context.db, request, params.sessionId);
  await traceSessionRead(context.db, request, "session.report.pdf", report.session.id);
  const decisions = await postedDecisions(request);
  return attachment(await reportPdf(report, decisions), "application/pdf", reportFileName(report.session.title, "compte-rendu", "pdf"));
}
