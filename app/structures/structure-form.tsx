import { Form } from "@remix-run/react";
import { ErrorSummary, SelectField, TextField } from "~/ui/form";
import { t } from "~/i18n";
import type { FieldErrors, FormConstraints } from "~/lib/forms";
import { kindOptions } from "./labels";

/** An admin edits the structure's name, kind and territory; what was typed comes back with the errors. */
export function StructureForm({
  structure,
  fields,
  errors,
  values,
}: {
  structure: { name: string; kind: string; territory: string | null };
  fields: FormConstraints<"name" | "kind" | "territory">;
  errors: FieldErrors;
  values: Record<string, string>;
}) {
  return (
    <section aria-labelledby="structure-edit-title">
      <h2 id="structure-edit-title">{t("structures.edit.title")}</h2>
      <Form method="post" className="stack" noValidate>
        <ErrorSummary show={Object.keys(errors).length > 0} />
        <input type="hidden" name="intent" value="edit" />
        <TextField {...fields.name} label={t("structures.field.name")} error={errors.name} defaultValue={values.name ?? structure.name} />
        <SelectField
          {...fields.kind}
          label={t("structures.field.kind")}
          error={errors.kind}
          defaultValue={values.kind ?? structure.kind}
          options={kindOptions()}
        />
        <TextField
          {...fields.territory}
          label={t("structures.field.territory")}
          hint={t("structures.field.territory.hint")}
          error={errors.territory}
          defaultValue={values.territory ?? structure.territory ?? ""}
        />
        <button type="submit" className="button">
          {t("structures.save")}
        </button>
      </Form>
    </section>
  );
}
