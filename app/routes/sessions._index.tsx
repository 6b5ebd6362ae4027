import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { KindBadge } from "~/sessions/session-kind";
import { formatDateTime, t } from "~/i18n";
import { listSessionsForUser } from "~/sessions/sessions.server";

export const meta: MetaFunction = () => [{ title: `${t("sessions.title")} · ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  return { sessions: await listSessionsForUser(context.db, user.id) };
}

export default function Sessions() {
  const { sessions } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <div className="page">
      <h1>{t("sessions.title")}</h1>
      {searchParams.has("deleted") ? (
        <p className="notice ok" role="status">
          {t("sessions.deleted")}
        </p>
      ) : null}
      <p style={{ display: "flex", flexWrap: "wrap", gap: "0.75rem" }}>
        <Link className="button" to="/sessions/new">
          {t("sessions.new")}
        </Link>
        <Link className="button secondary" to="/sessions/archives">
          {t("archives.link")}
        </Link>
      </p>
      {sessions.length === 0 ? (
        <p>{t("sessions.empty")}</p>
      ) : (
        <ul className="session-list">
          {sessions.map((session) => (
            <li key={session.id}>
              <div>
                <KindBadge kind={session.kind} />
                <h2 style={{ margin: "0.25rem 0" }}>
                  <Link to={`/sessions/${session.id}`}>{session.title}</Link>
                </h2>
                <p style={{ margin: 0 }}>
                  {formatDateTime(session.startsAt)} · {session.online ? t("sessions.online") : session.place}
                  {session.closedAt ? (
                    <>
                      {" "}
                      · <strong>{t("sessions.closed")}</strong>
                    </>
                  ) : null}
                </p>
              </div>
              <p style={{ margin: 0 }}>
                {t("sessions.code")} : <strong className="mono">{session.joinCode}</strong>
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
