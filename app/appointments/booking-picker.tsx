// Booking in three taps, on a phone: a day, a time, confirm. Each tap is a link (the page's address
// carries the choice), the last one a form; big targets, plain words, one question at a time.
import { Form, Link, useNavigation } from "@remix-run/react";
import type { FieldErrors, FormValues } from "~/lib/forms";
import { t, type MessageKey } from "~/i18n";
import { TextField } from "~/ui/form";
import type { Picker } from "./picker";

export function modeWords(mode: string): string {
  return t(mode === "phone" ? "appointments.mode.phone" : mode === "video" ? "appointments.mode.video" : "appointments.mode.place");
}

export function BookingPicker({
  picker,
  problem,
  ask,
  values = {},
  errors = {},
  intent,
  confirmLabel = t("appointments.book.confirm"),
}: {
  picker: Picker;
  /** Said above the choices: the time went to someone else, or is no longer offered. */
  problem?: MessageKey | null;
  /** Ask her first name (prefilled with `name`) and a way to be reminded; absent when moving. */
  ask?: { name: string } | null;
  values?: FormValues;
  errors?: FieldErrors;
  intent?: string;
  confirmLabel?: string;
}) {
  const busy = useNavigation().state === "submitting";
  return (
    <div className="booking">
      {problem ? (
        <p className="notice error" role="alert" data-testid="booking-problem">
          {t(problem)}
        </p>
      ) : null}
      {picker.days.length === 0 ? (
        <p className="notice" data-testid="booking-none">
          {t("appointments.book.none")}
        </p>
      ) : (
        <section aria-labelledby="booking-day">
          <h2 id="booking-day">{t("appointments.book.step.day")}</h2>
          <ul className="booking-choices">
            {picker.days.map((day) => (
              <li key={day.day}>
                <Link
                  to={`?jour=${day.day}`}
                  className="button secondary"
                  aria-current={day.day === picker.day ? "true" : undefined}
                  preventScrollReset
                >
                  {day.label}
                  <span className="muted"> · {t("appointments.book.dayCount", { count: day.count })}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      {picker.day ? (
        <section aria-labelledby="booking-time">
          <h2 id="booking-time">{t("appointments.book.step.time", { day: picker.dayLabel ?? "" })}</h2>
          <ul className="booking-choices">
            {picker.times.map((time) => (
              <li key={time.id}>
                <Link
                  to={`?jour=${picker.day}&heure=${time.id}`}
                  className="button secondary"
                  aria-current={time.id === picker.chosen?.id ? "true" : undefined}
                  preventScrollReset
                >
                  {time.clock}
                  <span className="muted">
                    {" "}
                    · {t("appointments.minutes", { minutes: time.minutes })} · {modeWords(time.mode)}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {picker.chosen ? (
        <section aria-labelledby="booking-confirm">
          <h2 id="booking-confirm">{t("appointments.book.step.confirm")}</h2>
          <p className="booking-summary" data-testid="booking-summary">
            {t("appointments.book.summary", { day: picker.dayLabel ?? "", clock: picker.chosen.clock, minutes: picker.chosen.minutes })}
            <br />
            {modeWords(picker.chosen.mode)}
            {picker.chosen.mode === "place" && picker.chosen.location ? ` : ${picker.chosen.location}` : ""}
          </p>
          <Form method="post" noValidate>
            {intent ? <input type="hidden" name="intent" value={intent} /> : null}
            <input type="hidden" name="slotId" value={picker.chosen.id} />
            {ask ? (
              <>
                <TextField
                  name="name"
                  label={t("appointments.book.name")}
                  defaultValue={values.name ?? ask.name}
                  error={errors.name}
                  autoComplete="given-name"
                  maxLength={80}
                  required
                />
                <p className="hint">{t("appointments.book.contactHint")}</p>
                <TextField
                  name="phone"
                  type="tel"
                  label={t("appointments.book.phone")}
                  defaultValue={values.phone}
                  error={errors.phone}
                  autoComplete="tel"
                  maxLength={30}
                />
                <TextField
                  name="email"
                  type="email"
                  label={t("appointments.book.email")}
                  defaultValue={values.email}
                  error={errors.email}
                  autoComplete="email"
                  maxLength={200}
                />
              </>
            ) : null}
            <button type="submit" className="button big" disabled={busy} data-testid="booking-confirm">
              {confirmLabel}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
