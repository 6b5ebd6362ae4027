import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { formatDay, partsLabel } from "~/diagnostic/pro-format";
import { listPeopleForProfessional } from "~/diagnostic/people.server";
import { t } from "~/i18n";

export const meta: MetaFunction = () => [{ title: `${t("pro.people.title")} · ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  return listPeopleForProfessional(context.db, user.id);
}

export default function People() {
  const { accompanied, granted } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>{t("pro.people.title")}</h1>
      <p>
        <Link className="button" to="/people/new">
          {t("pro.people.add")}
        </Link>
      </p>
      <h2>{t("pro.people.referent.title")}</h2>
      {accompanied.length === 0 ? (
        <p>{t("pro.people.referent.empty")}</p>
      ) : (
        <ul className="session-list">
          {accompanied.map((person) => (
            <li key={person.id}>
              <Link to={`/people/${person.id}`} className="pro-person-link">
                {person.displayName}
              </Link>
              <span className="muted">{t("pro.people.structure", { name: person.structure.name })}</span>
            </li>
          ))}
        </ul>
      )}
      <h2>{t("pro.people.granted.title")}</h2>
      <p>{t("pro.people.granted.intro")}</p>
      {granted.length === 0 ? (
        <p>{t("pro.people.granted.empty")}</p>
      ) : (
        <ul className="session-list">
          {granted.map((person) => (
            <li key={person.id}>
              <Link to={`/people/${person.id}`} className="pro-person-link">
                {person.displayName}
              </Link>
              <span>
                {t("pro.people.granted.until", { date: formatDay(person.expiresAt) })}
                <br />
                {t("pro.people.granted.parts", { parts: partsLabel(person.dimensions) })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
