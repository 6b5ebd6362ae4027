import { Form } from "@remix-run/react";
import { formatDay, t, type MessageKey } from "~/i18n";

/**
 * Extend one grant: a new last day, after the current one and at most GRANT_MAX_DAYS from today
 * (`lastDay`), proposed by default. Ids carry the grant's, as the page lists several grants.
 */
export function PersonGrantRenew(props: {
  grant: { id: string; structure: string };
  firstDay: string;
  lastDay: string;
  error: MessageKey | null;
  /** Unfolded when the grant ends soon or has ended, or after a refused renewal. */
  open: boolean;
  busy: boolean;
}) {
  const { grant, firstDay, lastDay, error, open, busy } = props;
  const field = `renew-until-${grant.id}`;
  const hint = `${field}-hint`;
  const errorId = `${field}-error`;
  return (
    <details open={open || error !== null}>
      <summary>{t("grant.renew.open")}</summary>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="renew" />
        <input type="hidden" name="grantId" value={grant.id} />
        <div className="field">
          <label htmlFor={field}>{t("grant.renew.field")}</label>
          <p className="hint" id={hint}>
            {t("grant.until.max", { date: formatDay(`${lastDay}T12:00:00Z`) })}
          </p>
          {error ? (
            <p className="error" id={errorId}>
              {t(error)}
            </p>
          ) : null}
          <input
            type="date"
            id={field}
            name="until"
            defaultValue={lastDay}
            min={firstDay}
            max={lastDay}
            required
            aria-describedby={error ? `${hint} ${errorId}` : hint}
            aria-invalid={error ? true : undefined}
          />
        </div>
        <button type="submit" className="button secondary" disabled={busy}>
          {t("grant.renew.submit")}
          <span className="visually-hidden"> — {grant.structure}</span>
        </button>
      </Form>
    </details>
  );
}
