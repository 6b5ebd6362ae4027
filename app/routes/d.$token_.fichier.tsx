// The document behind a share link: each request checks the link again (revoked or expired: refused
// at once) and records one opening in her journal. A file comes as an attachment that the browser
// never renders here; a link-document is its address written out, never a redirect (our domain
// must not send a reader on to an address anyone typed).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { fileDownload } from "~/diagnostic/documents.server";
import { PUBLIC_SHARE_HEADERS } from "~/documents/public-share";
import { openByToken, shareByToken } from "~/documents/shares.server";
import { t } from "~/i18n";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  // A HEAD (a link checker) gets the status only: it is no opening.
  if (request.method === "HEAD") {
    const status = (await shareByToken(context.db, token)).status;
    return new Response(null, { status: status === "ok" ? 200 : status === "gone" ? 410 : 404, headers: PUBLIC_SHARE_HEADERS });
  }
  const found = await openByToken(context.db, token);
  if (found.status !== "ok") {
    const gone = found.status === "gone";
    return new Response(gone ? t("documents.public.gone") : t("documents.public.notFound"), {
      status: gone ? 410 : 404,
      headers: { ...PUBLIC_SHARE_HEADERS, "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const { document } = found.share;
  const { content } = found;
  if (document.url && !document.size) {
    return new Response(t("documents.public.elsewhere", { url: document.url }), {
      status: 200,
      headers: { ...PUBLIC_SHARE_HEADERS, "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  if (!content) {
    return new Response(null, { status: 200, headers: PUBLIC_SHARE_HEADERS });
  }
  const response = fileDownload({ fileName: document.fileName, mimeType: document.mimeType, content });
  for (const [name, value] of Object.entries(PUBLIC_SHARE_HEADERS)) response.headers.set(name, value);
  return response;
}
