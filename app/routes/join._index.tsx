import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { JoinForm } from "~/components/join-form";
import { t } from "~/i18n";
import { joinAction } from "~/join.server";

export const meta: MetaFunction = () => [{ title: `${t("join.title")} · ${t("app.name")}` }];

/** Why a participant was sent back here (app/auth.server.ts): one of a few fixed explanations. */
const reasonSchema = z.enum(["removed", "turned-away", "ended"]).nullable().catch(null);

export function loader({ request }: LoaderFunctionArgs) {
  const reason = reasonSchema.parse(new URL(request.url).searchParams.get("raison"));
  return { notice: reason ? t(`join.notice.${reason}`) : null };
}

export function action({ request, context }: ActionFunctionArgs) {
  return joinAction(request, context);
}

export default function Join() {
  const { notice } = useLoaderData<typeof loader>();
  return <JoinForm notice={notice ?? undefined} />;
}
