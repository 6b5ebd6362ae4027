import { Form } from "@remix-run/react";
import { t } from "~/i18n";
import { SelectField } from "~/ui/form";

/** On the person's page, for members of her structure: who follows her (named on her space). */
export function ProReferentForm({
  personId,
  current,
  members,
  saved,
  busy,
}: {
  personId: string;
  current: string | null;
  members: { id: string; displayName: string }[];
  saved: boolean;
  busy: boolean;
}) {
  return (
    <section aria-labelledby="pro-referent-title">
      <h2 id="pro-referent-title">{t("pro.referent.title")}</h2>
      <p>{t("pro.referent.intro")}</p>
      {saved ? (
        <p className="notice ok" role="status">
          {t("pro.referent.saved")}
        </p>
      ) : null}
      <Form method="post" action={`/people/${encodeURIComponent(personId)}/referent`} className="stack">
        <SelectField
          name="referentUserId"
          label={t("pro.referent.label")}
          defaultValue={current ?? ""}
          options={[
            { value: "", label: t("pro.referent.none") },
            ...members.map((member) => ({ value: member.id, label: member.displayName })),
          ]}
        />
        <button type="submit" className="button secondary" disabled={busy}>
          {t("pro.referent.submit")}
        </button>
      </Form>
    </section>
  );
}
