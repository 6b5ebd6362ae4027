import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { ErrorSummary, TextAreaField, TextField } from "~/ui/form";
import { MemberPicker } from "~/series/member-picker";
import { t } from "~/i18n";
import { createSeries, membersInOrder, newSeriesSchema, structuresForNewSeries } from "~/series/series.server";
import { constraintsOf, parseForm, type FieldErrors } from "~/lib/forms";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction = () => [{ title: `${t("series.new")} · ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  return { structures: await structuresForNewSeries(context.db, user.id), fields: constraintsOf(newSeriesSchema) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const form = await readForm(request);
  const checked = form.getAll("member").map(String);
  const parsed = parseForm(newSeriesSchema, { ...Object.fromEntries(form), member: undefined, members: membersInOrder(form) });
  const reply = (errors: FieldErrors) => data({ errors, values: parsed.values, checked }, { status: 400 });
  if (!parsed.ok) return reply(parsed.errors);
  const result = await createSeries(context.db, user.id, parsed.data);
  if (!result.ok) return reply(result.errors);
  return redirect(`/series/${result.seriesId}`);
}

export default function NewSeries() {
  const { structures, fields } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const values: Record<string, string> = result?.values ?? {};
  const busy = useNavigation().state !== "idle";
  return (
    <div className="page narrow">
      <h1>{t("series.new")}</h1>
      <Form method="post" className="stack" noValidate>
        <ErrorSummary show={Object.keys(errors).length > 0} />
        <TextField
          {...fields.title}
          label={t("series.field.title")}
          hint={t("series.field.title.hint")}
          error={errors.title}
          defaultValue={values.title}
        />
        <TextField {...fields.territory} label={t("series.field.territory")} error={errors.territory} defaultValue={values.territory} />
        <TextAreaField {...fields.theme} label={t("series.field.theme")} error={errors.theme} defaultValue={values.theme} />
        <MemberPicker structures={structures} error={errors.members} checked={result?.checked} positions={values} />
        <button type="submit" className="button" disabled={busy}>
          {t("series.create")}
        </button>
      </Form>
    </div>
  );
}
