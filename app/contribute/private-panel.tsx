import type { FacilitationView, PersonalView } from "../../board-core/facilitation-protocol";
import { t } from "~/i18n/participant";
import { Picto, Section } from "./section";

/** A private brainstorm: what it means, and the cards only this person can see until the reveal. */
export function PrivatePanel({ mode, mine }: { mode: NonNullable<FacilitationView["private"]>; mine: PersonalView | null }) {
  const cards = mine?.privateCards ?? [];
  return (
    <Section
      id="contribute-private-title"
      picto="hidden"
      title={t("contribute.private.title")}
      className="notice"
      testId="contribute-private"
    >
      <p>{t("contribute.private.text")}</p>
      {mode.anonymous ? <p>{t("contribute.private.anonymous")}</p> : null}
      <h3>{t("contribute.private.mine", { count: cards.length })}</h3>
      {cards.length === 0 ? (
        <p>{t("contribute.private.none")}</p>
      ) : (
        <ul className="private-cards">
          {cards.map((card) => (
            <li key={card.id}>{card.text}</li>
          ))}
        </ul>
      )}
    </Section>
  );
}

/** The facilitator locked the board: say so; the server still answers each post on its own. */
export function LockedNotice() {
  return (
    <p className="notice contribute-locked" data-testid="contribute-locked">
      <Picto name="locked" />
      {t("contribute.locked")}
    </p>
  );
}
