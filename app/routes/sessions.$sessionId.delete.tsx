import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { formatDateTime, t } from "~/i18n";
import { badRequest, notFound, parseForm } from "~/lib/forms";
import { readForm } from "~/lib/request-body.server";
import { deleteSession, deleteSessionSchema, deletionPreview } from "~/sessions/delete-session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t("session.delete.title")} · ${data?.session.title ?? ""} · ${t("app.name")}` },
];

const forbidden = () => new Response("Forbidden", { status: 403 });

/** The confirmation page: what goes, and the choice to keep an anonymous report first. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const preview = await deletionPreview(context.db, user.id, params.sessionId ?? "");
  if (preview === "notFound") throw notFound();
  if (preview === "forbidden") throw forbidden();
  return { session: preview };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const parsed = parseForm(deleteSessionSchema, await readForm(request));
  if (!parsed.ok) throw badRequest();
  const result = await deleteSession({ db: context.db, boards: context.boards }, user.id, params.sessionId ?? "", {
    keepReport: parsed.data.keepReport,
    now: new Date(),
  });
  if (result.outcome !== "deleted") throw result.outcome === "notFound" ? notFound() : forbidden();
  return redirect(result.archiveId ? `/sessions/archives/${result.archiveId}` : "/sessions?deleted=1");
}

export default function DeleteSession() {
  const { session } = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  const { counts } = session;
  return (
    <div className="page narrow">
      <p>
        <Link to={`/sessions/${session.id}`}>{t("report.back", { title: session.title })}</Link>
      </p>
      <h1>{t("session.delete.title")}</h1>
      <p>{t("session.delete.which", { title: session.title, date: formatDateTime(session.startsAt) })}</p>
      <h2>{t("session.delete.goes")}</h2>
      <ul data-testid="session-delete-goes">
        <li>{t("session.delete.board", { count: counts.cards })}</li>
        <li>{t("session.delete.participants", { count: counts.participants })}</li>
        <li>{t("session.delete.registrations", { count: counts.registrations })}</li>
        <li>{t("session.delete.messages", { count: counts.messages })}</li>
      </ul>
      <p className="notice">
        <strong>{t("session.delete.warning")}</strong>
      </p>
      <Form method="post" className="stack">
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" name="keepReport" defaultChecked /> {t("session.delete.keepReport")}
          </label>
          <p className="hint">{t("session.delete.keepReport.hint")}</p>
        </div>
        <button type="submit" className="button danger" disabled={busy}>
          {t("session.delete.submit")}
        </button>
      </Form>
    </div>
  );
}
