import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { ErrorSummary, SelectField, TextField } from "~/ui/form";
import { createPerson, creatableStructures, newPersonSchema } from "~/diagnostic/people.server";
import { t } from "~/i18n";
import { constraintsOf, parseForm, type FieldErrors } from "~/lib/forms";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction = () => [{ title: `${t("pro.new.title")} · ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  return { structures: creatableStructures(user.memberships), fields: constraintsOf(newPersonSchema) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const parsed = parseForm(newPersonSchema, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const personId = await createPerson(context.db, user.id, parsed.data);
  if (!personId) return data({ errors: { structureId: "pro.error.structure" } as FieldErrors, values: parsed.values }, { status: 400 });
  return redirect(`/people/${personId}`);
}

export default function NewPerson() {
  const { structures, fields } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const busy = useNavigation().state !== "idle";
  return (
    <div className="page narrow">
      <h1>{t("pro.new.title")}</h1>
      <p>{t("pro.new.why")}</p>
      <Form method="post" className="stack" noValidate>
        <ErrorSummary show={Object.keys(errors).length > 0} />
        <TextField
          {...fields.displayName}
          label={t("pro.field.displayName")}
          hint={t("pro.field.displayName.hint")}
          error={errors.displayName}
          defaultValue={values.displayName}
          autoComplete="off"
        />
        <TextField
          {...fields.email}
          type="email"
          label={t("pro.field.email")}
          error={errors.email}
          defaultValue={values.email}
          autoComplete="off"
        />
        <TextField
          {...fields.phone}
          type="tel"
          label={t("pro.field.phone")}
          hint={t("pro.field.phone.hint")}
          error={errors.phone}
          defaultValue={values.phone}
          autoComplete="off"
        />
        {structures.length === 1 ? (
          <input type="hidden" name="structureId" value={structures[0].id} />
        ) : (
          <SelectField
            {...fields.structureId}
            label={t("pro.field.structure")}
            hint={t("pro.field.structure.hint")}
            error={errors.structureId}
            defaultValue={values.structureId}
            options={structures.map((structure) => ({ value: structure.id, label: structure.name }))}
          />
        )}
        <button type="submit" className="button" disabled={busy}>
          {t("pro.new.submit")}
        </button>
      </Form>
    </div>
  );
}
