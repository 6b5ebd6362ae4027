import { Form } from "@remix-run/react";
import { useState } from "react";
import { ErrorSummary, SelectField, TextField } from "~/ui/form";
import { formatDay, t, type MessageKey } from "~/i18n";
import { DIAGNOSTIC_DIMENSIONS } from "../../workshops/schema";
import { dimensionLabel } from "./person-format";

export interface GrantFormValues {
  structureId?: string;
  scope?: string;
  until?: string;
  dimensions?: string[];
}
export type GrantFormErrors = Partial<Record<"structureId" | "dimensions" | "until", MessageKey>>;

/** Give a structure access: which one, the whole diagnostic or some themes, until which day. */
export function PersonGrantForm(props: {
  structures: { id: string; name: string }[];
  values: GrantFormValues;
  errors: GrantFormErrors;
  today: string;
  /** The latest last day a grant given today may have (GRANT_MAX_DAYS ahead). */
  lastDay: string;
  busy: boolean;
}) {
  const { structures, values, errors, today, lastDay, busy } = props;
  const [scope, setScope] = useState(values.scope === "some" ? "some" : "whole");
  if (structures.length === 0) return <p>{t("espace.partage.none")}</p>;
  return (
    <Form method="post" className="stack" noValidate>
      <input type="hidden" name="intent" value="grant" />
      <ErrorSummary show={Object.keys(errors).length > 0} />
      <SelectField
        name="structureId"
        label={t("espace.partage.field.structure")}
        error={errors.structureId}
        defaultValue={values.structureId ?? ""}
        options={[
          { value: "", label: t("espace.partage.field.structure.choose") },
          ...structures.map((s) => ({ value: s.id, label: s.name })),
        ]}
      />
      <fieldset className="field person-choice">
        <legend>{t("espace.partage.field.scope")}</legend>
        {(["whole", "some"] as const).map((value) => (
          <div className="checkbox" key={value}>
            <input
              type="radio"
              id={`scope-${value}`}
              name="scope"
              value={value}
              checked={scope === value}
              onChange={() => setScope(value)}
            />
            <label htmlFor={`scope-${value}`}>{t(`espace.partage.field.scope.${value}`)}</label>
          </div>
        ))}
      </fieldset>
      {scope === "some" ? (
        <fieldset className="field person-choice" aria-describedby={errors.dimensions ? "dimensions-error" : undefined}>
          <legend>{t("espace.partage.field.dimensions")}</legend>
          {errors.dimensions ? (
            <p className="error" id="dimensions-error">
              {t(errors.dimensions)}
            </p>
          ) : null}
          {DIAGNOSTIC_DIMENSIONS.map((dimension) => (
            <div className="checkbox" key={dimension}>
              <input
                type="checkbox"
                id={`dimension-${dimension}`}
                name="dimensions"
                value={dimension}
                defaultChecked={values.dimensions?.includes(dimension)}
              />
              <label htmlFor={`dimension-${dimension}`}>{dimensionLabel(dimension)}</label>
            </div>
          ))}
        </fieldset>
      ) : null}
      <TextField
        name="until"
        type="date"
        label={t("espace.partage.field.until")}
        hint={`${t("espace.partage.field.until.hint")} ${t("grant.until.max", { date: formatDay(`${lastDay}T12:00:00Z`) })}`}
        error={errors.until}
        defaultValue={values.until}
        min={today}
        max={lastDay}
        required
      />
      <button type="submit" className="button" disabled={busy}>
        {t("espace.partage.submit")}
      </button>
    </Form>
  );
}
