import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requirePerson } from "~/auth/auth.server";
import { PersonDocumentForm } from "~/diagnostic/person-document-form";
import { formatDay, labelOf } from "~/diagnostic/person-format";
import { PersonPage } from "~/diagnostic/person-nav";
import {
  ACCEPT_ATTRIBUTE,
  addDocument,
  deleteDocument,
  listDocuments,
  MAX_DOCUMENT_BYTES,
  parseDocumentUpload,
} from "~/diagnostic/documents.server";
import { t } from "~/i18n";
import { readForm } from "~/lib/request-body.server";
import { notFound, parseForm, unknownIntent } from "~/lib/forms";
import { deleteDocumentSchema } from "~/diagnostic/person-forms.server";

export const meta: MetaFunction = () => [{ title: `${t("espace.nav.documents")} · ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const person = await requirePerson(context.db, request);
  return { documents: await listDocuments(context.db, person.id), accept: ACCEPT_ATTRIBUTE, maxBytes: MAX_DOCUMENT_BYTES };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const person = await requirePerson(context.db, request);
  if (!request.headers.get("Content-Type")?.startsWith("multipart/form-data")) {
    const parsed = parseForm(deleteDocumentSchema, await readForm(request));
    // Only "delete" is posted without a file: anything else names an action that does not exist.
    if (!parsed.ok) throw unknownIntent();
    if (!(await deleteDocument(context.db, person.id, parsed.data.documentId))) throw notFound();
    return { done: "deleted" as const };
  }
  const { values, file, tooBig } = await parseDocumentUpload(request);
  const result = await addDocument(context.db, person.id, values, file, tooBig);
  if (!result.ok) return data({ errors: result.errors, values }, { status: 400 });
  return { done: "added" as const };
}

export default function Documents() {
  const { documents, accept, maxBytes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const failed = result && "errors" in result ? result : null;
  const done = result && "done" in result ? result.done : null;
  return (
    <PersonPage title={t("espace.nav.documents")} picto="documents">
      <p>{t("espace.documents.intro")}</p>
      <p role="status" className="person-status">
        {done === "added" ? t("espace.documents.added") : done === "deleted" ? t("espace.documents.deleted") : ""}
      </p>
      <h2>{t("espace.documents.list.title")}</h2>
      {documents.length === 0 ? <p>{t("espace.documents.empty")}</p> : null}
      <ul className="person-list">
        {documents.map((document) => (
          <li key={document.id} className="card">
            <h3>{document.title}</h3>
            <p className="muted">
              {labelOf("espace.documents.kind.", document.kind)} · {formatDay(document.createdAt)}
              {document.size ? ` · ${t("espace.documents.size", { size: Math.max(1, Math.round(document.size / 1024)) })}` : ""}
            </p>
            <div className="actions">
              {document.url ? (
                <a className="button secondary" href={document.url} rel="noopener noreferrer" target="_blank">
                  {t("espace.documents.open")}
                  <span className="visually-hidden"> — {document.title}</span>
                </a>
              ) : (
                <a className="button secondary" href={`/espace/documents/${document.id}`} download>
                  {t("espace.documents.download")}
                  <span className="visually-hidden"> — {document.title}</span>
                </a>
              )}
              <Form method="post">
                <input type="hidden" name="intent" value="delete" />
                <input type="hidden" name="documentId" value={document.id} />
                <button type="submit" className="button secondary" disabled={busy}>
                  {t("espace.documents.delete")}
                  <span className="visually-hidden"> — {document.title}</span>
                </button>
              </Form>
            </div>
          </li>
        ))}
      </ul>
      <h2>{t("espace.documents.form.title")}</h2>
      <PersonDocumentForm
        key={done ?? "form"}
        values={failed?.values ?? {}}
        errors={failed?.errors ?? {}}
        accept={accept}
        maxBytes={maxBytes}
        busy={busy}
      />
    </PersonPage>
  );
}
