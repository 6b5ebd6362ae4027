// The form fields' markup (label, hint, error, all announced by screen readers), with every text
// already in words. The participant's join form uses them as they are, so that its page does not load
// the whole catalogue (issue 13); other forms use app/ui/form.tsx, which takes catalogue keys.
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { t } from "~/i18n/participant";

interface FieldShellProps {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  children: (describedBy: string | undefined, invalid: boolean) => ReactNode;
}

/** A labelled control with its hint and its error, both announced by screen readers. */
function FieldShell({ name, label, hint, error, children }: FieldShellProps) {
  const hintId = hint ? `${name}-hint` : undefined;
  const errorId = error ? `${name}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="error" id={errorId}>
          {error}
        </p>
      ) : null}
      {children(describedBy, Boolean(error))}
    </div>
  );
}

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "name"> & {
  name: string;
  label: string;
  hint?: string;
  error?: string;
};

export function TextField({ name, label, hint, error, ...input }: TextFieldProps) {
  return (
    <FieldShell name={name} label={label} hint={hint} error={error}>
      {(describedBy, invalid) => (
        <input type="text" id={name} name={name} aria-describedby={describedBy} aria-invalid={invalid || undefined} {...input} />
      )}
    </FieldShell>
  );
}

type SelectFieldProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "name"> & {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  options: { value: string; label: string }[];
};

export function SelectField({ name, label, hint, error, options, ...select }: SelectFieldProps) {
  return (
    <FieldShell name={name} label={label} hint={hint} error={error}>
      {(describedBy, invalid) => (
        <select id={name} name={name} aria-describedby={describedBy} aria-invalid={invalid || undefined} {...select}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

type TextAreaFieldProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name"> & {
  name: string;
  label: string;
  hint?: string;
  error?: string;
};

export function TextAreaField({ name, label, hint, error, ...textarea }: TextAreaFieldProps) {
  return (
    <FieldShell name={name} label={label} hint={hint} error={error}>
      {(describedBy, invalid) => (
        <textarea id={name} name={name} aria-describedby={describedBy} aria-invalid={invalid || undefined} {...textarea} />
      )}
    </FieldShell>
  );
}

/** Shown above a form that came back with errors, and focused so the user hears it first. */
export function ErrorSummary({ show }: { show: boolean }) {
  if (!show) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={(node) => node?.focus()}>
      {t("session.errors.summary")}
    </div>
  );
}
