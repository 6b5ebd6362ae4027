import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { accessLine } from "~/privacy/access-words";
import { parseAccessCursor, structureAccessLog } from "~/privacy/access-log.server";
import { formatDateTime, t } from "~/i18n";
import { requireStructureAdmin } from "~/structures/structures.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t("access.title")} · ${data?.structure.name ?? ""} · ${t("app.name")}` },
];

/** The reads made for the structure (sessions' reports and lists, people's diagnostics): its admins only. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  // Outside the structure: it does not exist. A member who is not an admin: refused.
  const structure = await requireStructureAdmin(context.db, user.id, params.structureId ?? "");
  const cursor = parseAccessCursor(new URL(request.url).searchParams.get("avant"));
  const log = await structureAccessLog(context.db, structure.id, cursor);
  return { structure: { id: structure.id, name: structure.name }, ...log, first: cursor === null };
}

export default function StructureAccess() {
  const { structure, entries, next, first } = useLoaderData<typeof loader>();
  return (
    <div className="page narrow">
      <p>
        <Link to={`/structures/${structure.id}`}>{t("access.back", { structure: structure.name })}</Link>
      </p>
      <h1>{t("access.title")}</h1>
      <p>{t("access.intro")}</p>
      {entries.length === 0 ? <p>{t(first ? "access.empty" : "access.end")}</p> : null}
      <ul className="person-list" data-testid="access-log">
        {entries.map((entry) => (
          <li key={entry.id} className="card">
            <p className="muted">{formatDateTime(entry.at)}</p>
            <p>{accessLine(entry)}</p>
          </li>
        ))}
      </ul>
      <nav aria-label={t("access.pages")} className="access-pages">
        {first ? null : <Link to={`/structures/${structure.id}/acces`}>{t("access.newest")}</Link>}{" "}
        {next ? <Link to={`/structures/${structure.id}/acces?avant=${next}`}>{t("access.older")}</Link> : null}
      </nav>
    </div>
  );
}
