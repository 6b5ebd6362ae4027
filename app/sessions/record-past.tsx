import { t } from "~/i18n";

/**
 * Shown once a start in the past was refused (or already ticked): creating a past session is a
 * choice the facilitator makes out loud, to record a session held on paper.
 */
export function RecordPastChoice({ errors, values }: { errors: Partial<Record<string, string>>; values: Record<string, string> }) {
  if (errors.date !== "session.error.past" && values.recordPast !== "on") return null;
  return (
    <div className="checkbox">
      <input type="checkbox" id="recordPast" name="recordPast" defaultChecked={values.recordPast === "on"} />
      <label htmlFor="recordPast">{t("session.field.recordPast")}</label>
    </div>
  );
}
