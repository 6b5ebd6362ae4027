// A professional opens a document a person shows to their structure: only through one of the
// structures they belong to (the session says which, never the request), only while the share lasts.
// Each opening goes to her journal and to the structure's read traces.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireProfessional } from "~/auth/auth.server";
import { professionalViewer } from "~/diagnostic/access.server";
import { fileDownload } from "~/diagnostic/documents.server";
import { PUBLIC_SHARE_HEADERS } from "~/documents/public-share";
import { openForViewer } from "~/documents/shares.server";
import { t } from "~/i18n";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const viewer = await professionalViewer(context.db, user.id);
  const opened = await openForViewer(context.db, viewer, params.personId ?? "", params.shareId ?? "");
  if (opened.status !== "ok") {
    const gone = opened.status === "gone";
    return new Response(gone ? t("documents.pro.gone") : t("documents.pro.notFound"), {
      status: gone ? 410 : 404,
      headers: { ...PUBLIC_SHARE_HEADERS, "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const { document } = opened.share;
  if (!document.content) {
    if (!document.url) return new Response(t("documents.pro.notFound"), { status: 404, headers: PUBLIC_SHARE_HEADERS });
    return new Response(null, { status: 303, headers: { ...PUBLIC_SHARE_HEADERS, Location: document.url } });
  }
  return fileDownload({ fileName: document.fileName, mimeType: document.mimeType, content: document.content });
}
