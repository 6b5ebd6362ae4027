import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { HostingAnswer } from "~/series/hosting-answer";
import { RotationHistory } from "~/series/rotation-history";
import { formatDateTime, t } from "~/i18n";
import {
  acceptProposal,
  findSeriesForUser,
  hostingAnswerFields,
  passProposal,
  proposeNext,
  type AnswerResult,
} from "~/series/series.server";
import { dispatchIntent, formValues, foundOr404, notFound } from "~/lib/forms";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.series.title ?? ""} · ${t("app.name")}` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const series = foundOr404(await findSeriesForUser(context.db, user.id, params.seriesId ?? ""));
  return { series, now: Date.now(), hostingFields: hostingAnswerFields };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const seriesId = params.seriesId ?? "";
  const form = await readForm(request);
  const values = formValues(Object.fromEntries(form));
  const proposalId = values.proposalId ?? "";
  const result = await dispatchIntent(form, {
    propose: async (): Promise<AnswerResult> => {
      foundOr404(await findSeriesForUser(context.db, user.id, seriesId));
      await proposeNext(context.db, seriesId);
      return { ok: true };
    },
    accept: () => acceptProposal(context.db, user.id, seriesId, proposalId, values),
    pass: () => passProposal(context.db, user.id, seriesId, proposalId),
  });
  // Only the professionals of the structure asked may answer; to anyone else the proposal does not exist.
  if (!result) throw notFound();
  if (!result.ok) return data({ errors: result.errors, values }, { status: 400 });
  return redirect(result.sessionId ? `/sessions/${result.sessionId}` : `/series/${seriesId}`);
}

export default function SeriesPage() {
  const { series, now, hostingFields } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const upcoming = series.exchanges.filter((exchange) => new Date(exchange.startsAt).getTime() >= now);
  const past = series.exchanges.filter((exchange) => new Date(exchange.startsAt).getTime() < now);
  const current = series.current;
  return (
    <div className="page">
      <p className="kind-badge">{t("kind.practice_exchange")}</p>
      <h1>{series.title}</h1>
      <dl>
        <dt>{t("series.field.territory")}</dt>
        <dd>{series.territory}</dd>
        <dt>{t("series.field.theme")}</dt>
        <dd>{series.theme}</dd>
      </dl>
      <p>
        <Link className="button secondary" to={`/series/${series.id}/contacts`}>
          {t("series.contacts.link")}
        </Link>
        <Link className="button secondary" to={`/series/${series.id}/indicateurs`}>
          {t("indicators.link.series")}
        </Link>
      </p>

      <h2>{t("series.members.title")}</h2>
      <ol>
        {series.members.map((member) => (
          <li key={member.structureId}>{member.structure.name}</li>
        ))}
      </ol>

      <h2>{t("series.next.title")}</h2>
      {current ? (
        current.mine ? (
          <HostingAnswer proposalId={current.id} fields={hostingFields} errors={answer?.errors ?? {}} values={answer?.values ?? {}} />
        ) : (
          <p>{t("series.next.waiting", { name: current.structureName })}</p>
        )
      ) : series.allPassed ? (
        <p className="notice" role="status">
          {t("series.next.allPassed")}
        </p>
      ) : (
        <Form method="post">
          <p>{t("series.next.none")}</p>
          <button type="submit" name="intent" value="propose" className="button secondary">
            {t("series.next.propose")}
          </button>
        </Form>
      )}
      <RotationHistory proposals={series.proposals} />

      <ExchangeList title={t("series.exchanges.upcoming")} empty={t("series.exchanges.upcoming.empty")} exchanges={upcoming} />
      <ExchangeList title={t("series.exchanges.past")} empty={t("series.exchanges.past.empty")} exchanges={past} />
    </div>
  );
}

type Exchange = { id: string; title: string; startsAt: string | Date; theme: string | null; structure: { name: string } };

function ExchangeList({ title, empty, exchanges }: { title: string; empty: string; exchanges: Exchange[] }) {
  return (
    <>
      <h2>{title}</h2>
      {exchanges.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <ul className="session-list">
          {exchanges.map((exchange) => (
            <li key={exchange.id}>
              <div>
                <h3 style={{ margin: "0.25rem 0" }}>
                  <Link to={`/sessions/${exchange.id}`}>{exchange.title}</Link>
                </h3>
                <p style={{ margin: 0 }}>
                  {formatDateTime(exchange.startsAt)} · {t("series.exchanges.host", { name: exchange.structure.name })}
                </p>
                {exchange.theme ? <p style={{ margin: 0 }}>{t("series.exchanges.theme", { theme: exchange.theme })}</p> : null}
              </div>
              <Link to={`/sessions/${exchange.id}/report`}>{t("series.exchanges.report")}</Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
