import { useActionData, useFetcher } from "@remix-run/react";
import type { ProposalView } from "~/diagnostic/closing/closing.server";
import { t } from "~/i18n/participant";
import type { PictoName } from "~/ui/pictograms";
import { Picto, Section } from "./section";

const PICTOS: Record<ProposalView["kind"], PictoName> = {
  need: "need",
  strength: "strength",
  next_step: "nextStep",
  question: "question",
  practice: "practice",
};

type ProposalAnswer = { answered: "accept" | "decline" | null };

/**
 * At the end of the session, what the facilitator proposes to keep in the person's diagnostic:
 * one card at a time, yes or no, in big buttons. Posted in place (the screen and its socket stay;
 * the list is read again after it), or as a plain form where no script runs.
 */
export function ProposalsPanel({ proposals }: { proposals: ProposalView[] }) {
  const fetcher = useFetcher<ProposalAnswer>();
  const posted = useActionData<ProposalAnswer>();
  const answer = fetcher.data ?? posted;
  const busy = fetcher.state !== "idle";
  if (proposals.length === 0 && !answer) return null;
  const confirmation =
    answer === undefined
      ? ""
      : answer.answered === "accept"
        ? t("closing.phone.accepted")
        : answer.answered === "decline"
          ? t("closing.phone.declined")
          : t("closing.phone.refused");
  return (
    <Section id="contribute-proposals-title" picto="notebook" title={t("closing.phone.title")} testId="contribute-proposals">
      {proposals.length > 0 ? <p>{t("closing.phone.intro")}</p> : null}
      <p role="status" className={confirmation ? "notice ok" : undefined} data-testid="contribute-proposal-answer">
        {confirmation}
      </p>
      <ul className="proposal-list">
        {proposals.map((proposal) => (
          <li key={proposal.id} className="card proposal" data-testid="contribute-proposal">
            <p className="muted">
              <Picto name={PICTOS[proposal.kind]} />
              {t(`closing.kind.${proposal.kind}`)} · {t(`dimension.${proposal.dimension}`)}
            </p>
            <p className="proposal-text" id={`proposal-${proposal.id}`}>
              {proposal.cardText}
            </p>
            <fetcher.Form method="post" className="proposal-buttons">
              <input type="hidden" name="outcomeId" value={proposal.id} />
              <button
                type="submit"
                name="answer"
                value="accept"
                className="button wide"
                disabled={busy}
                aria-describedby={`proposal-${proposal.id}`}
              >
                {t("closing.phone.accept")}
              </button>
              <button
                type="submit"
                name="answer"
                value="decline"
                className="button secondary wide"
                disabled={busy}
                aria-describedby={`proposal-${proposal.id}`}
              >
                {t("closing.phone.decline")}
              </button>
            </fetcher.Form>
          </li>
        ))}
      </ul>
    </Section>
  );
}
