import { Form } from "@remix-run/react";
import { formatDay, t } from "~/i18n";
import { Picto } from "~/ui/pictograms";

export interface BadgeProposal {
  id: string;
  badgeClass: { name: string; description: string; criteria: string };
  structure: { name: string };
  session: { title: string; startsAt: Date | string } | null;
}

/** The badges a workshop proposed to her: she takes each one, or not. Answered at /espace/badges. */
export function BadgeProposals({ proposals, busy }: { proposals: BadgeProposal[]; busy: boolean }) {
  if (proposals.length === 0) return null;
  return (
    <section aria-labelledby="badge-proposals-title" className="notice person-proposals">
      <h2 id="badge-proposals-title">
        <Picto name="star" /> {t("badges.proposals.title")}
      </h2>
      <ul>
        {proposals.map((proposal) => (
          <li key={proposal.id} className="card" data-testid="badge-proposal">
            <h3>{t("badges.proposals.question", { name: proposal.badgeClass.name })}</h3>
            <p>{proposal.badgeClass.description}</p>
            <p className="muted">
              {proposal.session
                ? t("badges.proposals.from", {
                    title: proposal.session.title,
                    date: formatDay(proposal.session.startsAt),
                    structure: proposal.structure.name,
                  })
                : t("badges.proposals.fromStructure", { structure: proposal.structure.name })}
            </p>
            <p className="muted">{t("badges.proposals.explain")}</p>
            <Form method="post" action="/espace/badges" className="actions">
              <input type="hidden" name="awardId" value={proposal.id} />
              <button type="submit" name="intent" value="accept" className="button" disabled={busy}>
                {t("badges.proposals.accept")}
                <span className="visually-hidden"> {proposal.badgeClass.name}</span>
              </button>
              <button type="submit" name="intent" value="decline" className="button secondary" disabled={busy}>
                {t("badges.proposals.decline")}
                <span className="visually-hidden"> {proposal.badgeClass.name}</span>
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}
