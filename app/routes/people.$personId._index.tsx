import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { ProActionPlan } from "~/diagnostic/pro-action-plan";
import { ProEntryForm } from "~/diagnostic/pro-entry-form";
import { ProEntryList } from "~/diagnostic/pro-entry-list";
import { formatDay, partsLabel } from "~/diagnostic/pro-format";
import { ProSignInCode } from "~/diagnostic/pro-sign-in-code";
import { TextAreaField } from "~/ui/form";
import { professionalViewer } from "~/diagnostic/access.server";
import { ACTION_STATUSES, ENTRY_KINDS, readDiagnostic } from "~/diagnostic/diagnostic.server";
import { orNotFound } from "~/diagnostic/people.server";
import { answerProDiagnosticForm, proDiagnosticFields, requireDiagnosticWriter } from "~/diagnostic/pro-diagnostic-page.server";
import { t } from "~/i18n";
import { DIAGNOSTIC_DIMENSIONS } from "../../workshops/schema";
import { readForm } from "~/lib/request-body.server";
import { accompanimentFor } from "~/privacy/accompaniment.server";
import { AccompanimentEnd } from "~/privacy/accompaniment-end";
import { ProReferentForm } from "~/space/pro-referent-form";
import { referentChoices } from "~/space/referent.server";
import { ProSharedDocuments } from "~/documents/pro-shared-documents";
import { sharedWithViewer } from "~/documents/shares.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t("pro.diagnostic.title", { name: data?.person.displayName ?? "" })} · ${t("app.name")}` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const viewer = await professionalViewer(context.db, user.id);
  const personId = params.personId ?? "";
  const diagnostic = await orNotFound(readDiagnostic(context.db, viewer, personId));
  const referent = diagnostic.basis === "referent";
  const whole = diagnostic.dimensions.length === DIAGNOSTIC_DIMENSIONS.length;
  return {
    ...diagnostic,
    // What the person's grant opens (null dimensions: the whole diagnostic), for the page's first lines.
    grant:
      referent || !diagnostic.grantedUntil
        ? null
        : { expiresAt: diagnostic.grantedUntil, dimensions: whole ? null : diagnostic.dimensions },
    // Only the referent structure writes: the forms get their choices, grantees get none.
    options: referent ? { kinds: [...ENTRY_KINDS], statuses: [...ACTION_STATUSES], fields: proDiagnosticFields } : null,
    signInUrl: new URL("/espace/connexion", new URL(request.url).origin).toString(),
    accompaniment: await accompanimentFor(context.db, user.id, personId),
    // Members of her structure may name her referent (app/space/referent.server.ts).
    referentChoices: await referentChoices(context.db, user.id, personId),
    referentSaved: new URL(request.url).searchParams.has("referent"),
    // The documents she chose to show to one of this professional's structures (app/documents).
    sharedDocuments: await sharedWithViewer(context.db, viewer, personId),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const viewer = await professionalViewer(context.db, user.id);
  const personId = params.personId ?? "";
  await requireDiagnosticWriter(context.db, viewer, personId);
  const { status, ...answer } = await answerProDiagnosticForm(context.db, viewer, personId, await readForm(request));
  return data(answer, { status });
}

export default function PersonDiagnostic() {
  const diagnostic = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { person, options, grant } = diagnostic;
  const errorsOf = (intent: string) => (result?.intent === intent ? result.errors : {});
  const errorFor = (entryId: string) => (result?.intent === "update" && result.entryId === entryId ? result.errors : undefined);
  const actions = diagnostic.entries.filter((entry) => entry.kind === "action");
  const statuses = options?.statuses ?? null;

  return (
    <div className="page">
      <p>
        <Link to="/people">{t("pro.back")}</Link>
      </p>
      <h1>{t("pro.diagnostic.title", { name: person.displayName })}</h1>
      <p className="notice">
        {diagnostic.basis === "referent"
          ? t("pro.basis.referent", { structure: person.structure.name })
          : t("pro.basis.grant", {
              date: grant ? formatDay(grant.expiresAt) : "",
              parts: partsLabel(grant?.dimensions ?? diagnostic.dimensions),
            })}
      </p>
      {result?.savedAt ? (
        <p className="notice ok" role="status">
          {t("pro.saved")}
        </p>
      ) : null}

      {diagnostic.summary === null ? null : (
        <section aria-labelledby="pro-summary-title">
          <h2 id="pro-summary-title">{t("pro.summary.title")}</h2>
          <p className="pro-summary">{diagnostic.summary || t("pro.summary.empty")}</p>
          {options ? (
            <Form method="post" className="stack" noValidate key={`summary-${result?.savedAt ?? ""}`}>
              <input type="hidden" name="intent" value="summary" />
              <TextAreaField
                {...options.fields.summary.summary}
                label={t("pro.summary.label")}
                hint={t("pro.summary.hint")}
                error={errorsOf("summary").summary}
                defaultValue={
                  result?.intent === "summary" && result.values.summary !== undefined ? result.values.summary : diagnostic.summary
                }
              />
              <button type="submit" className="button secondary" disabled={busy}>
                {t("pro.summary.save")}
              </button>
            </Form>
          ) : null}
        </section>
      )}

      <h2>{t("pro.entries.title")}</h2>
      <ProEntryList entries={diagnostic.entries} statuses={statuses} errorFor={errorFor} textField={options?.fields.update.text} />

      {/* Actions from a workshop keep their own theme: show them even to those who only see that theme. */}
      {diagnostic.dimensions.includes("action_plan") || actions.length > 0 ? (
        <>
          <h2>{t("pro.plan.title")}</h2>
          <ProActionPlan actions={actions} statuses={statuses} errorFor={errorFor} textField={options?.fields.update.text} />
        </>
      ) : null}

      <ProSharedDocuments personId={person.id} shares={diagnostic.sharedDocuments} />

      {options ? (
        <>
          <section aria-labelledby="pro-add-title">
            <h2 id="pro-add-title">{t("pro.add.title")}</h2>
            <ProEntryForm
              key={`add-${result?.intent === "add" ? (result.savedAt ?? "errors") : ""}`}
              kinds={options.kinds}
              fields={options.fields.entry}
              statuses={options.statuses}
              errors={errorsOf("add")}
              values={result?.intent === "add" ? result.values : {}}
              busy={busy}
            />
          </section>
          <ProSignInCode created={result?.code ?? null} signInUrl={diagnostic.signInUrl} busy={busy} />
          {diagnostic.referentChoices ? (
            <ProReferentForm personId={person.id} {...diagnostic.referentChoices} saved={diagnostic.referentSaved} busy={busy} />
          ) : null}
          {diagnostic.accompaniment ? <AccompanimentEnd personId={person.id} {...diagnostic.accompaniment} /> : null}
          <p>
            <Link to={`/people/${person.id}/history`}>{t("pro.history.link")}</Link>
          </p>
        </>
      ) : null}
    </div>
  );
}
