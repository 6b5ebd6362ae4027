import { Form, useNavigation } from "@remix-run/react";
import { ErrorSummary, TextField } from "~/ui/form";
import { RecordPastChoice } from "~/sessions/record-past";
import { t } from "~/i18n";
import type { FieldErrors, InputConstraints } from "~/lib/forms";

/** Shown to the structure asked to host: accept with the exchange's details, or pass its turn. */
export function HostingAnswer({
  proposalId,
  fields,
  errors,
  values,
}: {
  proposalId: string;
  fields: { theme: InputConstraints; place: InputConstraints };
  errors: FieldErrors;
  values: Record<string, string>;
}) {
  const busy = useNavigation().state !== "idle";
  return (
    <section className="notice series-ask" aria-labelledby="series-ask-title">
      <h3 id="series-ask-title">{t("series.ask.title")}</h3>
      <p>{t("series.ask.text")}</p>
      <Form method="post" className="stack" noValidate>
        <ErrorSummary show={Object.keys(errors).length > 0} />
        <input type="hidden" name="proposalId" value={proposalId} />
        <TextField {...fields.theme} label={t("series.ask.theme")} error={errors.theme} defaultValue={values.theme} />
        <TextField name="date" type="date" label={t("session.field.date")} error={errors.date} defaultValue={values.date} required />
        <TextField name="time" type="time" label={t("session.field.time")} error={errors.time} defaultValue={values.time} required />
        <RecordPastChoice errors={errors} values={values} />
        <TextField {...fields.place} label={t("session.field.place")} error={errors.place} defaultValue={values.place} required />
        <button type="submit" name="intent" value="accept" className="button" disabled={busy}>
          {t("series.ask.accept")}
        </button>
      </Form>
      <Form method="post" className="series-pass">
        <input type="hidden" name="proposalId" value={proposalId} />
        <p>{t("series.ask.passHint")}</p>
        <button type="submit" name="intent" value="pass" className="button secondary" disabled={busy}>
          {t("series.ask.pass")}
        </button>
      </Form>
    </section>
  );
}
