import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { t } from "~/i18n";
import { IndicatorsPage } from "~/indicators/indicators-page";
import { indicatorsPageData } from "~/indicators/page.server";
import indicatorStyles from "~/styles/indicators.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: indicatorStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t("indicators.title")} · ${data?.report.scopeLabel ?? ""} · ${t("app.name")}` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const seriesId = params.seriesId ?? "";
  return { seriesId, ...(await indicatorsPageData(context.db, user.id, { kind: "series", seriesId }, new URL(request.url))) };
}

export default function SeriesIndicators() {
  const data = useLoaderData<typeof loader>();
  return <IndicatorsPage data={data} back={<Link to={`/series/${data.seriesId}`}>{t("indicators.back.series")}</Link>} />;
}
