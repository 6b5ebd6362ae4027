import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requirePerson } from "~/auth/auth.server";
import { acceptBadge, badgeProposals, declineBadge, personBadges } from "~/badges/awards.server";
import { BadgeProposals } from "~/badges/badge-proposals";
import { issuingFor } from "~/badges/issuing.server";
import { PersonBadges } from "~/badges/person-badges";
import { badgeAnswerSchema } from "~/badges/schemas";
import { PersonPage } from "~/diagnostic/person-nav";
import { t } from "~/i18n";
import { badRequest, notFound, parseForm } from "~/lib/forms";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction = () => [{ title: `${t("badges.mine.pageTitle")} · ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const person = await requirePerson(context.db, request);
  const [proposals, badges] = await Promise.all([badgeProposals(context.db, person.id), personBadges(context.db, person.id)]);
  return { proposals, badges };
}

/** Her answer to a proposal: only hers (the person is the signed-in one, never the form's). */
export async function action({ request, context }: ActionFunctionArgs) {
  const person = await requirePerson(context.db, request);
  const parsed = parseForm(badgeAnswerSchema, await readForm(request));
  if (!parsed.ok) throw badRequest();
  const { intent, awardId } = parsed.data;
  if (intent === "accept") {
    const document = await acceptBadge(context.db, issuingFor(request, context), person.id, awardId);
    if (!document) throw notFound();
    return data({ done: "accepted" as const });
  }
  if (!(await declineBadge(context.db, person.id, awardId))) throw notFound();
  return data({ done: "declined" as const });
}

export default function MyBadges() {
  const { proposals, badges } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <PersonPage title={t("badges.mine.pageTitle")} picto="star">
      <p>{t("badges.mine.intro")}</p>
      <p role="status" className="person-status">
        {result?.done === "accepted" ? t("badges.proposals.accepted") : result?.done === "declined" ? t("badges.proposals.declined") : ""}
      </p>
      <BadgeProposals proposals={proposals} busy={busy} />
      <PersonBadges badges={badges} />
    </PersonPage>
  );
}
