import { useState } from "react";
import type { FacilitationClient } from "~/board/facilitation-client";
import type { PersonalView, VoteView } from "../../board-core/facilitation-protocol";
import { t } from "~/i18n/participant";
import { Picto, Section } from "./section";

/**
 * The vote without the canvas: the zone's cards as a list, a big button to give a point and one to
 * take it back, the points left and the anonymous count per card; once closed, the results.
 */
export function VotePanel({ client, vote, mine }: { client: FacilitationClient | null; vote: VoteView; mine: PersonalView | null }) {
  return vote.open ? <OpenVote client={client} vote={vote} mine={mine} /> : <VoteResults vote={vote} />;
}

function OpenVote({ client, vote, mine }: { client: FacilitationClient | null; vote: VoteView; mine: PersonalView | null }) {
  const [feedback, setFeedback] = useState("");
  const [error, setError] = useState("");
  const myVotes = mine?.votes ?? {};

  async function change(cardId: string, change: 1 | -1) {
    setError("");
    setFeedback("");
    const result = client ? await client.send({ type: "vote", cardId, change }) : ({ ok: false, reason: "offline" } as const);
    if (result.ok) setFeedback(t(change === 1 ? "contribute.vote.given" : "contribute.vote.takenBack"));
    else setError(t(`facilitation.refused.${result.reason}`));
  }

  return (
    <Section id="contribute-vote-title" picto="vote" title={t("contribute.vote.title")}>
      <p>{t("contribute.vote.help")}</p>
      <p role="status" className="vote-left" data-testid="vote-left">
        {feedback ? `${feedback} ` : ""}
        <strong>{t("contribute.vote.left", { count: mine?.votesLeft ?? 0 })}</strong>
      </p>
      <p role="alert" className="error">
        {error}
      </p>
      {vote.cards.length === 0 ? (
        <p className="notice">{t("contribute.vote.empty")}</p>
      ) : (
        <ul className="vote-cards">
          {vote.cards.map((card) => {
            const own = myVotes[card.id] ?? 0;
            const hiddenName = <span className="visually-hidden"> {t("contribute.vote.to", { text: card.text })}</span>;
            return (
              <li key={card.id} data-testid="vote-card">
                <p className="vote-card-text">{card.text}</p>
                <p className="vote-card-count">
                  <Picto name="star" />
                  {t("contribute.vote.count", { count: vote.counts[card.id] ?? 0 })}
                  {own > 0 ? ` (${t("contribute.vote.mine", { count: own })})` : ""}
                </p>
                <div className="vote-card-actions">
                  <button type="button" className="button" onClick={() => void change(card.id, 1)}>
                    <Picto name="like" />
                    {t("contribute.vote.give")}
                    {hiddenName}
                  </button>
                  <button type="button" className="button secondary" disabled={own === 0} onClick={() => void change(card.id, -1)}>
                    <Picto name="undo" />
                    {t("contribute.vote.takeBack")}
                    {hiddenName}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}

function VoteResults({ vote }: { vote: VoteView }) {
  const ranked = [...vote.cards].sort((a, b) => (vote.counts[b.id] ?? 0) - (vote.counts[a.id] ?? 0));
  return (
    <Section id="contribute-vote-title" picto="results" title={t("contribute.vote.results")}>
      <p>{t("contribute.vote.closed")}</p>
      <ol className="vote-results" data-testid="vote-results">
        {ranked.map((card) => (
          <li key={card.id}>
            <span className="vote-card-text">{card.text}</span>{" "}
            <strong>{t("contribute.vote.count", { count: vote.counts[card.id] ?? 0 })}</strong>
          </li>
        ))}
      </ol>
    </Section>
  );
}
