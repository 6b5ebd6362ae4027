import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { t } from "~/i18n";
import { IndicatorsPage } from "~/indicators/indicators-page";
import { indicatorsPageData } from "~/indicators/page.server";
import indicatorStyles from "~/styles/indicators.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: indicatorStyles }];

export const meta: MetaFunction = () => [{ title: `${t("indicators.link.network")} · ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  return indicatorsPageData(context.db, user.id, { kind: "network" }, new URL(request.url));
}

export default function NetworkIndicators() {
  const data = useLoaderData<typeof loader>();
  return <IndicatorsPage data={data} back={<Link to="/structures">{t("structures.nav")}</Link>} intro={t("indicators.network.intro")} />;
}
