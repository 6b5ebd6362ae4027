import { Form } from "@remix-run/react";
import { SelectField, TextField } from "~/ui/form";
import { t } from "~/i18n";

type Card = {
  id: string;
  name: string;
  role: string;
  email: string | null;
  phone: string | null;
  helpWith: string;
  mine: boolean;
  structure: { name: string };
};

interface ContactCardListProps {
  seriesId: string;
  cards: Card[];
  members: { structureId: string; structure: { name: string } }[];
  filters: { structureId: string; topic: string };
}

/** The shared cards, searchable by structure and by what people can help with. */
export function ContactCardList({ seriesId, cards, members, filters }: ContactCardListProps) {
  const filtered = Boolean(filters.structureId || filters.topic);
  return (
    <section aria-labelledby="series-contacts-list">
      <h2 id="series-contacts-list">{t("series.contacts.list.title")}</h2>
      <Form method="get" action={`/series/${seriesId}/contacts`} className="filters" role="search">
        <SelectField
          name="structure"
          label={t("series.contacts.filter.structure")}
          defaultValue={filters.structureId}
          options={[
            { value: "", label: t("series.contacts.filter.all") },
            ...members.map((member) => ({ value: member.structureId, label: member.structure.name })),
          ]}
        />
        <TextField name="sujet" type="search" label={t("series.contacts.filter.topic")} defaultValue={filters.topic} />
        <button type="submit" className="button secondary">
          {t("series.contacts.filter.submit")}
        </button>
      </Form>
      <p role="status">{t("series.contacts.count", { count: cards.length })}</p>
      {cards.length === 0 ? (
        <p>{filtered ? t("series.contacts.none.filtered") : t("series.contacts.none")}</p>
      ) : (
        <ul className="cards series-cards">
          {cards.map((card) => (
            <li key={card.id} className="card" data-testid="contact-card">
              <h3>
                {card.name}
                {card.mine ? <span className="muted"> {t("series.contacts.you")}</span> : null}
              </h3>
              <p>
                {card.role} · {card.structure.name}
              </p>
              <p>
                <strong>{t("series.contacts.helpWith")}</strong> {card.helpWith}
              </p>
              {card.email ? (
                <p>
                  <a href={`mailto:${card.email}`}>{card.email}</a>
                </p>
              ) : null}
              {card.phone ? (
                <p>
                  <a href={`tel:${card.phone.replace(/[^\d+]/g, "")}`}>{card.phone}</a>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
