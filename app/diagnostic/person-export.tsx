import { formatDateTime, t } from "~/i18n";
import { auditPartLabel, dimensionLabel, formatDay, labelOf, provenanceOf } from "./person-format";

interface ExportView {
  exportedAt: string;
  person: { displayName: string; email: string | null; phone: string | null; structure: string };
  diagnostic: {
    summary: string | null;
    entries: { id: string; dimension: string; kind: string; text: string; personWords: string; provenance: unknown }[];
  };
  history: { id: string; action: string; createdAt: Date | string; byPerson: boolean; who: string; structure: string }[];
  grants: {
    id: string;
    structure: { name: string };
    dimensions: string[] | null;
    expiresAt: Date | string;
    revokedAt: Date | string | null;
    active: boolean;
  }[];
  auditLog: { id: string; action: string; part: string; createdAt: Date | string; who: string; structure: string }[];
  proposals: { id: string; cardText: string; session: { title: string; startsAt: Date | string } }[];
  documents: { id: string; kind: string; title: string; url: string | null; fileName: string | null }[];
  documentShares: {
    id: string;
    document: string;
    to: string;
    expiresAt: Date | string;
    revokedAt: Date | string | null;
    openings: unknown[];
  }[];
  participations: {
    sessionId: string;
    sessionTitle: string;
    sessionDate: Date | string;
    name: string;
    cards: { text: string; zone: string }[];
  }[];
  registrations: { id: string; sessionTitle: string; sessionDate: Date | string; status: string }[];
  messages: { id: string; subject: string; createdAt: Date | string }[];
}

/** Everything kept about the person, on one page that prints well. */
export function PersonExport({ data }: { data: ExportView }) {
  const { person, diagnostic } = data;
  return (
    <div className="person-export">
      <p className="muted">{t("espace.export.generated", { date: formatDateTime(data.exportedAt) })}</p>
      <h2>{t("espace.export.me")}</h2>
      <p>
        {t("espace.export.name", { name: person.displayName })}
        {person.email ? (
          <>
            <br />
            {t("espace.export.email", { email: person.email })}
          </>
        ) : null}
        {person.phone ? (
          <>
            <br />
            {t("espace.export.phone", { phone: person.phone })}
          </>
        ) : null}
        <br />
        {t("espace.export.structure", { structure: person.structure })}
      </p>
      <h2>{t("espace.nav.diagnostic")}</h2>
      {diagnostic.summary ? (
        <p>
          {t("espace.summary.title")} : {diagnostic.summary}
        </p>
      ) : null}
      <ul>
        {diagnostic.entries.map((entry) => {
          const from = provenanceOf(entry.provenance);
          return (
            <li key={entry.id}>
              <strong>{dimensionLabel(entry.dimension)}</strong> — {labelOf("espace.entry.kind.", entry.kind)} : {entry.text}
              {entry.personWords ? <> ({t("espace.entry.myWords", { words: entry.personWords })})</> : null}
              {from ? (
                <>
                  {" "}
                  {t("espace.entry.provenance", {
                    title: from.title,
                    kind: from.kind,
                    date: formatDay(from.date),
                    structure: from.structure,
                  })}
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
      <h2>{t("espace.export.proposals")}</h2>
      <ul>
        {data.proposals.map((proposal) => (
          <li key={proposal.id}>
            {proposal.cardText} — {proposal.session.title}, {formatDay(proposal.session.startsAt)}
          </li>
        ))}
      </ul>
      <h2>{t("espace.nav.partage")}</h2>
      <ul>
        {data.grants.map((grant) => (
          <li key={grant.id}>
            {grant.structure.name} :{" "}
            {grant.dimensions === null
              ? t("espace.partage.whole")
              : t("espace.partage.parts", { parts: grant.dimensions.map(dimensionLabel).join(", ") })}
            , {t("espace.partage.until", { date: formatDay(grant.expiresAt) })} —{" "}
            {t(`espace.partage.state.${grant.active ? "active" : grant.revokedAt ? "revoked" : "expired"}`)}
          </li>
        ))}
      </ul>
      <h2>{t("espace.nav.journal")}</h2>
      <ul>
        {data.auditLog.map((event) => (
          <li key={event.id}>
            {formatDateTime(event.createdAt)} — {event.who} ({event.structure}){" "}
            {event.action === "write" ? t("espace.journal.write") : t("espace.journal.read")} : {auditPartLabel(event.part)}
          </li>
        ))}
      </ul>
      <h2>{t("espace.nav.historique")}</h2>
      <ul>
        {data.history.map((version) => (
          <li key={version.id}>
            {formatDateTime(version.createdAt)} —{" "}
            {version.byPerson ? t("espace.historique.you") : t("espace.historique.by", { who: version.who, structure: version.structure })}{" "}
            {labelOf("espace.historique.action.", version.action)}
          </li>
        ))}
      </ul>
      <SessionsPart data={data} />
      <h2>{t("espace.nav.documents")}</h2>
      <ul>
        {data.documents.map((document) => (
          <li key={document.id}>
            {labelOf("espace.documents.kind.", document.kind)} : {document.title} ({document.url ?? document.fileName})
          </li>
        ))}
      </ul>
      <h2>{t("documents.export.title")}</h2>
      <ul>
        {data.documentShares.map((share) => (
          <li key={share.id}>
            {t("documents.export.line", {
              title: share.document,
              to: share.to === "link" ? t("documents.export.link") : share.to,
              date: formatDateTime(share.expiresAt),
            })}
            {share.revokedAt ? ` ${t("documents.export.revoked", { date: formatDateTime(share.revokedAt) })}` : ""}{" "}
            {t("documents.share.opened", { count: share.openings.length })}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What the sessions hold about her: where she took part and what she wrote, her registrations, the messages sent to her. */
function SessionsPart({ data }: { data: ExportView }) {
  return (
    <>
      <h2>{t("privacy.export.participations")}</h2>
      {data.participations.length === 0 ? <p>{t("privacy.export.none")}</p> : null}
      {data.participations.map((participation) => (
        <section key={participation.sessionId} data-testid="export-participation">
          <p>
            {t("privacy.export.participation", {
              title: participation.sessionTitle,
              date: formatDay(participation.sessionDate),
              name: participation.name,
            })}
          </p>
          {participation.cards.length === 0 ? (
            <p className="muted">{t("privacy.export.noCards")}</p>
          ) : (
            <ul>
              {participation.cards.map((card, index) => (
                <li key={index}>{t("privacy.export.card", { text: card.text, zone: card.zone })}</li>
              ))}
            </ul>
          )}
        </section>
      ))}
      <h2>{t("privacy.export.registrations")}</h2>
      {data.registrations.length === 0 ? <p>{t("privacy.export.none")}</p> : null}
      <ul>
        {data.registrations.map((registration) => (
          <li key={registration.id}>
            {t("privacy.export.registration", {
              title: registration.sessionTitle,
              date: formatDay(registration.sessionDate),
              status: labelOf("registrations.status.", registration.status),
            })}
          </li>
        ))}
      </ul>
      <h2>{t("privacy.export.messages")}</h2>
      {data.messages.length === 0 ? <p>{t("privacy.export.none")}</p> : null}
      <ul>
        {data.messages.map((message) => (
          <li key={message.id}>{t("privacy.export.message", { date: formatDateTime(message.createdAt), subject: message.subject })}</li>
        ))}
      </ul>
    </>
  );
}
