import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireFacilitator } from "~/auth.server";
import { ErrorSummary, TextAreaField, TextField } from "~/components/form";
import { MemberPicker } from "~/components/series/member-picker";
import { t } from "~/i18n";
import { createSeries, membersInOrder, newSeriesSchema, structuresForNewSeries } from "~/series.server";
import { fieldErrors, type FieldErrors } from "~/sessions.schema";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction = () => [{ title: `${t("series.new")} · ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireFacilitator(context.db, request);
  return { structures: await structuresForNewSeries(context.db, user.id) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireFacilitator(context.db, request);
  const form = await readForm(request);
  const values = Object.fromEntries([...form.entries()].filter(([key]) => key !== "member").map(([key, value]) => [key, String(value)]));
  const checked = form.getAll("member").map(String);
  const reply = (errors: FieldErrors) => data({ errors, values, checked }, { status: 400 });
  const parsed = newSeriesSchema.safeParse({ ...values, members: membersInOrder(form) });
  if (!parsed.success) return reply(fieldErrors(parsed.error));
  const result = await createSeries(context.db, user.id, parsed.data);
  if (!result.ok) return reply(result.errors);
  return redirect(`/series/${result.seriesId}`);
}

export default function NewSeries() {
  const { structures } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const values: Record<string, string> = result?.values ?? {};
  const busy = useNavigation().state !== "idle";
  return (
    <div className="page narrow">
      <h1>{t("series.new")}</h1>
      <Form method="post" className="stack" noValidate>
        <ErrorSummary show={Object.keys(errors).length > 0} />
        <TextField name="title" label={t("series.field.title")} hint={t("series.field.title.hint")} error={errors.title} defaultValue={values.title} required maxLength={120} />
        <TextField name="territory" label={t("series.field.territory")} error={errors.territory} defaultValue={values.territory} required maxLength={120} />
        <TextAreaField name="theme" label={t("series.field.theme")} error={errors.theme} defaultValue={values.theme} required maxLength={200} />
        <MemberPicker structures={structures} error={errors.members} checked={result?.checked} positions={values} />
        <button type="submit" className="button" disabled={busy}>
          {t("series.create")}
        </button>
      </Form>
    </div>
  );
}
