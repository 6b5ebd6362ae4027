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
import { badRequest, dispatchIntent, notFound, parseForm } from "~/lib/forms";
import { deleteDocumentSchema } from "~/diagnostic/person-forms.server";
import { lastGrantDay } from "~/diagnostic/grant-limits";
import { NewShareLink, PersonDocumentShares, type ShareFormErrors } from "~/documents/person-document-shares";
import {
  activeShares,
  createShareLink,
  linkShareSchema,
  revokeShare,
  revokeShareSchema,
  shareableStructures,
  shareWithStructure,
  structureShareSchema,
} from "~/documents/shares.server";
import { todayInParis } from "~/lib/paris-dates";
import { ownOrigin } from "~/lib/public-origin";

export const meta: MetaFunction = () => [{ title: `${t("espace.nav.documents")} · ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const person = await requirePerson(context.db, request);
  const [documents, shares, structures] = await Promise.all([
    listDocuments(context.db, person.id),
    activeShares(context.db, person.id),
    shareableStructures(context.db, person.id),
  ]);
  const today = todayInParis();
  return {
    documents,
    shares,
    structures: structures.map(({ id, name }) => ({ id, name })),
    today,
    lastDay: lastGrantDay(today),
    accept: ACCEPT_ATTRIBUTE,
    maxBytes: MAX_DOCUMENT_BYTES,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const person = await requirePerson(context.db, request);
  if (!request.headers.get("Content-Type")?.startsWith("multipart/form-data")) {
    const form = await readForm(request);
    const db = context.db;
    // Without a file: deleting or showing one; anything else names an action that does not exist.
    return dispatchIntent(form, {
      delete: async () => {
        const parsed = parseForm(deleteDocumentSchema, form);
        if (!parsed.ok) throw badRequest();
        if (!(await deleteDocument(db, person.id, parsed.data.documentId))) throw notFound();
        return { done: "deleted" as const };
      },
      shareStructure: async () => {
        const values = { structureId: String(form.get("structureId") ?? ""), until: String(form.get("until") ?? "") };
        const documentId = String(form.get("documentId") ?? "");
        const parsed = parseForm(structureShareSchema, { ...values, documentId });
        if (!parsed.ok && parsed.errors.documentId) throw badRequest();
        const outcome = await shareWithStructure(db, person.id, { ...values, documentId }, todayInParis());
        if (outcome.ok) return { done: "shared" as const };
        if ("notFound" in outcome) throw notFound();
        return data({ shareErrors: outcome.errors as ShareFormErrors, documentId, values }, { status: 400 });
      },
      shareLink: async () => {
        const documentId = String(form.get("documentId") ?? "");
        const parsed = parseForm(linkShareSchema, { documentId, days: form.get("days") ?? "" });
        if (!parsed.ok) {
          if (parsed.errors.documentId) throw badRequest();
          const errors: ShareFormErrors = { days: "documents.share.error.days" };
          return data({ shareErrors: errors, documentId, values: { days: String(form.get("days") ?? "") } }, { status: 400 });
        }
        const created = await createShareLink(db, person.id, documentId, parsed.data.days);
        if (!created) throw notFound();
        const title = (await listDocuments(db, person.id)).find((document) => document.id === documentId)?.title ?? "";
        const origin = ownOrigin(request, context.publicOrigin);
        return { done: "link" as const, link: { url: `${origin}/d/${created.token}`, title, expiresAt: created.expiresAt } };
      },
      revokeShare: async () => {
        const parsed = parseForm(revokeShareSchema, form);
        if (!parsed.ok) throw badRequest();
        if (!(await revokeShare(db, person.id, parsed.data.shareId))) throw notFound();
        return { done: "revokedShare" as const };
      },
    });
  }
  const { values, file, tooBig } = await parseDocumentUpload(request);
  const result = await addDocument(context.db, person.id, values, file, tooBig);
  if (!result.ok) return data({ errors: result.errors, values }, { status: 400 });
  return { done: "added" as const };
}

export default function Documents() {
  const { documents, shares, structures, today, lastDay, accept, maxBytes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const failed = result && "errors" in result ? result : null;
  const shareFailed = result && "shareErrors" in result ? result : null;
  const done = result && "done" in result ? result.done : null;
  const link = result && "link" in result ? result.link : null;
  return (
    <PersonPage title={t("espace.nav.documents")} picto="documents">
      <p>{t("espace.documents.intro")}</p>
      <p role="status" className="person-status">
        {done === "added"
          ? t("espace.documents.added")
          : done === "deleted"
            ? t("espace.documents.deleted")
            : done === "shared"
              ? t("documents.share.structure.done")
              : done === "revokedShare"
                ? t("documents.share.revoked")
                : ""}
      </p>
      {link ? <NewShareLink {...link} /> : null}
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
            <PersonDocumentShares
              key={`${document.id}-${done ?? ""}`}
              document={document}
              shares={shares.filter((share) => share.documentId === document.id)}
              structures={structures}
              today={today}
              lastDay={lastDay}
              failed={shareFailed?.documentId === document.id ? { values: shareFailed.values, errors: shareFailed.shareErrors } : null}
              busy={busy}
            />
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
