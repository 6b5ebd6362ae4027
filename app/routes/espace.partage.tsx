import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requirePerson } from "~/auth/auth.server";
import { dimensionLabel, formatDay } from "~/diagnostic/person-format";
import { PersonGrantForm, type GrantFormErrors } from "~/diagnostic/person-grant-form";
import { PersonPage } from "~/diagnostic/person-nav";
import { grantAccess, grantInputSchema, grantableStructures, listGrants, revokeGrant } from "~/diagnostic/grants.server";
import { todayInParis } from "~/lib/paris-dates";
import { t } from "~/i18n";
import { readForm } from "~/lib/request-body.server";
import { badRequest, dispatchIntent, notFound, parseForm } from "~/lib/forms";
import { revokeGrantSchema } from "~/diagnostic/person-forms.server";

export const meta: MetaFunction = () => [{ title: `${t("espace.nav.partage")} · ${t("app.name")}` }];

/** Today in France, as the date field writes it (YYYY-MM-DD). */
const today = () => todayInParis();

export async function loader({ request, context }: LoaderFunctionArgs) {
  const person = await requirePerson(context.db, request);
  const [grants, structures] = await Promise.all([listGrants(context.db, person.id), grantableStructures(context.db, person.id)]);
  return { grants, structures: structures.map(({ id, name }) => ({ id, name })), today: today() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const person = await requirePerson(context.db, request);
  const form = await readForm(request);
  return dispatchIntent(form, {
    revoke: async () => {
      const parsed = parseForm(revokeGrantSchema, form);
      if (!parsed.ok) throw badRequest();
      if (!(await revokeGrant(context.db, person.id, parsed.data.grantId))) throw notFound();
      return { done: "revoked" as const };
    },
    grant: () => grant(context.db, person.id, form),
  });
}

async function grant(db: ActionFunctionArgs["context"]["db"], personId: string, form: FormData) {
  const values = {
    structureId: String(form.get("structureId") ?? ""),
    scope: form.get("scope") === "some" ? "some" : "whole",
    until: String(form.get("until") ?? ""),
    dimensions: form.getAll("dimensions").map(String),
  };
  const parsed = parseForm(grantInputSchema, { ...values, dimensions: values.scope === "some" ? values.dimensions : [] });
  const errors: GrantFormErrors = {};
  for (const field of parsed.ok ? [] : Object.keys(parsed.errors)) {
    if (field === "structureId") errors.structureId = "espace.partage.error.structure";
    else if (field === "until") errors.until = "espace.partage.error.until";
    else errors.dimensions = "espace.partage.error.dimensions";
  }
  const structures = await grantableStructures(db, personId);
  if (parsed.ok) {
    if (!structures.some((structure) => structure.id === parsed.data.structureId)) errors.structureId = "espace.partage.error.structure";
    if (values.scope === "some" && parsed.data.dimensions.length === 0) errors.dimensions = "espace.partage.error.dimensions";
    // The grant lasts to the end of the chosen day: that day may be today, not before.
    if (values.until < today()) errors.until = "espace.partage.error.until";
  }
  if (!parsed.ok || Object.keys(errors).length > 0) return data({ errors, values }, { status: 400 });
  await grantAccess(db, personId, parsed.data);
  return { done: "granted" as const };
}

export default function Sharing() {
  const { grants, structures, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const failed = result && "errors" in result ? result : null;
  const done = result && "done" in result ? result.done : null;
  return (
    <PersonPage title={t("espace.nav.partage")} picto="sharing">
      <p>{t("espace.partage.intro")}</p>
      <p role="status" className="person-status">
        {done === "granted" ? t("espace.partage.granted") : done === "revoked" ? t("espace.partage.revoked") : ""}
      </p>
      <h2>{t("espace.partage.list.title")}</h2>
      {grants.length === 0 ? <p>{t("espace.partage.list.empty")}</p> : null}
      <ul className="person-list">
        {grants.map((grant) => {
          const state = grant.active ? "active" : grant.revokedAt ? "revoked" : "expired";
          return (
            <li key={grant.id} className="card" data-state={state}>
              <h3>{grant.structure.name}</h3>
              <p>
                {grant.dimensions === null
                  ? t("espace.partage.whole")
                  : t("espace.partage.parts", { parts: grant.dimensions.map(dimensionLabel).join(", ") })}
                <br />
                {t("espace.partage.until", { date: formatDay(grant.expiresAt) })}
                <br />
                <strong>{t(`espace.partage.state.${state}`)}</strong>
              </p>
              {grant.active ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="grantId" value={grant.id} />
                  <button type="submit" className="button secondary" disabled={busy}>
                    {t("espace.partage.revoke")}
                    <span className="visually-hidden"> — {grant.structure.name}</span>
                  </button>
                </Form>
              ) : null}
            </li>
          );
        })}
      </ul>
      <h2>{t("espace.partage.form.title")}</h2>
      <PersonGrantForm
        key={done ?? "form"}
        structures={structures}
        values={failed?.values ?? {}}
        errors={failed?.errors ?? {}}
        today={today}
        busy={busy}
      />
    </PersonPage>
  );
}
