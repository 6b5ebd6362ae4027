import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BoardImage, CardList, DownloadForm } from "~/report/report-sections";
import { formatDateTime, t } from "~/i18n";
import { participationLines } from "~/registrations/counts";
import { boardSvg } from "~/report/board-image.server";
import { requireProfessional } from "~/auth/auth.server";
import { closeSession } from "~/diagnostic/closing/closing.server";
import { notFound } from "~/lib/forms";
import { postedDecisions, requireReport } from "~/report/download.server";
import { traceSessionRead } from "~/privacy/read-trace.server";
import { FeedbackReport } from "~/feedback/feedback-report";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t("report.title")} · ${data?.report.session.title ?? ""} · ${t("app.name")}` },
];

/** The session's report: what was run, written, decided, who came; then the downloads. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { board, ...report } = await requireReport(context.db, request, params.sessionId);
  await traceSessionRead(context.db, request, "session.report", report.session.id);
  return {
    report,
    boardImage: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(boardSvg(board))}`,
    cardCount: board.notes.length,
  };
}

/** Closes the session with the decisions typed on the report; downloads then carry them. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const decisions = await postedDecisions(request);
  const sessionId = params.sessionId ?? "";
  if (!(await closeSession(context.db, user.id, sessionId, decisions))) throw notFound();
  return redirect(`/sessions/${sessionId}/report`);
}

export default function ReportPage() {
  const { report, boardImage, cardCount } = useLoaderData<typeof loader>();
  const { session, attendance } = report;
  return (
    <div className="page narrow report">
      <p>
        <Link to={`/sessions/${session.id}`}>{t("report.back", { title: session.title })}</Link>
      </p>
      <h1>{t("report.title")}</h1>
      <p>{t("report.intro")}</p>
      <ul className="report-meta">
        <li>{t("report.meta.when", { date: formatDateTime(session.startsAt) })}</li>
        <li>{session.online ? t("report.meta.online") : t("report.meta.where", { place: session.place ?? "" })}</li>
        <li>{t("report.meta.structure", { structure: session.structure })}</li>
      </ul>
      {session.closedAt ? (
        <p className="notice ok" data-testid="report-closed">
          {t("report.closed", { date: formatDateTime(session.closedAt) })}
        </p>
      ) : null}
      <p className="notice">{t("report.unsigned")}</p>

      <h2>{t("report.agenda.title")}</h2>
      <ol className="agenda">
        {report.phases.map((phase) => (
          <li key={phase.id}>
            {t("report.agenda.phase", { title: phase.title, minutes: phase.minutes })}
            {phase.title === report.endedOnPhase ? <strong> {t("report.agenda.current")}</strong> : null}
          </li>
        ))}
      </ol>
      {report.endedOnPhase ? null : <p>{t("report.agenda.notRun")}</p>}

      <h2>{t("report.board.title")}</h2>
      <BoardImage src={boardImage} zones={report.zones.length} cards={cardCount} />

      <h2>{t("report.zones.title")}</h2>
      {report.openVoteZone ? <p className="notice">{t("report.openVote", { zone: report.openVoteZone })}</p> : null}
      {report.zones.map((zone, index) => (
        <section key={index} aria-labelledby={`report-zone-${index}`}>
          <h3 id={`report-zone-${index}`}>{t("report.zones.zone", { zone: zone.label, phase: zone.phaseTitle })}</h3>
          <CardList cards={zone.cards} />
        </section>
      ))}

      <h2>{t("report.nextSteps.title")}</h2>
      {report.nextSteps.length > 0 ? (
        <CardList cards={report.nextSteps.map((card) => ({ ...card, text: `${card.zone} : ${card.text}` }))} />
      ) : (
        <p>{t("report.nextSteps.empty")}</p>
      )}

      <h2>{t("report.feedback.title")}</h2>
      <FeedbackReport summary={report.feedback ?? null} pending={report.session.closedAt === null} />

      <h2>{t("report.attendance.title")}</h2>
      <ul>
        {participationLines(attendance).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>

      <h2>{t("report.contacts.title")}</h2>
      {report.contacts.length > 0 ? (
        <ul>
          {report.contacts.map((contact, index) => (
            <li key={index}>{t("report.contacts.line", { ...contact })}</li>
          ))}
        </ul>
      ) : (
        <p>{t("report.contacts.empty")}</p>
      )}

      <h2>{t("report.download.title")}</h2>
      <DownloadForm sessionId={session.id} decisions={session.decisions} />
    </div>
  );
}
