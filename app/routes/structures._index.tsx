import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { StructureSummary } from "~/structures/structure-summary";
import { t } from "~/i18n";
import { readForm } from "~/lib/request-body.server";
import { safeRedirectPath } from "~/lib/safe-redirect";
import {
  currentStructure,
  currentStructureCookie,
  currentStructureFormSchema,
  listStructuresForUser,
} from "~/structures/structures.server";
import { badRequest, notFound, parseForm } from "~/lib/forms";

export const meta: MetaFunction = () => [{ title: `${t("structures.title")} · ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const memberships = await listStructuresForUser(context.db, user.id);
  const current = await currentStructure(context.db, request, user);
  return { memberships, currentId: current?.id ?? null };
}

/** Makes one of the professional's structures the current one (a cookie, checked on every read). */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const parsed = parseForm(currentStructureFormSchema, await readForm(request));
  if (!parsed.ok) throw badRequest();
  const { structureId, redirectTo: back } = parsed.data;
  const membership = user.memberships.find((candidate) => candidate.structure.id === structureId);
  if (!membership) throw notFound();
  const headers = { "Set-Cookie": await currentStructureCookie(request, structureId) };
  // The switcher in the header sends the page it came from: only a path of this site is followed.
  if (back !== undefined && back !== "") return redirect(safeRedirectPath(back, "/structures"), { headers });
  return data({ saved: membership.structure.name }, { headers });
}

export default function Structures() {
  const { memberships, currentId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="page">
      <h1>{t("structures.title")}</h1>
      <p>{t("structures.intro")}</p>
      <p role="status" className="structures-status">
        {result?.saved ? t("structures.currentSaved", { name: result.saved }) : null}
      </p>
      {memberships.length === 0 ? (
        <p>{t("structures.empty")}</p>
      ) : (
        <ul className="structures-list">
          {memberships.map(({ role, structure }) => (
            <li key={structure.id} className="card">
              <h2>
                <Link to={`/structures/${structure.id}`}>{structure.name}</Link>
              </h2>
              <StructureSummary kind={structure.kind} territory={structure.territory} role={role} />
              {structure.id === currentId ? (
                <p className="structures-current">{t("structures.current")}</p>
              ) : (
                <Form method="post">
                  <input type="hidden" name="structureId" value={structure.id} />
                  <button type="submit" className="button secondary">
                    {t("structures.makeCurrent", { name: structure.name })}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
