import { t } from "~/i18n";

/** When, where and what to bring: the public registration form and a person's registration page. */
export function SessionFacts({ when, where, bring }: { when: string; where: string; bring: string | null }) {
  return (
    <p>
      {t("registrations.public.when", { date: when })}
      <br />
      {t("registrations.public.where", { place: where })}
      {bring ? (
        <>
          <br />
          {t("registrations.public.bring", { bring })}
        </>
      ) : null}
    </p>
  );
}
