import { Form } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { ErrorSummary, SelectField, TextField } from "~/ui/form";
import { t } from "~/i18n";
import type { DocumentErrors } from "~/diagnostic/documents.server";
import { DOCUMENT_TITLE_MAX } from "./field-lengths";

const KINDS = ["cv", "certificate", "badge", "other"] as const;

/** Add a document: what it is, its name, then a link or a file (the file last, see documents.server.ts). */
export function PersonDocumentForm(props: {
  values: Record<string, string>;
  errors: DocumentErrors;
  accept: string;
  maxBytes: number;
  busy: boolean;
}) {
  const { values, accept, maxBytes, busy } = props;
  // A file over the limit is refused by the server before it reads it (a bare 413): say it here first.
  const [tooBig, setTooBig] = useState(false);
  const errors: DocumentErrors = tooBig ? { ...props.errors, file: "espace.documents.error.tooBig" } : props.errors;
  const failed = Object.keys(errors).length > 0;
  function checkSize(event: FormEvent<HTMLFormElement>) {
    const input = event.currentTarget.elements.namedItem("file");
    const file = input instanceof HTMLInputElement ? input.files?.[0] : undefined;
    const over = file !== undefined && file.size > maxBytes;
    setTooBig(over);
    if (over) event.preventDefault();
  }
  return (
    <Form method="post" encType="multipart/form-data" className="stack" noValidate onSubmit={checkSize}>
      <input type="hidden" name="intent" value="add" />
      <ErrorSummary show={failed} />
      <SelectField
        name="kind"
        label={t("espace.documents.field.kind")}
        error={errors.kind}
        defaultValue={values.kind ?? "cv"}
        options={KINDS.map((kind) => ({ value: kind, label: t(`espace.documents.kind.${kind}`) }))}
      />
      <TextField
        name="title"
        label={t("espace.documents.field.title")}
        hint={t("espace.documents.field.title.hint")}
        error={errors.title}
        defaultValue={values.title}
        maxLength={DOCUMENT_TITLE_MAX}
        required
      />
      <TextField
        name="url"
        type="url"
        inputMode="url"
        label={t("espace.documents.field.url")}
        hint={t("espace.documents.field.url.hint")}
        error={errors.url}
        defaultValue={values.url}
      />
      <TextField
        name="file"
        type="file"
        label={t("espace.documents.field.file")}
        hint={
          failed ? `${t("espace.documents.field.file.hint")} ${t("espace.documents.file.again")}` : t("espace.documents.field.file.hint")
        }
        error={errors.file}
        accept={accept}
      />
      <button type="submit" className="button" disabled={busy}>
        {t("espace.documents.submit")}
      </button>
    </Form>
  );
}
