import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { SESSION_KINDS, type SessionKind } from "../../workshops/schema";
import { requireProfessional } from "~/auth/auth.server";
import { ErrorSummary, SelectField, TextField } from "~/ui/form";
import { RecordPastChoice } from "~/sessions/record-past";
import { kindLabel } from "~/sessions/session-kind";
import { t } from "~/i18n";
import { constraintsOf, parseForm } from "~/lib/forms";
import { newSessionSchema } from "~/sessions/sessions.schema";
import { createSession } from "~/sessions/sessions.server";
import { currentStructure } from "~/structures/structures.server";
import { listTemplatesForUser } from "~/templates/templates.server";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction = () => [{ title: `${t("session.new.title")} · ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const structures = user.memberships
    .filter((membership) => membership.role === "admin" || membership.role === "facilitator")
    .map((membership) => membership.structure);
  const { templates } = await listTemplatesForUser(context.db, user.id);
  // Coming from the library's "create a session from this template": start from that template.
  const chosen = new URL(request.url).searchParams.get("templateId");
  // The structure the professional chose to work in comes first (when they may run sessions there).
  const current = await currentStructure(context.db, request, user);
  return {
    structures,
    currentStructureId: structures.some((structure) => structure.id === current?.id) ? current?.id : undefined,
    templates: templates.map(({ template: { id, kind, title, durationMinutes } }) => ({ id, kind, title, durationMinutes })),
    chosen: templates.find(({ template }) => template.id === chosen)?.template ?? null,
    fields: constraintsOf(newSessionSchema),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const parsed = parseForm(newSessionSchema, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = await createSession(context.db, user.id, parsed.data);
  if (!result.ok) return data({ errors: result.errors, values: parsed.values }, { status: 400 });
  return redirect(`/sessions/${result.sessionId}`);
}

export default function NewSession() {
  const { structures, templates, chosen, currentStructureId, fields } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const busy = useNavigation().state !== "idle";
  const [kind, setKind] = useState<SessionKind>((values.kind as SessionKind) || chosen?.kind || "information_session");
  const [online, setOnline] = useState(values.online === "on");
  const kindTemplates = templates.filter((template) => template.kind === kind);

  return (
    <div className="page narrow">
      <h1>{t("session.new.title")}</h1>
      <Form method="post" className="stack" noValidate>
        <ErrorSummary show={Object.keys(errors).length > 0} />
        {structures.length > 1 ? (
          <SelectField
            {...fields.structureId}
            label={t("session.field.structure")}
            error={errors.structureId}
            defaultValue={values.structureId ?? currentStructureId}
            options={structures.map((structure) => ({ value: structure.id, label: structure.name }))}
          />
        ) : (
          <input type="hidden" name="structureId" value={structures[0]?.id ?? ""} />
        )}
        <SelectField
          {...fields.kind}
          label={t("session.field.kind")}
          error={errors.kind}
          value={kind}
          onChange={(event) => setKind(event.currentTarget.value as SessionKind)}
          options={SESSION_KINDS.map((value) => ({ value, label: kindLabel(value) }))}
        />
        <SelectField
          key={kind}
          {...fields.templateId}
          label={t("session.field.template")}
          error={errors.templateId}
          defaultValue={values.kind === kind ? values.templateId : chosen?.kind === kind ? chosen.id : undefined}
          options={kindTemplates.map((template) => ({
            value: template.id,
            label: `${template.title} (${t("session.template.minutes", { minutes: template.durationMinutes })})`,
          }))}
        />
        {/* From the library's "create a session with this template": its title, to keep or change. */}
        <TextField
          {...fields.title}
          label={t("session.field.title")}
          error={errors.title}
          defaultValue={values.title ?? chosen?.title.slice(0, fields.title.maxLength)}
        />
        <TextField name="date" type="date" label={t("session.field.date")} error={errors.date} defaultValue={values.date} required />
        <TextField name="time" type="time" label={t("session.field.time")} error={errors.time} defaultValue={values.time} required />
        <RecordPastChoice errors={errors} values={values} />
        <div className="checkbox">
          <input type="checkbox" id="online" name="online" checked={online} onChange={(event) => setOnline(event.currentTarget.checked)} />
          <label htmlFor="online">{t("session.field.online")}</label>
        </div>
        {online ? null : (
          <TextField
            {...fields.place}
            label={t("session.field.place")}
            hint={t("session.field.place.hint")}
            error={errors.place}
            defaultValue={values.place}
          />
        )}
        <button type="submit" className="button" disabled={busy}>
          {t("session.create")}
        </button>
      </Form>
    </div>
  );
}
