import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireFacilitator } from "~/auth.server";
import { ErrorSummary, SelectField, TextField } from "~/components/form";
import { createPerson, creatableStructures, newPersonSchema } from "~/diagnostic/people.server";
import { t } from "~/i18n";
import { fieldErrors, type FieldErrors } from "~/sessions.schema";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction = () => [{ title: `${t("pro.new.title")} · ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireFacilitator(context.db, request);
  return { organizations: creatableStructures(user.memberships) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireFacilitator(context.db, request);
  const form = Object.fromEntries(await readForm(request));
  const values = Object.fromEntries(Object.entries(form).map(([key, value]) => [key, String(value)]));
  const parsed = newPersonSchema.safeParse(form);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  const personId = await createPerson(context.db, user.id, parsed.data);
  if (!personId) return data({ errors: { organizationId: "pro.error.organization" } as FieldErrors, values }, { status: 400 });
  return redirect(`/people/${personId}`);
}

export default function NewPerson() {
  const { organizations } = useLoaderData<typeof loader>();
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
          name="displayName"
          label={t("pro.field.displayName")}
          hint={t("pro.field.displayName.hint")}
          error={errors.displayName}
          defaultValue={values.displayName}
          autoComplete="off"
          required
          maxLength={60}
        />
        <TextField name="email" type="email" label={t("pro.field.email")} error={errors.email} defaultValue={values.email} autoComplete="off" />
        <TextField
          name="phone"
          type="tel"
          label={t("pro.field.phone")}
          hint={t("pro.field.phone.hint")}
          error={errors.phone}
          defaultValue={values.phone}
          autoComplete="off"
        />
        {organizations.length === 1 ? (
          <input type="hidden" name="organizationId" value={organizations[0].id} />
        ) : (
          <SelectField
            name="organizationId"
            label={t("pro.field.organization")}
            hint={t("pro.field.organization.hint")}
            error={errors.organizationId}
            defaultValue={values.organizationId}
            options={organizations.map((organization) => ({ value: organization.id, label: organization.name }))}
          />
        )}
        <button type="submit" className="button" disabled={busy}>
          {t("pro.new.submit")}
        </button>
      </Form>
    </div>
  );
}
