import { useFetcher } from "@remix-run/react";
import { t } from "~/i18n";
import type { RegistrationsAnswer } from "./types";

const ATTENDANCES = ["present", "absent", "excused"] as const;

export interface RegistrationRow {
  id: string;
  kind: string;
  name: string;
  email: string | null;
  phone: string | null;
  status: string;
  source: string;
  attendance: string | null;
  joinedBoard: boolean;
}

export function RegistrationList({ sessionId, registrations }: { sessionId: string; registrations: RegistrationRow[] }) {
  if (registrations.length === 0) return <p>{t("registrations.list.empty")}</p>;
  return (
    <ul className="registration-list">
      {registrations.map((registration) => (
        <RegistrationItem key={registration.id} sessionId={sessionId} registration={registration} />
      ))}
    </ul>
  );
}

/** One person: who, how to reach them, their status, and their attendance saved on its own. */
function RegistrationItem({ sessionId, registration }: { sessionId: string; registration: RegistrationRow }) {
  const attendance = useFetcher<RegistrationsAnswer>();
  const cancel = useFetcher<RegistrationsAnswer>();
  const { id, name } = registration;
  // A participant on the board with the same name is probably this person: suggested, never saved by itself.
  const suggested = registration.attendance ?? (registration.joinedBoard ? "present" : null);
  const active = registration.status !== "cancelled";
  return (
    <li className="registration" data-testid="registration">
      <h3>{name}</h3>
      <p>
        {t(`registrations.kind.${registration.kind as "beneficiary"}`)} ·{" "}
        {[registration.email, registration.phone].filter(Boolean).join(" · ")}
        <br />
        <strong>{t(`registrations.status.${registration.status as "registered"}`)}</strong> ·{" "}
        {t(`registrations.source.${registration.source as "self"}`)}
      </p>
      {active ? (
        <attendance.Form method="post" className="attendance">
          <input type="hidden" name="intent" value="attendance" />
          <input type="hidden" name="registrationId" value={id} />
          <fieldset>
            <legend>{t("registrations.list.attendance", { name })}</legend>
            {registration.joinedBoard && !registration.attendance ? <p className="hint">{t("registrations.list.joinedBoard")}</p> : null}
            <div className="radio-row">
              {ATTENDANCES.map((value) => (
                <label key={value} className="radio">
                  <input type="radio" name="attendance" value={value} defaultChecked={suggested === value} required />
                  {t(`registrations.attendance.${value}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="actions">
            <button type="submit" className="button secondary small" disabled={attendance.state !== "idle"}>
              {t("registrations.list.saveAttendance")} <span className="visually-hidden">{t("registrations.list.saveFor", { name })}</span>
            </button>
            <span role="status">
              {attendance.data?.done
                ? t("registrations.list.saved")
                : attendance.data?.errors.attendance
                  ? t(attendance.data.errors.attendance)
                  : ""}
            </span>
          </div>
        </attendance.Form>
      ) : null}
      {/* A div, not a p: a form inside a paragraph is invalid HTML, and the browser's repair breaks hydration. */}
      <div className="actions">
        <a href={`/sessions/${sessionId}/invitations/${id}.ics`} download>
          {t("registrations.list.ics", { name })}
        </a>
        {active ? (
          <cancel.Form method="post">
            <input type="hidden" name="intent" value="cancel" />
            <input type="hidden" name="registrationId" value={id} />
            <button type="submit" className="link-button" disabled={cancel.state !== "idle"}>
              {t("registrations.list.cancel", { name })}
            </button>
          </cancel.Form>
        ) : null}
      </div>
    </li>
  );
}
