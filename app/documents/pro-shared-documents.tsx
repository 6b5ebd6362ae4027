import { formatDay, t } from "~/i18n";
import { labelOf } from "~/diagnostic/person-format";

/** On a person's page, for a professional: the documents she shows to their structure, while each share lasts. */
export function ProSharedDocuments(props: {
  personId: string;
  shares: {
    id: string;
    expiresAt: Date | string;
    structure: string;
    document: { title: string; kind: string; url: string | null; size: number | null };
  }[];
}) {
  if (props.shares.length === 0) return null;
  return (
    <section aria-labelledby="pro-documents-title">
      <h2 id="pro-documents-title">{t("documents.pro.title")}</h2>
      <ul className="person-list" data-testid="shared-documents">
        {props.shares.map((share) => {
          const isLink = share.document.url !== null && share.document.size === null;
          return (
            <li key={share.id} className="card">
              <h3>{share.document.title}</h3>
              <p className="muted">
                {labelOf("espace.documents.kind.", share.document.kind)} · {share.structure} ·{" "}
                {t("documents.pro.until", { date: formatDay(share.expiresAt) })}
              </p>
              <a
                className="button secondary"
                href={`/people/${props.personId}/documents/${share.id}`}
                rel="noreferrer"
                {...(isLink ? { target: "_blank" } : { download: true })}
              >
                {isLink ? t("documents.pro.open") : t("documents.pro.download")}
                <span className="visually-hidden"> — {share.document.title}</span>
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
