import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { JoinForm } from "~/sessions/join-form";
import { t } from "~/i18n/participant";
import { joinAction } from "~/sessions/join.server";
import { DEFAULT_PERIODS, joinNotice, joinNoticeLines } from "~/sessions/join-notice.server";
import type { LightHandle } from "~/lib/light/island";

/**
 * A light page (decision 024): no script at all; the form is posted by the browser, and the phone
 * screen's script comes down while the person types.
 */
export const handle: LightHandle = { light: { preload: "phone" } };

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
