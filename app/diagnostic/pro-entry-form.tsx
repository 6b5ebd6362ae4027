// Adding an entry to a diagnostic (referent professionals). One form for every kind: who, by when
// and status only matter for an action, which always goes into the action plan.
import { Form } from "@remix-run/react";
import { useState } from "react";
import { DIAGNOSTIC_DIMENSIONS } from "../../workshops/schema";
import { ErrorSummary, SelectField, TextAreaField, TextField } from "~/ui/form";
import { t, type MessageKey } from "~/i18n";
import type { FormConstraints } from "~/lib/forms";
import { entryKindLabel, statusLabel } from "./pro-format";

interface Props {
  kinds: readonly string[];
  /** The inputs' constraints, from the action's schema (through the loader). */
  fields: FormConstraints<"dimension" | "kind" | "text" | "who" | "dueDate" | "status">;
  statuses: readonly string[];
  errors: Partial<Record<string, MessageKey>>;
  values: Record<string, string>;
  busy: boolean;
}

export function ProEntryForm({ kinds, fields, statuses, errors, values, busy }: Props) {
  const [kind, setKind] = useState(values.kind || "strength");
  return (
    <Form method="post" className="stack" noValidate>
      <input type="hidden" name="intent" value="add" />
      <ErrorSummary show={Object.keys(errors).length > 0} />
      <SelectField
        name="kind"
        label={t("pro.field.kind")}
        hint={t("pro.field.kind.hint")}
        error={errors.kind}
        value={kind}
        onChange={(event) => setKind(event.currentTarget.value)}
        options={kinds.map((value) => ({ value, label: entryKindLabel(value) }))}
      />
      {kind === "action" ? (
        <input type="hidden" name="dimension" value="action_plan" />
      ) : (
        <SelectField
          name="dimension"
          label={t("pro.field.dimension")}
          error={errors.dimension}
          defaultValue={values.dimension}
          options={DIAGNOSTIC_DIMENSIONS.map((value) => ({ value, label: t(`dimension.${value}`) }))}
        />
      )}
      <TextAreaField {...fields.text} label={t("pro.field.text")} error={errors.text} defaultValue={values.text} />
      {kind === "action" ? (
        <>
          <TextField {...fields.who} label={t("pro.field.who")} error={errors.who} defaultValue={values.who} />
          <TextField name="dueDate" type="date" label={t("pro.field.due")} error={errors.dueDate} defaultValue={values.dueDate} />
          <SelectField
            name="status"
            label={t("pro.field.status")}
            error={errors.status}
            defaultValue={values.status || "todo"}
            options={statuses.map((value) => ({ value, label: statusLabel(value) }))}
          />
        </>
      ) : null}
      <button type="submit" className="button" disabled={busy}>
        {t("pro.add.submit")}
      </button>
    </Form>
  );
}
