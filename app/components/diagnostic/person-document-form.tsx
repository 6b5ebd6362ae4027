import { Form } from "@remix-run/react";
import { ErrorSummary, SelectField, TextField } from "~/components/form";
import { t } from "~/i18n";
import type { DocumentErrors } from "~/diagnostic/documents.server";

const KINDS = ["cv", "certificate", "badge", "other"] as const;

/** Add a document: what it is, its name, then a link or a file (the file last, see documents.server.ts). */
export function PersonDocumentForm(props: { values: Record<string, string>; errors: DocumentErrors; accept: string; busy: boolean }) {
  const { values, errors, accept, busy } = props;
  const failed = Object.keys(errors).length > 0;
  return (
    <Form method="post" encType="multipart/form-data" className="stack" noValidate>
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
        maxLength={120}
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
        hint={failed ? `${t("espace.documents.field.file.hint")} ${t("espace.documents.file.again")}` : t("espace.documents.field.file.hint")}
        error={errors.file}
        accept={accept}
      />
      <button type="submit" className="button" disabled={busy}>
        {t("espace.documents.submit")}
      </button>
    </Form>
  );
}
