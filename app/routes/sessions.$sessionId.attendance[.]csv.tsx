import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireProfessional } from "~/auth/auth.server";
import { parisCalendarDay } from "~/lib/paris-dates";
import { attendanceCsv, findRegistrationSession } from "~/registrations/registrations.server";
import { notFound } from "~/lib/forms";
import { traceSessionRead } from "~/privacy/read-trace.server";

/** The registrations with their attendance, as a file a spreadsheet opens. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const session = await findRegistrationSession(context.db, user.id, params.sessionId ?? "");
  if (!session) throw notFound();
  await traceSessionRead(context.db, user, "session.attendance.csv", session.id);
  return new Response(await attendanceCsv(context.db, session.id), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="presences-${parisCalendarDay(session.startsAt)}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
