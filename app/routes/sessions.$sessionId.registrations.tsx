import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { ErrorSummary } from "~/ui/form";
import { InviteForm } from "~/registrations/invite-form";
import { RegistrationList } from "~/registrations/registration-list";
import { RegistrationSettings } from "~/registrations/registration-settings";
import type { RegistrationsAnswer } from "~/registrations/types";
import { formatDateTime, t } from "~/i18n";
import { joinLink } from "~/sessions/join-link.server";
import { foundOr404 } from "~/lib/forms";
import { readForm } from "~/lib/request-body.server";
import { traceSessionRead } from "~/privacy/read-trace.server";
import { answerRegistrationsForm, registrationsFields } from "~/registrations/registrations-page.server";
import { findRegistrationSession, loadRegistrations } from "~/registrations/registrations.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t("registrations.title")} · ${data?.session.title ?? ""} · ${t("app.name")}` },
];

/** Who is invited or registered to a session, the waiting list, and who came. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const session = foundOr404(await findRegistrationSession(context.db, user.id, params.sessionId ?? ""));
  const { registrations, counts } = await loadRegistrations(context.db, session);
  // Names and ways to reach people: a read worth tracing, like the participants' list.
  await traceSessionRead(context.db, user, "session.registrations", session.id);
  const origin = new URL(request.url).origin;
  return {
    session: { id: session.id, title: session.title, startsAt: session.startsAt },
    settings: { capacity: session.capacity, bring: session.bring, openRegistration: session.openRegistration },
    publicLink: session.openRegistration && session.publicToken ? `${origin}/inscription/${session.publicToken}` : null,
    registrations,
    counts,
    fields: registrationsFields,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const session = foundOr404(await findRegistrationSession(context.db, user.id, params.sessionId ?? ""));
  const form = await readForm(request);
  const links = { origin: new URL(request.url).origin, join: joinLink(request, session.joinCode) };
  const { status, ...answer }: RegistrationsAnswer & { status: number } = await answerRegistrationsForm(context.db, session, form, links);
  return data(answer, { status });
}

export default function RegistrationsPage() {
  const { session, settings, publicLink, registrations, counts, fields } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const left = settings.capacity === null ? null : Math.max(0, settings.capacity - counts.registered);
  return (
    <div className="page registrations">
      <p>
        <Link to={`/sessions/${session.id}`}>{t("registrations.back", { title: session.title })}</Link>
      </p>
      <h1>{t("registrations.title")}</h1>
      <p>
        <strong>{session.title}</strong> — {formatDateTime(session.startsAt)}
      </p>
      <div className="notice" data-testid="registrations-counts">
        <p>{t("registrations.counts", counts)}</p>
        <p>{left === null ? t("registrations.seats.unlimited") : t("registrations.seats", { capacity: settings.capacity ?? 0, left })}</p>
      </div>
      <p className="actions">
        <Link to="/outbox">{t("registrations.outbox.link")}</Link>
        <a href={`/sessions/${session.id}/attendance.csv`} download>
          {t("registrations.csv.link")}
        </a>
      </p>
      <ErrorSummary show={Object.keys(answer?.errors ?? {}).length > 0} />
      <div className="registrations-forms">
        <RegistrationSettings settings={settings} publicLink={publicLink} answer={answer} busy={busy} fields={fields.settings} />
        <InviteForm answer={answer} busy={busy} fields={fields.invite} />
      </div>
      <h2>{t("registrations.list.title")}</h2>
      <RegistrationList sessionId={session.id} registrations={registrations} />
    </div>
  );
}
