import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { entryKindLabel, statusLabel } from "~/diagnostic/pro-format";
import { professionalViewer } from "~/diagnostic/access.server";
import { diagnosticHistory } from "~/diagnostic/diagnostic.server";
import { historyActors, orNotFound } from "~/diagnostic/people.server";
import { formatDateTime, t } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t("pro.history.title", { name: data?.person.displayName ?? "" })} · ${t("app.name")}` },
];

/** What a version's before/after says, in words: an entry's text (and status), or the summary. */
function describe(state: unknown): string {
  if (!state || typeof state !== "object") return "";
  const value = state as Record<string, unknown>;
  if (typeof value.summary === "string") return value.summary;
  const parts = [
    typeof value.kind === "string" ? `${entryKindLabel(value.kind)} : ` : "",
    typeof value.text === "string" ? value.text : "",
  ];
  if (typeof value.status === "string") parts.push(` (${statusLabel(value.status)})`);
  return parts.join("");
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const viewer = await professionalViewer(context.db, user.id);
  const personId = params.personId ?? "";
  // Referent structure only: diagnosticHistory refuses grantees and strangers alike (404).
  const versions = await orNotFound(diagnosticHistory(context.db, viewer, personId));
  const person = await context.db.person.findUniqueOrThrow({ where: { id: personId }, select: { id: true, displayName: true } });
  const actors = await historyActors(context.db, versions);
  return {
    person,
    changes: versions.map((version) => ({
      id: version.id,
      action: version.action as "create" | "update" | "delete" | "summary",
      createdAt: version.createdAt,
      who: version.byPerson
        ? t("pro.history.byPerson")
        : version.actorUserId && actors.users.has(version.actorUserId)
          ? t("pro.history.byProfessional", {
              name: actors.users.get(version.actorUserId) ?? "",
              structure: actors.orgs.get(version.actorOrgId ?? "") ?? "",
            })
          : t("pro.history.unknown"),
      before: describe(version.before),
      after: describe(version.after),
    })),
  };
}

export default function DiagnosticHistory() {
  const { person, changes } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <p>
        <Link to={`/people/${person.id}`}>{t("pro.history.back")}</Link>
      </p>
      <h1>{t("pro.history.title", { name: person.displayName })}</h1>
      {changes.length === 0 ? (
        <p>{t("pro.history.empty")}</p>
      ) : (
        <ol className="pro-history">
          {changes.map((change) => (
            <li key={change.id} className="card" data-testid="pro-history-change">
              <h2 className="pro-history-title">
                {t(`pro.history.action.${change.action}`)} — {formatDateTime(change.createdAt)}
              </h2>
              <dl>
                <dt>{t("pro.history.who")}</dt>
                <dd>{change.who}</dd>
                {change.before ? (
                  <>
                    <dt>{t("pro.history.before")}</dt>
                    <dd>{change.before}</dd>
                  </>
                ) : null}
                {change.after ? (
                  <>
                    <dt>{t("pro.history.after")}</dt>
                    <dd>{change.after}</dd>
                  </>
                ) : null}
              </dl>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
