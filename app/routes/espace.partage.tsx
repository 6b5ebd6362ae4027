import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requirePerson } from "~/auth/auth.server";
import { dimensionLabel, formatDay } from "~/diagnostic/person-format";
import { PersonGrantForm, type GrantFormErrors } from "~/diagnostic/person-grant-form";
import { PersonGrantRenew } from "~/diagnostic/person-grant-renew";
import { addCalendarDays, lastGrantDay } from "~/diagnostic/grant-limits";
import { PersonPage } from "~/diagnostic/person-nav";
import {
  grantAccess,
  grantEndProblem,
  grantInputSchema,
  grantableStructures,
  listGrants,
  renewGrant,
  revokeGrant,
} from "~/diagnostic/grants.server";
import { parisCalendarDay, todayInParis } from "~/lib/paris-dates";
import { t, type MessageKey } from "~/i18n";
import { readForm } from "~/lib/request-body.server";
import { badRequest, dispatchIntent, notFound, parseForm } from "~/lib/forms";
import { renewGrantSchema, revokeGrantSchema } from "~/diagnostic/person-forms.server";

export const meta: MetaFunction = () => [{ title: `${t("espace.nav.partage")} · ${t("app.name")}` }];

/** Today in France, as the date field writes it (YYYY-MM-DD). */
const today = () => todayInParis();

export async function loader({ request, context }: LoaderFunctionArgs) {
  const person = await requirePerson(context.db, request);
  const [grants, structures] = await Promise.all([listGrants(context.db, person.id), grantableStructures(context.db, person.id)]);
  const day = today();
  return {
    // A renewal's first possible day: the day after the grant's current end, and not before today.
    grants: grants.map((grant) => ({ ...grant, renewFrom: laterOf(day, addCalendarDays(parisCalendarDay(grant.expiresAt), 1)) })),
    structures: structures.map(({ id, name }) => ({ id, name })),
    today: day,
    lastDay: lastGrantDay(day),
  };
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
    renew: async () => {
      const parsed = parseForm(renewGrantSchema, form);
      if (!parsed.ok) throw badRequest();
      const outcome = await renewGrant(context.db, person.id, parsed.data.grantId, parsed.data.until);
      if (outcome === "notFound") throw notFound();
      if (outcome === "renewed") return { done: "renewed" as const };
      const renewError: MessageKey = outcome === "tooLong" ? "grant.error.tooLong" : "grant.renew.error.earlier";
      return data({ renewError, grantId: parsed.data.grantId }, { status: 400 });
    },
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
    // The grant lasts to the end of the chosen day: from today to GRANT_MAX_DAYS ahead, whatever is posted.
    const problem = grantEndProblem(values.until, today());
    if (problem) errors.until = problem === "past" ? "espace.partage.error.until" : "grant.error.tooLong";
  }
  if (!parsed.ok || Object.keys(errors).length > 0) return data({ errors, values }, { status: 400 });
  await grantAccess(db, personId, parsed.data);
  return { done: "granted" as const };
}

export default function Sharing() {
  const { grants, structures, today, lastDay } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const failed = result && "errors" in result ? result : null;
  const done = result && "done" in result ? result.done : null;
  const renewFailed = result && "renewError" in result ? result : null;
  return (
    <PersonPage title={t("espace.nav.partage")} picto="sharing">
      <p>{t("espace.partage.intro")}</p>
      <p role="status" className="person-status">
        {done === "granted"
          ? t("espace.partage.granted")
          : done === "revoked"
            ? t("espace.partage.revoked")
            : done === "renewed"
              ? t("grant.renewed")
              : ""}
      </p>
      <h2>{t("espace.partage.list.title")}</h2>
      {grants.length === 0 ? <p>{t("espace.partage.list.empty")}</p> : null}
      <ul className="person-list">
        {grants.map((grant) => {
          const state = grant.active ? "active" : grant.revokedAt ? "revoked" : "expired";
          return (
            <li key={grant.id} id={`acces-${grant.id}`} className="card" data-state={state}>
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
              {grant.endsSoon ? (
                <p className="notice" data-testid="grant-ends-soon">
                  {t("grant.endsSoon", { structure: grant.structure.name, date: formatDay(grant.expiresAt) })}
                </p>
              ) : null}
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
              {grant.revokedAt || grant.renewFrom > lastDay ? null : (
                <PersonGrantRenew
                  grant={{ id: grant.id, structure: grant.structure.name }}
                  firstDay={grant.renewFrom}
                  lastDay={lastDay}
                  error={renewFailed?.grantId === grant.id ? renewFailed.renewError : null}
                  open={grant.endsSoon || !grant.active}
                  busy={busy}
                />
              )}
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
        lastDay={lastDay}
        busy={busy}
      />
    </PersonPage>
  );
}

/** The later of two calendar days ("YYYY-MM-DD" compares as text). */
function laterOf(a: string, b: string): string {
  return a > b ? a : b;
}
