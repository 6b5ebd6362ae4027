import { Form } from "@remix-run/react";
import { t } from "~/i18n";
import { Picto } from "~/ui/pictograms";
import { dimensionLabel, formatDay } from "./person-format";

export interface PersonProposal {
  id: string;
  dimension: string;
  cardText: string;
  session: { title: string; startsAt: Date | string; structure: { name: string } };
}

/** What workshops proposed: the person says yes or no to each, one at a time. */
export function PersonProposals({ proposals, busy }: { proposals: PersonProposal[]; busy: boolean }) {
  if (proposals.length === 0) return null;
  return (
    <section aria-labelledby="proposals-title" className="notice person-proposals">
      <h2 id="proposals-title">
        <Picto name="proposals" /> {t("espace.proposals.title")}
      </h2>
      <ul>
        {proposals.map((proposal) => (
          <li key={proposal.id} className="card">
            <h3>{t("espace.proposals.question")}</h3>
            <blockquote>{proposal.cardText}</blockquote>
            <p className="muted">
              {dimensionLabel(proposal.dimension)}.{" "}
              {t("espace.proposals.from", {
                title: proposal.session.title,
                date: formatDay(proposal.session.startsAt),
                structure: proposal.session.structure.name,
              })}
            </p>
            <Form method="post" className="actions">
              <input type="hidden" name="outcomeId" value={proposal.id} />
              <button type="submit" name="intent" value="accept" className="button" disabled={busy}>
                {t("espace.proposals.accept")}
              </button>
              <button type="submit" name="intent" value="decline" className="button secondary" disabled={busy}>
                {t("espace.proposals.decline")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}
