import { useFetcher } from "@remix-run/react";
import { formatDay, t } from "~/i18n";
import type { FieldErrors } from "~/lib/forms";
import { TextField } from "~/ui/form";

/**
 * On a person's page, for her referent's professionals: when her accompaniment ended (a Paris calendar
 * day), set or taken back. Posted to /people/<id>/accompaniment, which sends the page back.
 */
export function AccompanimentEnd({
  personId,
  endedOn,
  erasedOn,
  today,
}: {
  personId: string;
  endedOn: string | null;
  erasedOn: string | null;
  today: string;
}) {
  const fetcher = useFetcher<{ errors: FieldErrors; values: Record<string, string> }>();
  const errors = fetcher.data?.errors ?? {};
  const busy = fetcher.state !== "idle";
  // Noon: the calendar day reads the same in Paris whatever the browser's zone.
  const day = (value: string) => formatDay(`${value}T12:00:00Z`);
  return (
    <section aria-labelledby="accompaniment-title" className="accompaniment-end">
      <h2 id="accompaniment-title">{t("privacy.accompaniment.title")}</h2>
      <p role="status">
        {endedOn && erasedOn
          ? t("privacy.accompaniment.ended", { date: day(endedOn), erasedOn: day(erasedOn) })
          : t("privacy.accompaniment.ongoing")}
      </p>
      <fetcher.Form method="post" action={`/people/${personId}/accompaniment`} className="stack" noValidate>
        <TextField
          type="date"
          name="endedOn"
          max={today}
          required
          label={t("privacy.accompaniment.label")}
          hint={t("privacy.accompaniment.hint")}
          error={errors.endedOn}
          defaultValue={fetcher.data?.values.endedOn ?? endedOn ?? today}
        />
        <div className="actions">
          <button type="submit" name="intent" value="set" className="button secondary" disabled={busy}>
            {t("privacy.accompaniment.save")}
          </button>
          {endedOn ? (
            <button type="submit" name="intent" value="clear" className="button secondary" disabled={busy}>
              {t("privacy.accompaniment.clear")}
            </button>
          ) : null}
        </div>
      </fetcher.Form>
    </section>
  );
}
