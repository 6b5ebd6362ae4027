// Her appointments, from her space: those coming (each with its own page to move it or add it to her
// calendar), cancel one, or book a new one with her structure in three taps.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requirePerson } from "~/auth/auth.server";
import { cancelAppointment, SLOT_PURPOSES, whereWords } from "~/appointments/appointments.server";
import { bookingAction, messageOriginOf, pickerFor } from "~/appointments/booking-page.server";
import { BookingPicker, modeWords } from "~/appointments/booking-picker";
import { PersonPage } from "~/diagnostic/person-nav";
import { formatDateTime, t } from "~/i18n";
import { notFound } from "~/lib/forms";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction = () => [{ title: `${t("espace.nav.rendezVous")} · ${t("app.name")}` }];

async function herStructure(context: LoaderFunctionArgs["context"], personId: string) {
  const person = await context.db.person.findUnique({ where: { id: personId }, select: { structureId: true, displayName: true } });
  if (!person) throw notFound();
  return person;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const person = await requirePerson(context.db, request);
  const { structureId, displayName } = await herStructure(context, person.id);
  const coming = await context.db.appointment.findMany({
    where: { personId: person.id, status: "booked", heldSlotId: { not: null }, slot: { startsAt: { gt: new Date() } } },
    orderBy: { slot: { startsAt: "asc" } },
    select: { id: true, slot: { select: { startsAt: true, durationMinutes: true, mode: true, location: true } } },
  });
  return {
    name: displayName,
    coming: coming.map(({ id, slot }) => ({
      id,
      startsAt: slot.startsAt.toISOString(),
      minutes: slot.durationMinutes,
      mode: slot.mode,
      where: whereWords(slot),
    })),
    picker: await pickerFor(context.db, structureId, SLOT_PURPOSES, request),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const person = await requirePerson(context.db, request);
  const { structureId } = await herStructure(context, person.id);
  const form = await readForm(request);
  if (form.get("intent") === "cancel") {
    const appointmentId = String(form.get("appointmentId") ?? "");
    // Only one of hers: another person's appointment is as unknown as a made-up id.
    const mine = await context.db.appointment.findFirst({ where: { id: appointmentId, personId: person.id }, select: { id: true } });
    if (!mine) throw notFound();
    if (!(await cancelAppointment(context.db, mine.id)))
      return data({ problem: "appointments.own.notStanding" as const, errors: {}, values: {} }, { status: 409 });
    return { problem: null, errors: {}, values: {}, cancelled: true };
  }
  return bookingAction(
    context.db,
    form,
    { structureId, purposes: SLOT_PURPOSES, via: "space", personId: person.id },
    messageOriginOf(request, context.publicOrigin),
  );
}

export default function MyAppointments() {
  const { name, coming, picker } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <PersonPage title={t("espace.nav.rendezVous")} picto="appointment">
      <p role="status">{answer && "cancelled" in answer ? t("appointments.own.cancelled") : ""}</p>
      <h2>{t("appointments.space.coming")}</h2>
      {coming.length === 0 ? <p>{t("appointments.space.none")}</p> : null}
      <ul className="person-list" data-testid="my-appointments">
        {coming.map((appointment) => (
          <li key={appointment.id} className="card">
            <p>
              <strong>{formatDateTime(appointment.startsAt)}</strong>
              <br />
              {t("appointments.minutes", { minutes: appointment.minutes })} · {modeWords(appointment.mode)}
              <br />
              {appointment.where}
            </p>
            <Form method="post">
              <input type="hidden" name="intent" value="cancel" />
              <input type="hidden" name="appointmentId" value={appointment.id} />
              <button type="submit" className="button secondary small" disabled={busy}>
                {t("appointments.own.cancel")}
                <span className="visually-hidden"> {formatDateTime(appointment.startsAt)}</span>
              </button>
            </Form>
          </li>
        ))}
      </ul>
      <h2>{t("appointments.space.book")}</h2>
      <BookingPicker picker={picker} problem={answer?.problem} ask={{ name }} values={answer?.values} errors={answer?.errors} />
    </PersonPage>
  );
}
