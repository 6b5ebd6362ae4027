import { Form } from "@remix-run/react";
import { t, type MessageKey } from "~/i18n";
import type { ClosingAnswer } from "~/diagnostic/closing/card-proposals";
import { Choice } from "~/diagnostic/closing/choice";

export interface ClosingBadgesData {
  personStructure: Record<string, string>;
  catalogues: Record<string, { id: string; name: string }[]>;
  awards: { personId: string; name: string; status: string }[];
}

const STATUS: Record<string, MessageKey> = {
  proposed: "badges.status.proposed",
  accepted: "badges.status.accepted",
  revoked: "badges.status.revoked",
};

/** "Badges": for each participant recognised as a person, a badge of her structure to propose. */
export function ClosingBadges({
  participants,
  badges,
  answer,
  busy,
}: {
  participants: { id: string; displayName: string; personId: string | null }[];
  badges: ClosingBadgesData;
  answer: ClosingAnswer | undefined;
  busy: boolean;
}) {
  const linked = participants.filter((participant) => participant.personId && badges.personStructure[participant.personId]);
  return (
    <section aria-labelledby="closing-badges-title">
      <h2 id="closing-badges-title">{t("badges.closing.title")}</h2>
      <p>{t("badges.closing.explain")}</p>
      {linked.length === 0 ? <p className="notice">{t("badges.closing.noLinked")}</p> : null}
      <ul className="closing-list">
        {linked.map((participant, index) => {
          const personId = participant.personId ?? "";
          const mine = answer?.intent === "badge" && answer.target === participant.id ? answer : undefined;
          const catalogue = badges.catalogues[badges.personStructure[personId] ?? ""] ?? [];
          const given = badges.awards.filter((award) => award.personId === personId);
          const options = [
            { value: "", label: t("closing.card.choose") },
            ...catalogue.map((badge) => ({ value: badge.id, label: badge.name })),
          ];
          return (
            <li key={`${participant.id}-${mine?.done ? "done" : ""}`} className="card" data-testid="closing-badge">
              <Form method="post" className="stack" noValidate preventScrollReset>
                <input type="hidden" name="intent" value="badge" />
                <input type="hidden" name="participantId" value={participant.id} />
                {mine?.errors.participantId ? <p className="error">{t(mine.errors.participantId)}</p> : null}
                <Choice
                  id={`badge-${index}`}
                  name="badgeClassId"
                  label={t("badges.closing.label", { name: participant.displayName })}
                  defaultValue={mine && !mine.done ? (mine.values.badgeClassId ?? "") : ""}
                  error={mine?.errors.badgeClassId}
                  options={options}
                />
                <button type="submit" className="button" disabled={busy || catalogue.length === 0}>
                  {t("badges.closing.award")}
                  <span className="visually-hidden"> {t("closing.who.saveFor", { name: participant.displayName })}</span>
                </button>
                <p role="status" className="closing-status">
                  {mine?.done ? t("badges.closing.awarded") : ""}
                </p>
              </Form>
              {given.length > 0 ? (
                <ul aria-label={t("badges.closing.given", { name: participant.displayName })}>
                  {given.map((award) => (
                    <li key={award.name}>
                      {award.name} — {t(STATUS[award.status] ?? "badges.status.proposed")}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
