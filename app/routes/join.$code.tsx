import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { JoinForm } from "~/components/join-form";
import { t } from "~/i18n";
import { joinAction } from "~/join.server";
import { isWellFormedJoinCode, normalizeJoinCode } from "~/sessions.schema";
import { findSessionByJoinCode } from "~/sessions.server";

export const meta: MetaFunction = () => [{ title: `${t("join.title")} · ${t("app.name")}` }];

/** The join link and the QR code land here: the code is filled in, the session named. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const code = normalizeJoinCode(params.code ?? "");
  const session = isWellFormedJoinCode(code) ? await findSessionByJoinCode(context.db, code) : null;
  return { code, sessionTitle: session?.title ?? null };
}

export function action({ request, context }: ActionFunctionArgs) {
  return joinAction(request, context);
}

export default function JoinWithCode() {
  const { code, sessionTitle } = useLoaderData<typeof loader>();
  return <JoinForm code={code} sessionTitle={sessionTitle ?? undefined} />;
}
