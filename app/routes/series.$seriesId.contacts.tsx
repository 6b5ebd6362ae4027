import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { ErrorSummary, SelectField, TextAreaField, TextField } from "~/ui/form";
import { ContactCardList } from "~/series/contact-card-list";
import { t } from "~/i18n";
import { answerContactCardForm, contactCardFields, findOwnCard, listContactCards, ownMemberStructures } from "~/series/contacts.server";
import { findSeriesForUser } from "~/series/series.server";
import { foundOr404 } from "~/lib/forms";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t("series.contacts.title")} · ${data?.series.title ?? ""} · ${t("app.name")}` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const series = foundOr404(await findSeriesForUser(context.db, user.id, params.seriesId ?? ""));
  const search = new URL(request.url).searchParams;
  const filters = { structureId: search.get("structure") ?? "", topic: search.get("sujet") ?? "" };
  const [cards, ownCard, structures] = await Promise.all([
    listContactCards(context.db, series.id, filters),
    findOwnCard(context.db, user.id, series.id),
    ownMemberStructures(context.db, user.id, series.id),
  ]);
  return {
    series: { id: series.id, title: series.title, members: series.members },
    cards: cards.map(({ userId, ...card }) => ({ ...card, mine: userId === user.id })),
    ownCard,
    structures,
    filters,
    defaults: { name: user.displayName, email: user.email },
    fields: contactCardFields,
    /** Reached from an exchange's page ("?echange=<session>"): the card is then listed in its report. */
    exchange: search.get("echange") ?? "",
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const series = foundOr404(await findSeriesForUser(context.db, user.id, params.seriesId ?? ""));
  const answer = await answerContactCardForm(context.db, user.id, series.id, await readForm(request));
  if (answer.done === null) return data({ errors: answer.errors, values: answer.values }, { status: 400 });
  return redirect(`/series/${series.id}/contacts?${answer.done === "shared" ? "partagee" : "retiree"}=1`);
}

export default function SeriesContacts() {
  const { series, cards, ownCard, structures, filters, defaults, exchange, fields } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const values: Record<string, string | null | undefined> = result?.values ?? ownCard ?? defaults;
  const busy = useNavigation().state !== "idle";
  return (
    <div className="page">
      <p>
        <Link to={`/series/${series.id}`}>{t("series.contacts.back", { title: series.title })}</Link>
      </p>
      <h1>{t("series.contacts.title")}</h1>
      <h2>{ownCard ? t("series.contacts.mine.update") : t("series.contacts.mine.share")}</h2>
      <p className="notice">{t("series.contacts.who")}</p>
      <Form method="post" className="stack series-card-form" noValidate>
        <input type="hidden" name="exchange" value={exchange} />
        <ErrorSummary show={Object.keys(errors).length > 0} />
        <SelectField
          {...fields.structureId}
          label={t("series.contacts.field.structure")}
          error={errors.structureId}
          defaultValue={values.structureId ?? undefined}
          options={structures.map((structure) => ({ value: structure.id, label: structure.name }))}
        />
        <TextField
          {...fields.name}
          label={t("series.contacts.field.name")}
          autoComplete="name"
          error={errors.name}
          defaultValue={values.name ?? ""}
        />
        <TextField
          {...fields.role}
          label={t("series.contacts.field.role")}
          hint={t("series.contacts.field.role.hint")}
          autoComplete="organization-title"
          error={errors.role}
          defaultValue={values.role ?? ""}
        />
        <TextField
          {...fields.email}
          type="email"
          label={t("series.contacts.field.email")}
          hint={t("series.contacts.field.reach.hint")}
          autoComplete="email"
          error={errors.email}
          defaultValue={values.email ?? ""}
        />
        <TextField
          {...fields.phone}
          type="tel"
          label={t("series.contacts.field.phone")}
          autoComplete="tel"
          error={errors.phone}
          defaultValue={values.phone ?? ""}
        />
        <TextAreaField
          {...fields.helpWith}
          label={t("series.contacts.field.helpWith")}
          hint={t("series.contacts.field.helpWith.hint")}
          error={errors.helpWith}
          defaultValue={values.helpWith ?? ""}
        />
        <button type="submit" name="intent" value="share" className="button" disabled={busy}>
          {ownCard ? t("series.contacts.update") : t("series.contacts.share")}
        </button>
      </Form>
      {ownCard ? (
        <Form method="post">
          <p>{t("series.contacts.withdraw.hint")}</p>
          <button type="submit" name="intent" value="withdraw" className="button secondary" disabled={busy}>
            {t("series.contacts.withdraw")}
          </button>
        </Form>
      ) : null}
      <ContactCardList seriesId={series.id} cards={cards} members={series.members} filters={filters} />
    </div>
  );
}
