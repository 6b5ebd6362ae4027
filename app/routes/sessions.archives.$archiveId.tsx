import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { formatDateTime, formatDay, t } from "~/i18n";
import { notFound } from "~/lib/forms";
import { participationLines } from "~/registrations/counts";
import { CardList } from "~/report/report-sections";
import { findArchive } from "~/sessions/delete-session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.archive.title ?? ""} · ${t("archives.title")} · ${t("app.name")}` },
];

/** One anonymous report of a deleted session, for the members of its structure. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const archive = await findArchive(context.db, user.id, params.archiveId ?? "");
  if (!archive) throw notFound();
  return { archive };
}

export default function ArchivedReport() {
  const { archive } = useLoaderData<typeof loader>();
  const { report } = archive;
  return (
    <div className="page narrow report">
      <p>
        <Link to="/sessions/archives">{t("archives.title")}</Link>
      </p>
      <h1>{archive.title}</h1>
      <ul className="report-meta">
        <li>{t("report.meta.when", { date: formatDateTime(archive.startsAt) })}</li>
        <li>{t("report.meta.structure", { structure: archive.structure.name })}</li>
        <li>{t("archives.deletedOn", { date: formatDay(archive.deletedAt) })}</li>
      </ul>
      <p className="notice">{t("archives.anonymous")}</p>
      {report ? (
        <>
          <h2>{t("report.attendance.title")}</h2>
          <ul>
            {participationLines(report.counts).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <h2>{t("report.zones.title")}</h2>
          {report.zones.length === 0 ? <p>{t("report.zones.empty")}</p> : null}
          {report.zones.map((zone, index) => (
            <section key={index} aria-labelledby={`archive-zone-${index}`}>
              <h3 id={`archive-zone-${index}`}>
                {zone.phase ? t("report.zones.zone", { zone: zone.title, phase: zone.phase }) : zone.title}
              </h3>
              <CardList cards={zone.cards} />
            </section>
          ))}
        </>
      ) : (
        <p>{t("archives.unreadable")}</p>
      )}
    </div>
  );
}
