// Her own link to her appointment (only its hash is kept): see it, add it to her calendar, cancel it
// or move it to another free time. Anyone without the link gets 404.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { appointmentByToken, cancelAppointment, moveAppointment, whereWords, type SlotPurpose } from "~/appointments/appointments.server";
import { ownActionSchema } from "~/appointments/appointment-forms.server";
import { messageOriginOf, pickerFor } from "~/appointments/booking-page.server";
import { BookingPicker, modeWords } from "~/appointments/booking-picker";
import { formatDateTime, t, type MessageKey } from "~/i18n";
import { notFound, parseForm } from "~/lib/forms";
import { readForm } from "~/lib/request-body.server";

// The token in the address is a secret: no page it leads to learns it, and no search engine keeps it.
export const meta: MetaFunction = () => [
  { title: `${t("appointments.own.title")} · ${t("app.name")}` },
  { name: "referrer", content: "no-referrer" },
  { name: "robots", content: "noindex, nofollow" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const appointment = await appointmentByToken(context.db, token);
  if (!appointment) throw notFound();
  const url = new URL(request.url);
  // Once its time has come it can no longer be cancelled nor moved: the professional marks it.
  const standing = appointment.status === "booked" && appointment.heldSlotId !== null && appointment.slot.startsAt.getTime() > Date.now();
  const moving = standing && (url.searchParams.has("deplacer") || url.searchParams.has("jour"));
  return {
    token,
    confirmed: url.searchParams.has("confirme"),
    moved: url.searchParams.has("deplace"),
    standing,
    status: appointment.status,
    name: appointment.name,
    startsAt: appointment.slot.startsAt.toISOString(),
    minutes: appointment.slot.durationMinutes,
    mode: appointment.slot.mode,
    where: whereWords(appointment.slot),
    structure: appointment.slot.structure.name,
    picker: moving ? await pickerFor(context.db, appointment.structureId, [appointment.slot.purpose as SlotPurpose], request) : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const appointment = await appointmentByToken(context.db, token);
  if (!appointment) throw notFound();
  const parsed = parseForm(ownActionSchema, await readForm(request));
  if (!parsed.ok) return data({ problem: "form.error.invalid" as MessageKey }, { status: 400 });
  if (parsed.data.intent === "cancel") {
    if (!(await cancelAppointment(context.db, appointment.id)))
      return data({ problem: "appointments.own.notStanding" as MessageKey }, { status: 409 });
    return { problem: null, cancelled: true };
  }
  const moved = await moveAppointment(context.db, token, parsed.data.slotId, messageOriginOf(request, context.publicOrigin));
  if (moved.ok) throw redirect(`/rdv/${token}?deplace=1`);
  return data(
    { problem: (moved.reason === "taken" ? "appointments.book.taken" : "appointments.book.gone") as MessageKey },
    { status: 409 },
  );
}

export default function OwnAppointment() {
  const view = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="page narrow booking-page">
      <h1>{t("appointments.own.title")}</h1>
      <p role="status" className="notice ok" data-testid="own-status">
        {view.confirmed && view.standing ? t("appointments.own.confirmed") : view.moved && view.standing ? t("appointments.own.moved") : ""}
        {!view.standing ? t(view.status === "cancelled" ? "appointments.own.cancelled" : "appointments.own.past") : ""}
      </p>
      <section aria-labelledby="own-when" className="card" data-testid="own-appointment">
        <h2 id="own-when">{formatDateTime(view.startsAt)}</h2>
        <p>
          {t("appointments.own.with", { structure: view.structure })}
          <br />
          {t("appointments.minutes", { minutes: view.minutes })} · {modeWords(view.mode)}
          <br />
          {view.where}
        </p>
      </section>
      {view.standing ? (
        <>
          <p>
            <a href={`/rdv/${view.token}.ics`} download="rendez-vous.ics" className="button">
              {t("appointments.own.ics")}
            </a>
          </p>
          <p className="hint">{t("appointments.own.keepLink")}</p>
          {view.picker ? (
            <section aria-labelledby="own-move">
              <h2 id="own-move">{t("appointments.own.move")}</h2>
              <BookingPicker
                picker={view.picker}
                problem={answer?.problem}
                intent="move"
                confirmLabel={t("appointments.own.moveConfirm")}
              />
              <p>
                <Link to=".">{t("appointments.own.keep")}</Link>
              </p>
            </section>
          ) : (
            <>
              {answer?.problem ? (
                <p className="notice error" role="alert">
                  {t(answer.problem)}
                </p>
              ) : null}
              <p>
                <Link to="?deplacer=1" className="button secondary">
                  {t("appointments.own.move")}
                </Link>
              </p>
              <Form method="post">
                <input type="hidden" name="intent" value="cancel" />
                <button type="submit" className="button danger" disabled={busy} data-testid="own-cancel">
                  {t("appointments.own.cancel")}
                </button>
              </Form>
            </>
          )}
        </>
      ) : null}
    </div>
  );
}
