import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireProfessional } from "~/auth/auth.server";
import { agendaMinutes, invitationIcs, sessionWhere } from "~/registrations/invitation-ics.server";
import { joinLink } from "~/sessions/join-link.server";
import { findRegistrationSession } from "~/registrations/registrations.server";
import { notFound } from "~/lib/forms";

/** The calendar invitation of one registration, to attach or hand over by hand. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const session = await findRegistrationSession(context.db, user.id, params.sessionId ?? "");
  if (!session) throw notFound();
  const registration = await context.db.registration.findFirst({
    where: { id: params.registrationId ?? "", sessionId: session.id },
    select: { id: true },
  });
  if (!registration) throw notFound();
  const ics = invitationIcs(
    { ...session, minutes: agendaMinutes(session.agenda) },
    registration.id,
    sessionWhere(session),
    joinLink(request, session.joinCode),
  );
  return new Response(ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'attachment; filename="invitation.ics"',
      "Cache-Control": "no-store",
    },
  });
}
