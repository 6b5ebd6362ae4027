import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { JOIN_PAGE_HANDLE, JoinForm } from "~/sessions/join-form";
import { t } from "~/i18n/participant";
import { joinAction } from "~/sessions/join.server";
import { DEFAULT_PERIODS, joinNotice, joinNoticeLines } from "~/sessions/join-notice.server";

export const handle = JOIN_PAGE_HANDLE;

export const meta: MetaFunction = () => [{ title: `${t("join.title")} · ${t("app.name")}` }];

export function loader({ request }: LoaderFunctionArgs) {
  // No session yet, so no structure: the policy's default periods (a code's page says its structure's).
  return { notice: joinNotice(new URL(request.url)), keptFor: joinNoticeLines(DEFAULT_PERIODS) };
}

export function action({ request, context }: ActionFunctionArgs) {
  return joinAction(request, context);
}

export default function Join() {
  const { notice, keptFor } = useLoaderData<typeof loader>();
  return <JoinForm notice={notice ?? undefined} keptFor={keptFor} />;
}
