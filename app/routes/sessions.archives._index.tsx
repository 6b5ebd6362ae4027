import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { formatDateTime, formatDay, t } from "~/i18n";
import { KindBadge } from "~/sessions/session-kind";
import { listArchives } from "~/sessions/delete-session.server";

export const meta: MetaFunction = () => [{ title: `${t("archives.title")} · ${t("app.name")}` }];

/** The anonymous reports kept when sessions of the professional's structures were deleted. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  return { archives: await listArchives(context.db, user.id) };
}

export default function Archives() {
  const { archives } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <p>
        <Link to="/sessions">{t("archives.back")}</Link>
      </p>
      <h1>{t("archives.title")}</h1>
      <p>{t("archives.intro")}</p>
      {archives.length === 0 ? (
        <p>{t("archives.empty")}</p>
      ) : (
        <ul className="session-list">
          {archives.map((archive) => (
            <li key={archive.id}>
              <div>
                <KindBadge kind={archive.kind} />
                <h2 style={{ margin: "0.25rem 0" }}>
                  <Link to={`/sessions/archives/${archive.id}`}>{archive.title}</Link>
                </h2>
                <p style={{ margin: 0 }}>
                  {formatDateTime(archive.startsAt)} · {archive.structure.name} ·{" "}
                  {t("archives.deletedOn", { date: formatDay(archive.deletedAt) })}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
