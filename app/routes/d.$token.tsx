// The page a document's share link opens, for anyone holding it (an employer). Opening the page
// records nothing and sends nothing of the document but its name (link previews of chat apps open
// it too); the download below is the opening, recorded in her journal. A revoked or expired link
// says so (410), anything else is an unknown link (404). The token never leaves in a Referer.
import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { labelOf } from "~/diagnostic/person-format";
import { PUBLIC_SHARE_HEADERS } from "~/documents/public-share";
import { shareByToken } from "~/documents/shares.server";
import { formatDateTime, t } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `${
      data?.status === "ok"
        ? data.document.title
        : data?.status === "gone"
          ? t("documents.public.gone.title")
          : t("documents.public.notFound.title")
    } · ${t("app.name")}`,
  },
  { name: "referrer", content: "no-referrer" },
  { name: "robots", content: "noindex, nofollow" },
];

export const headers: HeadersFunction = () => PUBLIC_SHARE_HEADERS;

export async function loader({ params, context }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const found = await shareByToken(context.db, token);
  if (found.status === "gone") return data({ status: "gone" as const }, { status: 410 });
  if (found.status === "notFound") return data({ status: "notFound" as const }, { status: 404 });
  const { document, expiresAt } = found.share;
  return {
    status: "ok" as const,
    document: { title: document.title, kind: document.kind, isLink: document.url !== null && document.size === null },
    expiresAt,
    fileUrl: `/d/${token}/fichier`,
    // A badge's credential: anyone may check it on the public verification page (app/badges).
    verifyUrl: document.badgeAwardId ? `/badges/verifier/${encodeURIComponent(document.badgeAwardId)}` : null,
  };
}

export default function SharedDocument() {
  const answer = useLoaderData<typeof loader>();
  if (answer.status !== "ok") {
    const gone = answer.status === "gone";
    return (
      <div className="page narrow">
        <h1>{gone ? t("documents.public.gone.title") : t("documents.public.notFound.title")}</h1>
        <p>{gone ? t("documents.public.gone") : t("documents.public.notFound")}</p>
      </div>
    );
  }
  const { document } = answer;
  return (
    <div className="page narrow stack">
      <h1>{t("documents.public.title")}</h1>
      <p>{t("documents.public.intro")}</p>
      <section className="card" aria-labelledby="shared-title">
        <h2 id="shared-title">{document.title}</h2>
        <p className="muted">{labelOf("espace.documents.kind.", document.kind)}</p>
        <p>{t("documents.public.until", { date: formatDateTime(answer.expiresAt) })}</p>
        {document.isLink ? (
          <a className="button" href={answer.fileUrl} rel="noreferrer noopener">
            {t("documents.public.openLink")}
          </a>
        ) : (
          <a className="button" href={answer.fileUrl} download rel="noreferrer">
            {t("documents.public.download")}
          </a>
        )}
        {answer.verifyUrl ? (
          <p>
            <a href={answer.verifyUrl} rel="noreferrer">
              {t("documents.public.verify")}
            </a>
          </p>
        ) : null}
      </section>
    </div>
  );
}
