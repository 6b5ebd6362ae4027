// From the end of an information session: a participant books her diagnostic appointment with the
// session's structure, on her phone. She is not a person of the structure yet: a first name and, if
// she wishes, one way to be reminded is all that is asked.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { findParticipant } from "~/auth/auth.server";
import { sessionBooking } from "~/appointments/appointments.server";
import { bookingAction, messageOriginOf, pickerFor } from "~/appointments/booking-page.server";
import { BookingPicker } from "~/appointments/booking-picker";
import { t } from "~/i18n";
import { readForm } from "~/lib/request-body.server";
import { notFound } from "~/lib/forms";

export const meta: MetaFunction = () => [{ title: `${t("appointments.book.title")} · ${t("app.name")}` }];

/** Only a participant let into that very information session; anyone else gets 404. */
async function who(context: LoaderFunctionArgs["context"], request: Request, sessionId: string) {
  const session = await sessionBooking(context.db, sessionId);
  const participant = session ? await findParticipant(context.db, request.headers.get("Cookie"), sessionId) : null;
  if (!session || !participant) throw notFound();
  return { session, participant };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { session, participant } = await who(context, request, params.sessionId ?? "");
  return {
    structure: session.structure.name,
    sessionId: session.id,
    name: participant.displayName,
    picker: await pickerFor(context.db, session.structureId, ["diagnostic"], request),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { session, participant } = await who(context, request, params.sessionId ?? "");
  return bookingAction(
    context.db,
    await readForm(request),
    { structureId: session.structureId, purposes: ["diagnostic"], via: "session", participantId: participant.id, sessionId: session.id },
    messageOriginOf(request, context.publicOrigin),
  );
}

export default function BookFromSession() {
  const { structure, name, picker } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  return (
    <div className="page narrow booking-page">
      <h1>{t("appointments.book.title")}</h1>
      <p>{t("appointments.book.intro", { structure })}</p>
      <BookingPicker picker={picker} problem={answer?.problem} ask={{ name }} values={answer?.values} errors={answer?.errors} />
    </div>
  );
}
