// The professional's appointments: a day's (today by default), marked honoured, missed or excused;
// the missed ones flagged for a follow-up until someone clears the flag. Only their structures'.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { clearFollowUp, dayAppointments, followUps, markAppointment, whereWords } from "~/appointments/appointments.server";
import { MARKS } from "~/appointments/kinds";
import { proActionSchema } from "~/appointments/appointment-forms.server";
import { modeWords } from "~/appointments/booking-picker";
import { sayDay } from "~/appointments/picker";
import { parisClock } from "~/appointments/times";
import { formatDateTime, t, type MessageKey } from "~/i18n";
import { badRequest, notFound, parseForm } from "~/lib/forms";
import { isCalendarDay, parisInstant, todayInParis } from "~/lib/paris-dates";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction = () => [{ title: `${t("appointments.day.title")} · ${t("app.name")}` }];

const MARK_WORDS: Record<string, MessageKey> = {
  booked: "appointments.status.booked",
  honoured: "appointments.status.honoured",
  missed: "appointments.status.missed",
  excused: "appointments.status.excused",
};

const MARK_BUTTONS: Record<(typeof MARKS)[number], MessageKey> = {
  honoured: "appointments.mark.honoured",
  missed: "appointments.mark.missed",
  excused: "appointments.mark.excused",
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const asked = new URL(request.url).searchParams.get("jour") ?? "";
  const today = todayInParis();
  const day = isCalendarDay(asked) ? asked : today;
  const appointments = await dayAppointments(context.db, user.id, day);
  return {
    day,
    today,
    dayLabel: sayDay(parisInstant(day, "12:00")),
    appointments: appointments.map((appointment) => ({
      id: appointment.id,
      name: appointment.person?.displayName ?? appointment.name,
      personId: appointment.person?.id ?? null,
      contact: [appointment.phone, appointment.email].filter(Boolean).join(" · "),
      status: appointment.status,
      flagged: appointment.followUpAt !== null,
      clock: parisClock(appointment.slot.startsAt),
      minutes: appointment.slot.durationMinutes,
      mode: appointment.slot.mode,
      where: whereWords(appointment.slot),
      purpose: appointment.slot.purpose,
      with: appointment.slot.user.displayName,
    })),
    followUps: (await followUps(context.db, user.id)).map((item) => ({
      id: item.id,
      name: item.name,
      personId: item.person?.id ?? null,
      contact: [item.phone, item.email].filter(Boolean).join(" · "),
      startsAt: item.slot.startsAt.toISOString(),
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const parsed = parseForm(proActionSchema, await readForm(request));
  if (!parsed.ok) throw badRequest();
  const input = parsed.data;
  if (input.intent === "mark") {
    if (!(await markAppointment(context.db, user.id, input.appointmentId, input.mark))) throw notFound();
    return data({ done: input.mark });
  }
  if (input.intent === "clear-follow-up") {
    if (!(await clearFollowUp(context.db, user.id, input.appointmentId))) throw notFound();
    return data({ done: "cleared" });
  }
  throw badRequest();
}

export default function AppointmentsDay() {
  const { day, today, dayLabel, appointments, followUps } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="page appointments-day">
      <h1>{t("appointments.day.title")}</h1>
      <p>
        <Link to="/rendez-vous/creneaux" className="button">
          {t("appointments.slots.link")}
        </Link>
      </p>
      <Form method="get" className="inline-form">
        <div className="field">
          <label htmlFor="jour">{t("appointments.day.pick")}</label>
          <input type="date" id="jour" name="jour" defaultValue={day} />
        </div>
        <button type="submit" className="button secondary">
          {t("appointments.day.show")}
        </button>
        {day !== today ? <Link to="/rendez-vous">{t("appointments.day.today")}</Link> : null}
      </Form>
      <h2>{t(day === today ? "appointments.day.ofToday" : "appointments.day.of", { day: dayLabel })}</h2>
      {appointments.length === 0 ? <p data-testid="day-empty">{t("appointments.day.none")}</p> : null}
      <ul className="appointment-list" data-testid="day-appointments">
        {appointments.map((appointment) => (
          <li key={appointment.id} className="card" data-testid="day-appointment">
            <h3>
              {appointment.clock} ·{" "}
              {appointment.personId ? <Link to={`/people/${appointment.personId}`}>{appointment.name}</Link> : appointment.name}
            </h3>
            <p>
              {t(appointment.purpose === "follow_up" ? "appointments.purpose.follow_up" : "appointments.purpose.diagnostic")} ·{" "}
              {t("appointments.minutes", { minutes: appointment.minutes })} · {modeWords(appointment.mode)} · {appointment.with}
              <br />
              {appointment.where}
              {appointment.contact ? (
                <>
                  <br />
                  {appointment.contact}
                </>
              ) : null}
            </p>
            <p>
              <strong>{t(MARK_WORDS[appointment.status] ?? "appointments.status.booked")}</strong>
              {appointment.flagged ? <span className="badge warning"> {t("appointments.followUp.flag")}</span> : null}
            </p>
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="mark" />
              <input type="hidden" name="appointmentId" value={appointment.id} />
              {MARKS.map((mark) => (
                <button
                  key={mark}
                  type="submit"
                  name="mark"
                  value={mark}
                  className="button small secondary"
                  disabled={busy || appointment.status === mark}
                >
                  {t(MARK_BUTTONS[mark])}
                  <span className="visually-hidden"> {appointment.name}</span>
                </button>
              ))}
            </Form>
          </li>
        ))}
      </ul>
      <h2>{t("appointments.followUp.title")}</h2>
      {followUps.length === 0 ? <p>{t("appointments.followUp.none")}</p> : null}
      <ul className="appointment-list" data-testid="follow-ups">
        {followUps.map((item) => (
          <li key={item.id} className="card">
            <p>
              {item.personId ? <Link to={`/people/${item.personId}`}>{item.name}</Link> : <strong>{item.name}</strong>} ·{" "}
              {t("appointments.followUp.missedOn", { date: formatDateTime(item.startsAt) })}
              {item.contact ? ` · ${item.contact}` : ""}
            </p>
            <Form method="post">
              <input type="hidden" name="intent" value="clear-follow-up" />
              <input type="hidden" name="appointmentId" value={item.id} />
              <button type="submit" className="button small" disabled={busy}>
                {t("appointments.followUp.clear")}
                <span className="visually-hidden"> {item.name}</span>
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </div>
  );
}
