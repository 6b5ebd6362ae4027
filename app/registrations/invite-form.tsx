import { Form } from "@remix-run/react";
import { SelectField, TextField } from "~/ui/form";
import { t } from "~/i18n";
import type { FormConstraints } from "~/lib/forms";
import type { RegistrationsAnswer } from "./types";

/** Invite a beneficiary (name + phone or e-mail) or a professional (name + e-mail). */
export function InviteForm({
  answer,
  busy,
  fields,
}: {
  answer: RegistrationsAnswer | undefined;
  busy: boolean;
  fields: FormConstraints<"kind" | "name" | "email" | "phone">;
}) {
  const mine = answer?.intent === "invite" ? answer : undefined;
  const done = mine?.done && mine.done !== true ? mine.done : undefined;
  // After a successful invitation the form starts empty again; after an error it keeps what was typed.
  const values = done ? {} : (mine?.values ?? {});
  return (
    <section aria-labelledby="registrations-invite">
      <h2 id="registrations-invite">{t("registrations.invite.title")}</h2>
      <Form method="post" className="stack" noValidate key={done ? mine?.values.name : "form"}>
        <input type="hidden" name="intent" value="invite" />
        <SelectField
          {...fields.kind}
          label={t("registrations.invite.kind")}
          error={mine?.errors.kind}
          defaultValue={values.kind ?? "beneficiary"}
          options={[
            { value: "beneficiary", label: t("registrations.kind.beneficiary") },
            { value: "professional", label: t("registrations.kind.professional") },
          ]}
        />
        <TextField
          {...fields.name}
          label={t("registrations.invite.name")}
          error={mine?.errors.name}
          defaultValue={values.name}
          autoComplete="off"
        />
        <TextField
          {...fields.email}
          type="email"
          label={t("registrations.invite.email")}
          hint={t("registrations.invite.contact.hint")}
          error={mine?.errors.email}
          defaultValue={values.email}
          autoComplete="off"
        />
        <TextField
          {...fields.phone}
          type="tel"
          label={t("registrations.invite.phone")}
          error={mine?.errors.phone}
          defaultValue={values.phone}
          autoComplete="off"
        />
        <button type="submit" className="button" disabled={busy}>
          {t("registrations.invite.submit")}
        </button>
        <p role="status">
          {done
            ? done.duplicate
              ? t("registrations.invite.duplicate")
              : t(done.status === "waiting" ? "registrations.invite.done.waiting" : "registrations.invite.done.registered", {
                  name: done.name,
                })
            : ""}
        </p>
      </Form>
    </section>
  );
}
