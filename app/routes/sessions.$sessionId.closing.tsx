import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireFacilitator } from "~/auth.server";
import { CardProposals, type ClosingAnswer } from "~/components/closing/card-proposals";
import { closingFormSchema, findSessionCard, loadClosing } from "~/components/closing/closing.server";
import { WhoIsWho } from "~/components/closing/who-is-who";
import { ErrorSummary } from "~/components/form";
import { linkParticipant, proposeOutcome } from "~/diagnostic/outcomes.server";
import { t } from "~/i18n";
import { fieldErrors } from "~/sessions.schema";
import { findSessionForUser } from "~/sessions.server";
import { readForm } from "~/lib/request-body.server";
import { notFound } from "~/lib/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t("closing.title")} · ${data?.session.title ?? ""} · ${t("app.name")}` },
];

/** The end of a session: who is who, then the board's cards that may become outcomes for a person. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireFacilitator(context.db, request);
  const closing = await loadClosing(context.db, user, params.sessionId ?? "");
  if (!closing) throw notFound();
  return closing;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireFacilitator(context.db, request);
  const session = await findSessionForUser(context.db, user.id, params.sessionId ?? "");
  if (!session) throw notFound();
  const values = Object.fromEntries([...(await readForm(request))].map(([key, value]) => [key, String(value)]));
  const intent = values.intent === "link" ? "link" : "propose";
  const target = (intent === "link" ? values.participantId : values.cardId) ?? "";
  const answer = (errors: ClosingAnswer["errors"], done = false): ClosingAnswer => ({ intent, target, errors, values, done });

  const parsed = closingFormSchema.safeParse(values);
  if (!parsed.success) return data(answer(fieldErrors(parsed.error)), { status: 400 });
  const input = parsed.data;
  if (input.intent === "link") {
    // Someone else's participant or a record of another structure: as if it did not exist.
    const linked = await linkParticipant(context.db, user.id, session.id, input.participantId, input.personId);
    if (!linked) throw notFound();
    return answer({}, true);
  }
  const card = await findSessionCard(context.db, session.id, session.agenda, input.cardId);
  if (!card) return data(answer({ cardId: "closing.error.card" }), { status: 400 });
  const proposed = await proposeOutcome(context.db, user.id, session.id, { ...input, cardText: card.text });
  if (!proposed) return data(answer({ participantId: "closing.error.notLinked" }), { status: 400 });
  return answer({}, true);
}

export default function ClosingPage() {
  const { session, participants, persons, zones, counts, kinds } = useLoaderData<typeof loader>();
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
      <CardProposals zones={zones} participants={participants} persons={persons} counts={counts} kinds={kinds} answer={answer} busy={busy} />
    </div>
  );
}
