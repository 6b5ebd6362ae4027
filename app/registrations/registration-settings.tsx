import { Form } from "@remix-run/react";
import { TextAreaField, TextField } from "~/ui/form";
import { t } from "~/i18n";
import { CopyButton } from "~/ui/copy-button";
import type { FormConstraints } from "~/lib/forms";
import type { RegistrationsAnswer } from "./types";

interface Props {
  settings: { capacity: number | null; bring: string | null; openRegistration: boolean };
  publicLink: string | null;
  answer: RegistrationsAnswer | undefined;
  busy: boolean;
  fields: FormConstraints<"capacity" | "bring" | "openRegistration">;
}

/** Seats, what to bring, and the public registration link. */
export function RegistrationSettings({ settings, publicLink, answer, busy, fields }: Props) {
  const mine = answer?.intent === "settings" ? answer : undefined;
  const values = mine?.values;
  return (
    <section aria-labelledby="registrations-settings">
      <h2 id="registrations-settings">{t("registrations.settings.title")}</h2>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="settings" />
        <TextField
          {...fields.capacity}
          inputMode="numeric"
          label={t("registrations.settings.capacity")}
          hint={t("registrations.settings.capacity.hint")}
          error={mine?.errors.capacity}
          defaultValue={values?.capacity ?? settings.capacity?.toString() ?? ""}
        />
        <TextAreaField
          {...fields.bring}
          label={t("registrations.settings.bring")}
          hint={t("registrations.settings.bring.hint")}
          error={mine?.errors.bring}
          defaultValue={values?.bring ?? settings.bring ?? ""}
        />
        <div className="checkbox">
          <input type="checkbox" id="openRegistration" name="openRegistration" defaultChecked={settings.openRegistration} />
          <label htmlFor="openRegistration">{t("registrations.settings.open")}</label>
        </div>
        <div className="actions">
          <button type="submit" className="button secondary" disabled={busy}>
            {t("registrations.settings.save")}
          </button>
          <p role="status">{mine?.done ? t("registrations.settings.saved") : ""}</p>
        </div>
      </Form>
      <h3>{t("registrations.publicLink.title")}</h3>
      {publicLink ? (
        <p className="public-link">
          <code>{publicLink}</code> <CopyButton text={publicLink} label={t("registrations.copy")} copiedLabel={t("registrations.copied")} />
        </p>
      ) : (
        <p className="muted">{t("registrations.publicLink.closed")}</p>
      )}
    </section>
  );
}
