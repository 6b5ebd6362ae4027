import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { answerBadgeForm, closingBadges } from "~/badges/closing-badges.server";
import { ClosingBadges } from "~/badges/closing-badges";
import { CardProposals } from "~/diagnostic/closing/card-proposals";
import { answerClosingForm, loadClosing } from "~/diagnostic/closing/closing.server";
import { WhoIsWho } from "~/diagnostic/closing/who-is-who";
import { ErrorSummary } from "~/ui/form";
import { t } from "~/i18n";
import { findSessionForUser } from "~/sessions/sessions.server";
import { readForm } from "~/lib/request-body.server";
import { notFound } from "~/lib/forms";
import { traceSessionRead } from "~/privacy/read-trace.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t("closing.title")} · ${data?.session.title ?? ""} · ${t("app.name")}` },
];

/** The end of a session: who is who, then the board's cards that may become outcomes for a person. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const closing = await loadClosing(context.db, user, params.sessionId ?? "");
  if (!closing) throw notFound();
  // The closing page says who wrote which card: traced like the participants' list.
  await traceSessionRead(context.db, user, "session.closing", params.sessionId ?? "");
  return { ...closing, badges: await closingBadges(context.db, user.id, closing.session.id, closing.participants) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const session = await findSessionForUser(context.db, user.id, params.sessionId ?? "");
  if (!session) throw notFound();
  const form = await readForm(request);
  if (form.get("intent") === "badge") {
    const badge = await answerBadgeForm(context.db, user.id, session.id, form);
    if (!badge) throw notFound();
    const { status, ...answer } = badge;
    return data(answer, { status });
  }
  const { status, ...answer } = await answerClosingForm(context.db, user.id, session, form);
  return data(answer, { status });
}

export default function ClosingPage() {
  const { session, participants, persons, zones, counts, kinds, badges } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="page narrow closing">
      <p>
        <Link to={`/sessions/${session.id}`}>{t("closing.back", { title: session.title })}</Link>
      </p>
      <h1>{t("closing.title")}</h1>
      <p>{t("closing.intro")}</p>
      <ErrorSummary show={Object.keys(answer?.errors ?? {}).length > 0} />
      <WhoIsWho participants={participants} persons={persons} answer={answer} busy={busy} />
      <CardProposals
        zones={zones}
        participants={participants}
        persons={persons}
        counts={counts}
        kinds={kinds}
        answer={answer}
        busy={busy}
      />
      <ClosingBadges participants={participants} badges={badges} answer={answer} busy={busy} />
    </div>
  );
}
