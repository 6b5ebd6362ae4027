// "Mes cartes" (issue 15, point 4): a participant's own cards of this session, each of which they
// may rewrite or withdraw until the session is closed. Shown on the phone screen and in the board's
// side panel. The list comes from the server (the personal view), which alone decides what is whose.
import { useId, useState, type FormEvent } from "react";
import type { FacilitationClient } from "~/board/facilitation-client";
import { CARD_TEXT_MAX, type PersonalView } from "../../board-core/facilitation-protocol";
import { t } from "~/i18n/participant";
import { Section } from "./section";

type Card = PersonalView["cards"][number];

/** The phone screen's section. */
export function MyCardsSection({ client, cards }: { client: FacilitationClient | null; cards: Card[] }) {
  return (
    <Section id="contribute-mine-title" picto="notebook" title={t("mine.title", { count: cards.length })} testId="my-cards">
      <MyCardsList client={client} cards={cards} />
    </Section>
  );
}

/** The list itself, with its buttons: also placed in the board's side panel. */
export function MyCardsList({ client, cards }: { client: FacilitationClient | null; cards: Card[] }) {
  const [said, setSaid] = useState("");
  if (cards.length === 0) {
    return (
      <>
        <p>{t("mine.none")}</p>
        {said ? <p role="status">{said}</p> : null}
      </>
    );
  }
  return (
    <>
      <ul className="my-cards">
        {cards.map((card) => (
          <MyCard key={card.id} client={client} card={card} onDone={setSaid} />
        ))}
      </ul>
      <p role="status" className="my-cards-status">
        {said}
      </p>
    </>
  );
}

function MyCard({ client, card, onDone }: { client: FacilitationClient | null; card: Card; onDone: (message: string) => void }) {
  const [mode, setMode] = useState<"show" | "edit" | "confirm" | "busy">("show");
  const [text, setText] = useState(card.text);
  const [problem, setProblem] = useState("");
  const id = useId();
  const textId = `${id}-text`;

  async function send(command: { type: "card-edit"; id: string; text: string } | { type: "card-withdraw"; id: string }) {
    setMode("busy");
    setProblem("");
    const outcome = client ? await client.send(command) : ({ ok: false, reason: "offline" } as const);
    if (outcome.ok) {
      onDone(t(command.type === "card-edit" ? "mine.saved" : "mine.withdrawn"));
      setMode("show");
    } else {
      setProblem(t("mine.failed", { reason: t(`facilitation.refused.${outcome.reason}`) }));
      setMode(command.type === "card-edit" ? "edit" : "show");
    }
  }

  function save(event: FormEvent) {
    event.preventDefault();
    if (!text.trim()) return setProblem(t("mine.empty"));
    void send({ type: "card-edit", id: card.id, text: text.trim() });
  }

  return (
    <li className="my-card" data-testid="my-card">
      {mode === "edit" || (mode === "busy" && text !== card.text) ? (
        <form className="stack" onSubmit={save} noValidate>
          <label htmlFor={`${id}-edit`}>{t("mine.edit.label")}</label>
          <textarea id={`${id}-edit`} value={text} maxLength={CARD_TEXT_MAX} rows={3} onChange={(event) => setText(event.target.value)} />
          <div className="my-card-actions">
            <button type="submit" className="button" disabled={mode === "busy"}>
              {t("mine.save")}
            </button>
            <button
              type="button"
              className="button secondary"
              onClick={() => {
                setText(card.text);
                setProblem("");
                setMode("show");
              }}
            >
              {t("mine.cancel")}
            </button>
          </div>
        </form>
      ) : (
        <>
          <p id={textId} className="my-card-text">
            {card.text}
          </p>
          {mode === "confirm" || mode === "busy" ? (
            <div className="my-card-confirm" role="group" aria-labelledby={`${id}-confirm`}>
              <p id={`${id}-confirm`}>{t("mine.withdraw.confirm")}</p>
              <div className="my-card-actions">
                <button
                  type="button"
                  className="button danger"
                  disabled={mode === "busy"}
                  onClick={() => void send({ type: "card-withdraw", id: card.id })}
                >
                  {t("mine.withdraw.yes")}
                </button>
                <button type="button" className="button secondary" disabled={mode === "busy"} onClick={() => setMode("show")}>
                  {t("mine.withdraw.no")}
                </button>
              </div>
            </div>
          ) : (
            <div className="my-card-actions">
              <button
                type="button"
                className="button secondary"
                aria-describedby={textId}
                onClick={() => {
                  setText(card.text);
                  setMode("edit");
                }}
              >
                {t("mine.edit")}
              </button>
              <button type="button" className="button secondary" aria-describedby={textId} onClick={() => setMode("confirm")}>
                {t("mine.withdraw")}
              </button>
            </div>
          )}
        </>
      )}
      {problem ? (
        <p className="error" role="alert">
          {problem}
        </p>
      ) : null}
    </li>
  );
}
