import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireFacilitator } from "~/auth.server";
import { ProActionPlan } from "~/components/diagnostic/pro-action-plan";
import { ProEntryForm } from "~/components/diagnostic/pro-entry-form";
import { ProEntryList } from "~/components/diagnostic/pro-entry-list";
import { formatDay, partsLabel } from "~/components/diagnostic/pro-format";
import { ProSignInCode } from "~/components/diagnostic/pro-sign-in-code";
import { TextAreaField } from "~/components/form";
import { canWrite, diagnosticScope, professionalViewer } from "~/diagnostic/access.server";
import { ACTION_STATUSES, addEntry, ENTRY_KINDS, readDiagnostic, setSummary, updateEntry } from "~/diagnostic/diagnostic.server";
import { entryFormSchema, entryUpdateSchema, orNotFound, summaryFormSchema } from "~/diagnostic/people.server";
import { createSignInCode } from "~/diagnostic/sign-in-codes.server";
import { t } from "~/i18n";
import { fieldErrors, type FieldErrors } from "~/sessions.schema";
import { DIAGNOSTIC_DIMENSIONS } from "../../workshops/schema";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t("pro.diagnostic.title", { name: data?.person.displayName ?? "" })} · ${t("app.name")}` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireFacilitator(context.db, request);
  const viewer = await professionalViewer(context.db, user.id);
  const personId = params.personId ?? "";
  const diagnostic = await orNotFound(readDiagnostic(context.db, viewer, personId));
  const referent = diagnostic.basis === "referent";
  const whole = diagnostic.dimensions.length === DIAGNOSTIC_DIMENSIONS.length;
  return {
    ...diagnostic,
    // What the person's grant opens (null dimensions: the whole diagnostic), for the page's first lines.
    grant: referent || !diagnostic.grantedUntil ? null : { expiresAt: diagnostic.grantedUntil, dimensions: whole ? null : diagnostic.dimensions },
    // Only the referent structure writes: the forms get their choices, grantees get none.
    options: referent ? { kinds: [...ENTRY_KINDS], statuses: [...ACTION_STATUSES] } : null,
    signInUrl: new URL("/espace/connexion", new URL(request.url).origin).toString(),
  };
}

type Reply = {
  intent: string;
  errors: FieldErrors;
  values: Record<string, string>;
  entryId: string | null;
  code: { code: string; expiresAt: Date } | null;
  savedAt: number | null;
};

function reply(intent: string, fields: Partial<Reply>, status = 200) {
  return data<Reply>({ intent, errors: {}, values: {}, entryId: null, code: null, savedAt: null, ...fields }, { status });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireFacilitator(context.db, request);
  const viewer = await professionalViewer(context.db, user.id);
  const personId = params.personId ?? "";
  // Refuse before reading the form, so that a stranger's answer never depends on what they sent.
  if (!canWrite(await diagnosticScope(context.db, viewer, personId))) throw new Response("Not Found", { status: 404 });
  const form = Object.fromEntries(await readForm(request));
  const values = Object.fromEntries(Object.entries(form).map(([key, value]) => [key, String(value)]));
  const intent = values.intent ?? "";
  const db = context.db;

  if (intent === "add") {
    const parsed = entryFormSchema.safeParse(form);
    if (!parsed.success) return reply(intent, { errors: fieldErrors(parsed.error), values }, 400);
    await orNotFound(addEntry(db, viewer, personId, parsed.data));
    return reply(intent, { savedAt: Date.now() });
  }
  if (intent === "update") {
    const parsed = entryUpdateSchema.safeParse(form);
    if (!parsed.success) return reply(intent, { errors: fieldErrors(parsed.error), entryId: values.entryId ?? null }, 400);
    const { entryId, text, status } = parsed.data;
    await orNotFound(updateEntry(db, viewer, personId, entryId, status ? { text, status } : { text }));
    return reply(intent, { savedAt: Date.now() });
  }
  if (intent === "summary") {
    const parsed = summaryFormSchema.safeParse(form);
    if (!parsed.success) return reply(intent, { errors: fieldErrors(parsed.error), values }, 400);
    await orNotFound(setSummary(db, viewer, personId, parsed.data.summary));
    return reply(intent, { savedAt: Date.now() });
  }
  if (intent === "code") {
    return reply(intent, { code: await orNotFound(createSignInCode(db, viewer, personId)) });
  }
  throw new Response("Bad Request", { status: 400 });
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
          ? t("pro.basis.referent", { structure: person.organization.name })
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
                name="summary"
                label={t("pro.summary.label")}
                hint={t("pro.summary.hint")}
                error={errorsOf("summary").summary}
                defaultValue={result?.intent === "summary" && result.values.summary !== undefined ? result.values.summary : diagnostic.summary}
                maxLength={2000}
              />
              <button type="submit" className="button secondary" disabled={busy}>
                {t("pro.summary.save")}
              </button>
            </Form>
          ) : null}
        </section>
      )}

      <h2>{t("pro.entries.title")}</h2>
      <ProEntryList entries={diagnostic.entries} statuses={statuses} errorFor={errorFor} />

      {/* Actions from a workshop keep their own theme: show them even to those who only see that theme. */}
      {diagnostic.dimensions.includes("action_plan") || actions.length > 0 ? (
        <>
          <h2>{t("pro.plan.title")}</h2>
          <ProActionPlan actions={actions} statuses={statuses} errorFor={errorFor} />
        </>
      ) : null}

      {options ? (
        <>
          <section aria-labelledby="pro-add-title">
            <h2 id="pro-add-title">{t("pro.add.title")}</h2>
            <ProEntryForm
              key={`add-${result?.intent === "add" ? (result.savedAt ?? "errors") : ""}`}
              kinds={options.kinds}
              statuses={options.statuses}
              errors={errorsOf("add")}
              values={result?.intent === "add" ? result.values : {}}
              busy={busy}
            />
          </section>
          <ProSignInCode created={result?.code ?? null} signInUrl={diagnostic.signInUrl} busy={busy} />
          <p>
            <Link to={`/people/${person.id}/history`}>{t("pro.history.link")}</Link>
          </p>
        </>
      ) : null}
    </div>
  );
}
