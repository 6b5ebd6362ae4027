import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { JOIN_PAGE_HANDLE, JoinClosed, JoinForm } from "~/sessions/join-form";
import { t } from "~/i18n/participant";
import { countJoinRequest, joinAction, lookUpCode, tooManyTries } from "~/sessions/join.server";
import { isWellFormedJoinCode, normalizeJoinCode } from "~/sessions/join-code";
import { sessionNoticePeriods } from "~/privacy/notice.server";
import { DEFAULT_PERIODS, joinNoticeLines } from "~/sessions/join-notice.server";

export const handle = JOIN_PAGE_HANDLE;

export const meta: MetaFunction = () => [{ title: `${t("join.title")} · ${t("app.name")}` }];

/**
 * The join link and the QR code land here: the code is filled in, the session named. A look-up,
 * so counted like a join attempt (app/sessions/join.server.ts); an unknown code and a session that no longer
 * takes people in look the same to a stranger.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const code = normalizeJoinCode(params.code ?? "").slice(0, 32);
  const keptFor = joinNoticeLines(DEFAULT_PERIODS);
  const empty = { code, sessionTitle: null as string | null, problem: null as string | null, ended: false, keptFor };
  const requestPause = await countJoinRequest(context);
  if (requestPause) return tooManyTries(empty, requestPause);
  if (!isWellFormedJoinCode(code)) return empty;
  const found = await lookUpCode(request, context, code);
  if (found.kind === "paused") return tooManyTries(empty, found.pause);
  if (found.kind === "ended") return data({ ...empty, ended: true }, { status: 410 });
  if (found.kind !== "open") return empty;
  // The session's structure may keep things for a shorter or longer time than the default: say its own.
  return {
    ...empty,
    sessionTitle: found.session.title,
    keptFor: joinNoticeLines(await sessionNoticePeriods(context.db, found.session.id)),
  };
}

export function action({ request, context }: ActionFunctionArgs) {
  return joinAction(request, context);
}

export default function JoinWithCode() {
  const { code, sessionTitle, problem, ended, keptFor } = useLoaderData<typeof loader>();
  // Closed or long past, to someone who took part: said plainly, with no form that cannot work.
  if (ended) return <JoinClosed />;
  return <JoinForm code={code} sessionTitle={sessionTitle ?? undefined} problem={problem ?? undefined} keptFor={keptFor} />;
}
