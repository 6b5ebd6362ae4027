// The form fields of app/ui/fields.tsx, given their error as a catalogue key (what `readForm` and the
// schemas give), as every form but the participant's join form does.
import type { ComponentProps } from "react";
import { t, type MessageKey } from "~/i18n";
import { SelectField as SelectFieldInWords, TextAreaField as TextAreaFieldInWords, TextField as TextFieldInWords } from "./fields";

export { ErrorSummary } from "./fields";

type WithKeyError<Props> = Omit<Props, "error"> & { error?: MessageKey };

export function TextField({ error, ...props }: WithKeyError<ComponentProps<typeof TextFieldInWords>>) {
  return <TextFieldInWords {...props} error={error ? t(error) : undefined} />;
}

export function SelectField({ error, ...props }: WithKeyError<ComponentProps<typeof SelectFieldInWords>>) {
  return <SelectFieldInWords {...props} error={error ? t(error) : undefined} />;
}

export function TextAreaField({ error, ...props }: WithKeyError<ComponentProps<typeof TextAreaFieldInWords>>) {
  return <TextAreaFieldInWords {...props} error={error ? t(error) : undefined} />;
}
