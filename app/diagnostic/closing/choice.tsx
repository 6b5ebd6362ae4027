import type { SelectHTMLAttributes } from "react";
import { t, type MessageKey } from "~/i18n";

/**
 * A labelled select with its error, like SelectField in ~/ui/form, but with an id of its
 * own: the closing page repeats the same form (same field names) once per card and per participant.
 */
export function Choice({
  id,
  name,
  label,
  error,
  options,
  ...select
}: Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "name"> & {
  id: string;
  name: string;
  label: string;
  error?: MessageKey;
  options: { value: string; label: string }[];
}) {
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {error ? (
        <p className="error" id={errorId}>
          {t(error)}
        </p>
      ) : null}
      <select id={id} name={name} aria-describedby={error ? errorId : undefined} aria-invalid={error ? true : undefined} {...select}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
