import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireFacilitator } from "~/auth.server";
import { ErrorSummary } from "~/components/form";
import { InviteForm } from "~/components/registrations/invite-form";
import { RegistrationList } from "~/components/registrations/registration-list";
import { RegistrationSettings } from "~/components/registrations/registration-settings";
import type { RegistrationsAnswer } from "~/components/registrations/types";
import { formatDateTime, t } from "~/i18n";
import { joinLink } from "~/join-link.server";
import {
  attendanceSchema,
  cancelRegistration,
  findRegistrationSession,
  invite,
  inviteSchema,
  loadRegistrations,
  markAttendance,
  saveSettings,
  settingsSchema,
} from "~/registrations.server";
import { fieldErrors } from "~/sessions.schema";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t("registrations.title")} · ${data?.session.title ?? ""} · ${t("app.name")}` },
];

/** Who is invited or registered to a session, the waiting list, and who came. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireFacilitator(context.db, request);
  const session = await findRegistrationSession(context.db, user.id, params.sessionId ?? "");
  if (!session) throw new Response("Not Found", { status: 404 });
  const { registrations, counts } = await loadRegistrations(context.db, session);
  const origin = new URL(request.url).origin;
  return {
    session: { id: session.id, title: session.title, startsAt: session.startsAt },
    settings: { capacity: session.capacity, bring: session.bring, openRegistration: session.openRegistration },
    publicLink: session.openRegistration && session.publicToken ? `${origin}/inscription/${session.publicToken}` : null,
    registrations,
    counts,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireFacilitator(context.db, request);
  const session = await findRegistrationSession(context.db, user.id, params.sessionId ?? "");
  if (!session) throw new Response("Not Found", { status: 404 });
  const values = Object.fromEntries([...(await readForm(request))].map(([key, value]) => [key, String(value)]));
  const intent = (["settings", "invite", "attendance", "cancel"] as const).find((known) => known === values.intent);
  if (!intent) throw new Response("Bad Request", { status: 400 });
  const answer = (errors: RegistrationsAnswer["errors"], done?: RegistrationsAnswer["done"]): RegistrationsAnswer => ({ intent, errors, values, done });
  const { db } = context;

  if (intent === "settings") {
    const parsed = settingsSchema.safeParse(values);
    if (!parsed.success) return data(answer(fieldErrors(parsed.error)), { status: 400 });
    await saveSettings(db, session.id, parsed.data, new URL(request.url).origin);
    return answer({}, true);
  }
  if (intent === "invite") {
    const parsed = inviteSchema.safeParse(values);
    if (!parsed.success) return data(answer(fieldErrors(parsed.error)), { status: 400 });
    const result = await invite(db, session, parsed.data, joinLink(request, session.joinCode));
    return answer({}, { status: result.status, name: parsed.data.name, duplicate: result.duplicate });
  }
  if (intent === "attendance") {
    const parsed = attendanceSchema.safeParse(values);
    if (!parsed.success) return data(answer(fieldErrors(parsed.error)), { status: 400 });
    if (!(await markAttendance(db, session.id, parsed.data))) throw new Response("Not Found", { status: 404 });
    return answer({}, true);
  }
  if (!(await cancelRegistration(db, session.id, values.registrationId ?? "", new URL(request.url).origin))) throw new Response("Not Found", { status: 404 });
  return answer({}, true);
}

export default function RegistrationsPage() {
  const { session, settings, publicLink, registrations, counts } = useLoaderData<typeof loader>();
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
        <p>
          {left === null
            ? t("registrations.seats.unlimited")
            : t("registrations.seats", { capacity: settings.capacity ?? 0, left })}
        </p>
      </div>
      <p className="actions">
        <Link to="/outbox">{t("registrations.outbox.link")}</Link>
        <a href={`/sessions/${session.id}/attendance.csv`} download>
          {t("registrations.csv.link")}
        </a>
      </p>
      <ErrorSummary show={Object.keys(answer?.errors ?? {}).length > 0} />
      <div className="registrations-forms">
        <RegistrationSettings settings={settings} publicLink={publicLink} answer={answer} busy={busy} />
        <InviteForm answer={answer} busy={busy} />
      </div>
      <h2>{t("registrations.list.title")}</h2>
      <RegistrationList sessionId={session.id} registrations={registrations} />
    </div>
  );
}
