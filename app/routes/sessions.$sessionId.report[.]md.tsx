import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { attachment, postedDecisions, reportFileName, requireReport } from "~/report/download.server";
import { traceSessionRead } from "~/privacy/read-trace.server";
import { reportMarkdown } from "~/report/markdown.server";

const MARKDOWN = "text/markdown; charset=utf-8";

/** The session's report as Markdown, with the saved decisions, or those just typed when posted from the report page. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const report = await requireReport(context.db, request, params.sessionId);
  await traceSessionRead(context.db, request, "session.report.md", report.session.id);
  return attachment(reportMarkdown(report, report.session.decisions), MARKDOWN, reportFileName(report.session.title, "compte-rendu", "md"));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const report = await requireReport(context.db, request, params.sessionId);
  await traceSessionRead(context.db, request, "session.report.md", report.session.id);
  const decisions = await postedDecisions(request);
  return attachment(reportMarkdown(report, decisions), MARKDOWN, reportFileName(report.session.title, "compte-rendu", "md"));
}
