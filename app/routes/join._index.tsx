import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { JoinForm } from "~/components/join-form";
import { t } from "~/i18n";
import { joinAction } from "~/join.server";

export const meta: MetaFunction = () => [{ title: `${t("join.title")} · ${t("app.name")}` }];

export function action({ request, context }: ActionFunctionArgs) {
  return joinAction(request, context);
}

export default function Join() {
  return <JoinForm />;
}
