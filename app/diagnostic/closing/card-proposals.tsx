import { Form } from "@remix-run/react";
import { DIAGNOSTIC_DIMENSIONS, type DiagnosticDimension } from "../../../workshops/schema";
import type { OUTCOME_KINDS } from "~/diagnostic/outcomes.server";
import { t } from "~/i18n";
import type { FieldErrors } from "~/lib/forms";
import { Choice } from "./choice";

/** What the closing page's action answers: which form (target: participant or card id), and how it went. */
export interface ClosingAnswer {
  intent: string;
  target: string;
  errors: FieldErrors;
  values: Record<string, string>;
  done: boolean;
}

type OutcomeKind = (typeof OUTCOME_KINDS)[number];

const dimensionLabel = (dimension: string) =>
  (DIAGNOSTIC_DIMENSIONS as readonly string[]).includes(dimension) ? t(`dimension.${dimension as DiagnosticDimension}`) : dimension;

export interface ClosingZone {
  frameId: string;
  label: string;
  phaseTitle: string;
  dimension: string | null;
  cards: { id: string; text: string; author: string | null; authorParticipantId: string | null; anonymous?: boolean }[];
}

/** "Cards of the board": each zone's cards, each with a small form to propose it to a person. */
export function CardProposals({
  zones,
  participants,
  persons,
  counts,
  kinds,
  answer,
  busy,
}: {
  zones: ClosingZone[];
  participants: { id: string; displayName: string; personId: string | null }[];
  persons: { id: string; displayName: string }[];
  counts: Record<string, { proposed: number; accepted: number }>;
  kinds: readonly OutcomeKind[];
  answer: ClosingAnswer | undefined;
  busy: boolean;
}) {
  const linked = participants.filter((participant) => participant.personId);
  const personName = new Map(persons.map((person) => [person.id, person.displayName]));
  const choose = { value: "", label: t("closing.card.choose") };
  const kindOptions = [choose, ...kinds.map((kind) => ({ value: kind, label: t(`closing.kind.${kind}`) }))];
  const participantOptions = [
    choose,
    ...linked.map((participant) => ({
      value: participant.id,
      label: `${participant.displayName} (${personName.get(participant.personId ?? "") ?? ""})`,
    })),
  ];
  const dimensionOptions = [choose, ...DIAGNOSTIC_DIMENSIONS.map((dimension) => ({ value: dimension, label: dimensionLabel(dimension) }))];
  const withCards = zones.filter((zone) => zone.cards.length > 0);

  return (
    <section aria-labelledby="closing-cards-title">
      <h2 id="closing-cards-title">{t("closing.cards.title")}</h2>
      {withCards.length === 0 ? <p className="notice">{t("closing.cards.empty")}</p> : null}
      {withCards.length > 0 && linked.length === 0 ? <p className="notice">{t("closing.cards.noLinked")}</p> : null}
      {withCards.map((zone, z) => (
        <section key={zone.frameId} aria-labelledby={`zone-${z}`} className="closing-zone">
          <h3 id={`zone-${z}`}>
            {zone.phaseTitle} — {zone.label}
          </h3>
          {zone.dimension ? <p className="muted">{t("closing.zone.dimension", { dimension: dimensionLabel(zone.dimension) })}</p> : null}
          <ul className="closing-list">
            {zone.cards.map((card, c) => {
              const id = `card-${z}-${c}`;
              const mine = answer?.intent === "propose" && answer.target === card.id ? answer : undefined;
              const values = mine?.values ?? {};
              const count = counts[card.id] ?? { proposed: 0, accepted: 0 };
              // The board server recorded who wrote the card; a name alone could be anyone's.
              const writer = participants.find((participant) => participant.id === card.authorParticipantId);
              const preselected = writer?.personId ? writer.id : "";
              return (
                <li key={`${card.id}-${mine ? "answered" : ""}`} className="card closing-card" data-testid="closing-card">
                  <p className="closing-card-text" id={`${id}-text`}>
                    {card.text}
                  </p>
                  {card.author ? <p className="muted">{t("closing.card.author", { name: card.author })}</p> : null}
                  <p data-testid="closing-card-counts">
                    {t("closing.card.counts", { made: count.proposed + count.accepted, accepted: count.accepted })}
                  </p>
                  {card.anonymous ? <p className="muted">{t("closing.card.anonymous")}</p> : null}
                  {linked.length > 0 && !card.anonymous ? (
                    <Form method="post" className="stack" noValidate preventScrollReset aria-labelledby={`${id}-text`}>
                      <input type="hidden" name="intent" value="propose" />
                      <input type="hidden" name="cardId" value={card.id} />
                      {mine?.errors.cardId ? <p className="error">{t(mine.errors.cardId)}</p> : null}
                      <Choice
                        id={`${id}-kind`}
                        name="kind"
                        label={t("closing.card.kind")}
                        defaultValue={values.kind ?? ""}
                        error={mine?.errors.kind}
                        options={kindOptions}
                      />
                      <Choice
                        id={`${id}-participant`}
                        name="participantId"
                        label={t("closing.card.participant")}
                        defaultValue={values.participantId ?? preselected}
                        error={mine?.errors.participantId}
                        options={participantOptions}
                      />
                      <Choice
                        id={`${id}-dimension`}
                        name="dimension"
                        label={t("closing.card.dimension")}
                        defaultValue={values.dimension ?? zone.dimension ?? ""}
                        error={mine?.errors.dimension}
                        options={dimensionOptions}
                      />
                      <button type="submit" className="button" disabled={busy}>
                        {t("closing.card.propose")}
                      </button>
                      <p role="status" className="closing-status">
                        {mine?.done ? t("closing.card.proposed") : ""}
                      </p>
                    </Form>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </section>
  );
}
