import { Form } from "@remix-run/react";
import { t } from "~/i18n";
import { Choice } from "./choice";
import type { ClosingAnswer } from "./card-proposals";

/** "Who is who": each participant of the session, linked (or not) to a record of the structure. */
export function WhoIsWho({
  participants,
  persons,
  answer,
  busy,
}: {
  participants: { id: string; displayName: string; personId: string | null }[];
  persons: { id: string; displayName: string }[];
  answer: ClosingAnswer | undefined;
  busy: boolean;
}) {
  const options = [
    { value: "", label: t("closing.who.nobody") },
    ...persons.map((person) => ({ value: person.id, label: person.displayName })),
  ];
  return (
    <section aria-labelledby="closing-who-title">
      <h2 id="closing-who-title">{t("closing.who.title")}</h2>
      <p>{t("closing.who.explain")}</p>
      {participants.length === 0 ? <p className="notice">{t("closing.who.none")}</p> : null}
      {persons.length === 0 && participants.length > 0 ? <p className="notice">{t("closing.who.noPersons")}</p> : null}
      <ul className="closing-list">
        {participants.map((participant, index) => {
          const mine = answer?.intent === "link" && answer.target === participant.id ? answer : undefined;
          return (
            <li key={`${participant.id}-${participant.personId ?? ""}`} className="card">
              <Form method="post" className="closing-row" preventScrollReset>
                <input type="hidden" name="intent" value="link" />
                <input type="hidden" name="participantId" value={participant.id} />
                <Choice
                  id={`who-${index}`}
                  name="personId"
                  label={t("closing.who.label", { name: participant.displayName })}
                  defaultValue={mine?.values.personId ?? participant.personId ?? ""}
                  error={mine?.errors.personId}
                  options={options}
                />
                <button type="submit" className="button secondary" disabled={busy}>
                  {t("closing.who.save")}
                  <span className="visually-hidden"> {t("closing.who.saveFor", { name: participant.displayName })}</span>
                </button>
                <p role="status" className="closing-status">
                  {mine?.done ? t("closing.who.saved") : ""}
                </p>
              </Form>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
