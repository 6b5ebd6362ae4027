import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { t } from "~/i18n";
import { listSeriesForUser } from "~/series/series.server";

export const meta: MetaFunction = () => [{ title: `${t("series.title")} · ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  return { series: await listSeriesForUser(context.db, user.id) };
}

export default function SeriesList() {
  const { series } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>{t("series.title")}</h1>
      <p>{t("series.intro")}</p>
      <p>
        <Link className="button" to="/series/new">
          {t("series.new")}
        </Link>
      </p>
      {series.length === 0 ? (
        <p>{t("series.empty")}</p>
      ) : (
        <ul className="session-list">
          {series.map((item) => (
            <li key={item.id}>
              <div>
                <h2 style={{ margin: "0.25rem 0" }}>
                  <Link to={`/series/${item.id}`}>{item.title}</Link>
                </h2>
                <p style={{ margin: 0 }}>{t("series.summary", { territory: item.territory, theme: item.theme })}</p>
                <p className="muted" style={{ margin: 0 }}>
                  {t("series.members.inline", { names: item.members.map((member) => member.structure.name).join(", ") })}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
