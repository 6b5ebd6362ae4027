import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { phaseSchema } from "../../workshops/schema";
import { requireProfessional } from "~/auth/auth.server";
import { JoinPanel } from "~/sessions/join-panel";
import { CoHostsSection } from "~/sessions/co-hosts";
import { addCoHost, coHostsOfSession, removeCoHost } from "~/sessions/co-hosts.server";
import { SessionSeriesLinks } from "~/series/session-series-links";
import { KindBadge } from "~/sessions/session-kind";
import { formatDateTime, t } from "~/i18n";
import { joinLink, joinQrSvg } from "~/sessions/join-link.server";
import { seriesOfSession } from "~/series/series.server";
import { findSessionForUser } from "~/sessions/sessions.server";
import { canDeleteSession } from "~/sessions/delete-session.server";
import { readForm } from "~/lib/request-body.server";
import { dispatchIntent, notFound } from "~/lib/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.session.title ?? ""} · ${t("app.name")}` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const session = await findSessionForUser(context.db, user.id, params.sessionId ?? "");
  if (!session) throw notFound();
  const link = joinLink(request, session.joinCode);
  const agenda = z.array(phaseSchema).parse(session.agenda);
  return {
    session: { ...session, agenda: agenda.map(({ id, title, minutes, prompt }) => ({ id, title, minutes, prompt })) },
    link,
    qrSvg: await joinQrSvg(link),
    coHosts: await coHostsOfSession(context.db, user.id, session.id),
    series: await seriesOfSession(context.db, session.id),
    canDelete: await canDeleteSession(context.db, user.id, session.id),
  };
}

/** Co-host structures: added or removed by the host structure's admins and facilitators. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const form = await readForm(request);
  const structureId = String(form.get("structureId") ?? "");
  const sessionId = params.sessionId ?? "";
  const change = dispatchIntent(form, { coHostAdd: () => addCoHost, coHostRemove: () => removeCoHost });
  const outcome = await change(context.db, user.id, sessionId, structureId);
  if (outcome === "notFound") throw notFound();
  if (outcome === "forbidden") throw new Response("Forbidden", { status: 403 });
  return { ok: true };
}

export default function SessionPage() {
  const { session, link, qrSvg, series, coHosts, canDelete } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <KindBadge kind={session.kind} />
      <h1>{session.title}</h1>
      <p>
        {t("session.when", { date: formatDateTime(session.startsAt) })}
        <br />
        {session.online ? t("sessions.online") : t("session.where", { place: session.place ?? "" })}
      </p>
      <SessionSeriesLinks series={series} sessionId={session.id} />
      <p style={{ display: "flex", flexWrap: "wrap", gap: "0.75rem" }}>
        <Link className="button" to={`/board/${session.id}`}>
          {t("session.board.open")}
        </Link>
        <Link className="button secondary" to={`/sessions/${session.id}/projection`}>
          {t("session.project")}
        </Link>
        <Link className="button secondary" to={`/sessions/${session.id}/closing`}>
          {t("closing.link")}
        </Link>
        <Link className="button secondary" to={`/sessions/${session.id}/report`}>
          {t("report.link")}
        </Link>
        <Link className="button secondary" to={`/sessions/${session.id}/registrations`}>
          {t("registrations.link")}
        </Link>
        <Link className="button secondary" to={`/sessions/${session.id}/participants`}>
          {t("participants.link")}
        </Link>
      </p>
      {session.closedAt ? (
        // Closed: the code takes nobody in any more, so it is not offered as a way in.
        <p className="notice" role="status" data-testid="session-closed">
          {t("session.closed", { date: formatDateTime(session.closedAt) })}
        </p>
      ) : (
        <>
          <h2>{t("session.join.title")}</h2>
          <JoinPanel joinCode={session.joinCode} link={link} qrSvg={qrSvg} />
        </>
      )}
      <h2>{t("session.agenda")}</h2>
      <ol className="agenda">
        {session.agenda.map((phase) => (
          <li key={phase.id}>
            <strong>{phase.title}</strong> ({t("session.template.minutes", { minutes: phase.minutes })}) — {phase.prompt}
          </li>
        ))}
      </ol>
      {coHosts ? <CoHostsSection host={session.structure.name} {...coHosts} /> : null}
      {canDelete ? (
        <p>
          <Link className="button danger" to={`/sessions/${session.id}/delete`}>
            {t("session.delete.link")}
          </Link>
        </p>
      ) : null}
    </div>
  );
}
