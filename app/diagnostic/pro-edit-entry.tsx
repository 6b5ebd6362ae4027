// A small form under one entry: change its text, and an action's status. Ids carry the entry's id,
// since the page holds one such form per entry.
import { Form } from "@remix-run/react";
import { t, type MessageKey } from "~/i18n";
import type { InputConstraints } from "~/lib/forms";
import { statusLabel } from "./pro-format";

export interface EditableEntry {
  id: string;
  text: string;
  kind: string;
  status: string | null;
}

interface Props {
  entry: EditableEntry;
  /** The action statuses, from the domain (through the loader). */
  statuses: readonly string[];
  errors?: Partial<Record<string, string>>;
  /** Said to screen readers after "Modifier", so that each button is told apart. */
  label?: string;
  /** The text's constraints, from the action's schema (through the loader). */
  textField?: InputConstraints;
}

export function ProEditEntry({ entry, statuses, errors, label, textField }: Props) {
  const textId = `edit-${entry.id}-text`;
  const statusId = `edit-${entry.id}-status`;
  const textError = errors?.text as MessageKey | undefined;
  return (
    <details className="pro-edit" open={Boolean(errors)}>
      <summary>
        {t("pro.edit.open")}
        {label ? <span className="visually-hidden"> : {label}</span> : null}
      </summary>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="update" />
        <input type="hidden" name="entryId" value={entry.id} />
        <div className="field">
          <label htmlFor={textId}>{t("pro.edit.text")}</label>
          {textError ? (
            <p className="error" id={`${textId}-error`}>
              {t(textError)}
            </p>
          ) : null}
          <textarea
            {...textField}
            id={textId}
            name="text"
            defaultValue={entry.text}
            aria-invalid={textError ? true : undefined}
            aria-describedby={textError ? `${textId}-error` : undefined}
          />
        </div>
        {entry.kind === "action" ? (
          <div className="field">
            <label htmlFor={statusId}>{t("pro.edit.status")}</label>
            <select id={statusId} name="status" defaultValue={entry.status ?? "todo"}>
              {statuses.map((status) => (
                <option key={status} value={status}>
                  {statusLabel(status)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <button type="submit" className="button secondary">
          {t("pro.edit.save")}
        </button>
      </Form>
    </details>
  );
}
