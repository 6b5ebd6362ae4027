import { Form } from "@remix-run/react";
import { t, formatDateTime, type MessageKey } from "~/i18n";
import type { FieldErrors, FormConstraints } from "~/lib/forms";
import { ErrorSummary, TextField } from "~/ui/form";
import type { RetentionKind, RetentionRule } from "./retention";

type KindRow = RetentionRule & { days: number };

/** One sentence per kind: what happens, after how long, from when ("Supprimé 90 jours après la fin de la séance."). */
export function periodSentence(rule: RetentionRule, days: number): string {
  const from = t(`privacy.from.${rule.from}` as MessageKey);
  return t(rule.action === "delete" ? "privacy.retention.delete" : "privacy.retention.anonymise", { days, from });
}

export const kindName = (kind: string) => t(`privacy.kind.${kind}` as MessageKey);

/** An admin's form: every kind with its period in plain French and a number of days within bounds. */
export function RetentionSettings({
  kinds,
  fields,
  errors,
  values,
  busy,
}: {
  kinds: KindRow[];
  fields: FormConstraints<RetentionKind>;
  errors: FieldErrors;
  values: Record<string, string>;
  busy: boolean;
}) {
  return (
    <Form method="post" className="stack retention-settings" noValidate>
      <ErrorSummary show={Object.keys(errors).length > 0} />
      {kinds.map((rule) => (
        <section key={rule.kind} aria-labelledby={`retention-${rule.kind}-title`} className="retention-kind">
          <h2 id={`retention-${rule.kind}-title`}>{kindName(rule.kind)}</h2>
          <p>{periodSentence(rule, rule.days)}</p>
          <TextField
            {...fields[rule.kind]}
            inputMode="numeric"
            label={`${t("privacy.retention.days")} · ${kindName(rule.kind)}`}
            hint={t("privacy.retention.bounds", { min: rule.minDays, max: rule.maxDays, default: rule.defaultDays })}
            error={errors[rule.kind]}
            defaultValue={values[rule.kind] ?? String(rule.days)}
          />
        </section>
      ))}
      <button type="submit" className="button" disabled={busy}>
        {t("privacy.retention.save")}
      </button>
    </Form>
  );
}

/** The last purge: when it started, how it ended, and what it removed for this structure. */
export function LastPurge({
  run,
}: {
  run: { startedAt: string; outcome: "running" | "done" | "failed"; counts: { kind: string; action: string; count: number }[] } | null;
}) {
  return (
    <section aria-labelledby="last-purge-title" className="last-purge">
      <h2 id="last-purge-title">{t("privacy.purge.title")}</h2>
      {run === null ? (
        <p>{t("privacy.purge.never")}</p>
      ) : (
        <>
          <p>
            {t("privacy.purge.when", { date: formatDateTime(run.startedAt) })} {t(`privacy.purge.outcome.${run.outcome}`)}
          </p>
          {run.counts.length === 0 ? (
            <p>{t("privacy.purge.nothing")}</p>
          ) : (
            <>
              <p>{t("privacy.purge.removed")}</p>
              <ul>
                {run.counts.map((line) => (
                  <li key={`${line.kind}-${line.action}`}>
                    {kindName(line.kind)} :{" "}
                    {t(line.action === "anonymised" ? "privacy.purge.anonymised" : "privacy.purge.deleted", { count: line.count })}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
