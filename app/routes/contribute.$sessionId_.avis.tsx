import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import type { Db } from "../../prisma/db.js";
import { participantBallotKey } from "~/auth/auth.server";
import { FeedbackForm, type FeedbackAnswer } from "~/feedback/feedback-form";
import { findFeedbackSession, ownBallot, parseBallot, saveBallot } from "~/feedback/feedback.server";
import { t } from "~/i18n";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t("feedback.title")} · ${data?.title ?? ""} · ${t("app.name")}` },
];

/**
 * Who may answer: the holder of this session's participant token while it opens the session — the
 * cookie alone says who, never the form. Null for anyone else.
 */
async function findVoter(db: Db, request: Request, sessionId: string) {
  const holder = await participantBallotKey(db, request.headers.get("Cookie"), sessionId);
  const session = holder?.standing === "active" ? await findFeedbackSession(db, sessionId) : null;
  return holder && session ? { session, ballotKey: holder.ballotKey } : null;
}

const notAParticipant = () => t("feedback.error.participant");

/** The end-of-session questions as a page of their own: for the board's panel and browsers without script. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const sessionId = params.sessionId ?? "";
  const voter = await findVoter(context.db, request, sessionId);
  if (!voter) throw new Response(notAParticipant(), { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const { session, ballotKey } = voter;
  return {
    sessionId,
    title: session.title,
    closed: session.closed,
    questions: session.questions,
    mine: session.closed ? null : await ownBallot(context.db, sessionId, ballotKey),
  };
}

/** A participant's answers: one ballot each, replaced by the next post, refused once the session is closed. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const sessionId = params.sessionId ?? "";
  const voter = await findVoter(context.db, request, sessionId);
  if (!voter) return data({ saved: false, problem: notAParticipant() } satisfies FeedbackAnswer, { status: 403 });
  const { session, ballotKey } = voter;
  const closed = () => data({ saved: false, problem: t("feedback.error.closed") } satisfies FeedbackAnswer, { status: 409 });
  if (session.closed) return closed();
  const input = parseBallot(await readForm(request), session.questions);
  if (!input) return data({ saved: false, problem: t("feedback.error.invalid") } satisfies FeedbackAnswer, { status: 400 });
  if (!(await saveBallot(context.db, sessionId, ballotKey, input))) return closed();
  return { saved: true } satisfies FeedbackAnswer;
}

export default function FeedbackPage() {
  const { sessionId, title, closed, questions, mine } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  return (
    <div className="page narrow contribute">
      <h1>{title}</h1>
      {closed ? (
        <p className="notice" role="status" data-testid="feedback-closed">
          {t("feedback.error.closed")}
        </p>
      ) : (
        <FeedbackForm sessionId={sessionId} questions={questions} mine={mine} answer={answer} />
      )}
      <p>
        <Link to={`/contribute/${sessionId}`}>{t("feedback.back")}</Link>
      </p>
    </div>
  );
}
