// Her appointment as a calendar file (Paris times, as UTC instants the calendar shows in her zone).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { appointmentByToken, appointmentIcs, ownLink } from "~/appointments/appointments.server";
import { originOf } from "~/appointments/booking-page.server";
import { notFound } from "~/lib/forms";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const appointment = await appointmentByToken(context.db, token);
  if (!appointment || appointment.status !== "booked" || !appointment.heldSlotId) throw notFound();
  const ics = appointmentIcs(appointment, ownLink(originOf(request, context.publicOrigin), token));
  return new Response(ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'attachment; filename="rendez-vous.ics"',
      "Cache-Control": "no-store",
    },
  });
}
