import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { JoinForm } from "~/sessions/join-form";
import { t } from "~/i18n";
import { joinAction } from "~/sessions/join.server";
import { joinNotice } from "~/sessions/join-notice.server";

export const meta: MetaFunction = () => [{ title: `${t("join.title")} · ${t("app.name")}` }];

export function loader({ request }: LoaderFunctionArgs) {
  return { notice: joinNotice(new URL(request.url)) };
}

export function action({ request, context }: ActionFunctionArgs) {
  return joinAction(request, context);
}

export default function Join() {
  const { notice } = useLoaderData<typeof loader>();
  return <JoinForm notice={notice ?? undefined} />;
}
