import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requirePerson } from "~/auth/auth.server";
import { PersonEntries } from "~/diagnostic/person-entries";
import { provenanceOf } from "~/diagnostic/person-format";
import { PersonPage } from "~/diagnostic/person-nav";
import { PersonProposals } from "~/diagnostic/person-proposals";
import { BadgeProposals } from "~/badges/badge-proposals";
import { badgeProposals } from "~/badges/awards.server";
import { Picto } from "~/ui/pictograms";
import { DiagnosticNotFound, readDiagnostic, updateEntry } from "~/diagnostic/diagnostic.server";
import { acceptOutcome, declineOutcome, listProposals } from "~/diagnostic/outcomes.server";
import { t } from "~/i18n";
import { readForm } from "~/lib/request-body.server";
import { notFound, parseForm } from "~/lib/forms";
import { personDiagnosticActionSchema } from "~/diagnostic/person-forms.server";
import { grantsEndingSoon } from "~/diagnostic/grants.server";
import { GrantsEndingSoon } from "~/diagnostic/person-grants-ending";
import { PrivacyNotice } from "~/privacy/privacy-notice";
import { personalSpaceNoticeLines } from "~/privacy/notice";
import { personNoticePeriods } from "~/privacy/notice.server";
import { PersonReferent } from "~/space/person-referent";
import { personReferent } from "~/space/referent.server";

export const meta: MetaFunction = () => [{ title: `${t("espace.nav.diagnostic")} · ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const person = await requirePerson(context.db, request);
  const diagnostic = await readDiagnostic(context.db, { kind: "person", personId: person.id }, person.id);
  const proposals = await listProposals(context.db, person.id);
  return {
    // Grants about to end, so that she can renew them before the structure loses access; how long things are kept.
    endingSoon: await grantsEndingSoon(context.db, person.id),
    keptFor: personalSpaceNoticeLines(await personNoticePeriods(context.db, person.id)),
    person: diagnostic.person,
    summary: diagnostic.summary,
    entries: diagnostic.entries.map(({ provenance, ...entry }) => ({ ...entry, from: provenanceOf(provenance) })),
    proposals,
    badgeProposals: await badgeProposals(context.db, person.id),
    referent: await personReferent(context.db, person.id),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const person = await requirePerson(context.db, request);
  const parsed = parseForm(personDiagnosticActionSchema, await readForm(request));
  if (!parsed.ok) {
    const { intent, entryId = "" } = parsed.values;
    return data({ wordsError: intent === "words" ? entryId : undefined }, { status: 400 });
  }
  const input = parsed.data;
  if (input.intent === "accept") {
    const entry = await acceptOutcome(context.db, person.id, input.outcomeId);
    if (!entry) throw notFound();
    return { done: "accepted" as const };
  }
  if (input.intent === "decline") {
    if (!(await declineOutcome(context.db, person.id, input.outcomeId))) throw notFound();
    return { done: "declined" as const };
  }
  try {
    await updateEntry(context.db, { kind: "person", personId: person.id }, person.id, input.entryId, { personWords: input.personWords });
  } catch (error) {
    if (error instanceof DiagnosticNotFound) throw notFound();
    throw error;
  }
  return { saved: input.entryId };
}

export default function MyDiagnostic() {
  const { person, summary, entries, proposals, badgeProposals, endingSoon, keptFor, referent } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const done = result && "done" in result ? result.done : null;
  return (
    <PersonPage title={t("espace.nav.diagnostic")} picto="diagnostic">
      <p>{t("espace.index.hello", { name: person.displayName })}</p>
      <PersonReferent {...referent} />
      <GrantsEndingSoon grants={endingSoon} />
      <p role="status" className="person-status">
        {done === "accepted" ? t("espace.proposals.accepted") : done === "declined" ? t("espace.proposals.declined") : ""}
      </p>
      <PersonProposals proposals={proposals} busy={busy} />
      <BadgeProposals proposals={badgeProposals} busy={busy} />
      {summary ? (
        <section aria-labelledby="summary-title">
          <h2 id="summary-title">
            <Picto name="star" /> {t("espace.summary.title")}
          </h2>
          <p className="person-summary">{summary}</p>
        </section>
      ) : null}
      <h2>
        <Picto name="step" /> {t("espace.entries.title")}
      </h2>
      <PersonEntries entries={entries} />
      <PrivacyNotice lines={keptFor} />
    </PersonPage>
  );
}
