import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePerson } from "~/auth/auth.server";
import { dimensionLabel, labelOf } from "~/diagnostic/person-format";
import { PersonPage } from "~/diagnostic/person-nav";
import { personHistory } from "~/diagnostic/export.server";
import { formatDateTime, t } from "~/i18n";

export const meta: MetaFunction = () => [{ title: `${t("espace.nav.historique")} · ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const person = await requirePerson(context.db, request);
  const history = await personHistory(context.db, person.id);
  return { history: history.map(({ before, after, ...version }) => ({ ...version, what: describe(after ?? before) })) };
}

/** What a version is about, in a line: the theme and the text (or the summary). */
function describe(snapshot: unknown): string {
  if (!snapshot || typeof snapshot !== "object") return "";
  const { dimension, text, summary } = snapshot as Record<string, unknown>;
  if (typeof summary === "string") return summary;
  return [typeof dimension === "string" ? dimensionLabel(dimension) : "", typeof text === "string" ? text : ""].filter(Boolean).join(" : ");
}

export default function History() {
  const { history } = useLoaderData<typeof loader>();
  return (
    <PersonPage title={t("espace.nav.historique")} picto="history">
      <p>{t("espace.historique.intro")}</p>
      {history.length === 0 ? <p>{t("espace.historique.empty")}</p> : null}
      <ul className="person-list">
        {history.map((version) => (
          <li key={version.id} className="card">
            <p className="muted">{formatDateTime(version.createdAt)}</p>
            <p>
              <strong>
                {version.byPerson
                  ? t("espace.historique.you")
                  : t("espace.historique.by", { who: version.who, structure: version.structure })}
              </strong>{" "}
              {labelOf("espace.historique.action.", version.action)}
              {version.what ? ` : ${version.what}` : ""}
            </p>
          </li>
        ))}
      </ul>
    </PersonPage>
  );
}
