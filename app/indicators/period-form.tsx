// The period selector: a plain GET form, so the page works without script and the address says
// which period it shows (exports and bookmarks keep it).
import { Form } from "@remix-run/react";
import { t, type MessageKey } from "~/i18n";
import { SelectField, TextField } from "~/ui/form";

export interface PeriodChoice {
  kind: string;
  year: number;
  month: number;
  quarter: number;
  from: string;
  to: string;
  sessionKind: string;
}

const MONTHS = new Intl.DateTimeFormat("fr-FR", { month: "long", timeZone: "UTC" });

export function PeriodForm({ choice, years }: { choice: PeriodChoice; years: number[] }) {
  return (
    <Form method="get" className="period-form">
      <fieldset>
        <legend>{t("indicators.period.legend")}</legend>
        <SelectField
          name="period"
          label={t("indicators.period.kind")}
          defaultValue={choice.kind}
          options={[
            { value: "month", label: t("indicators.period.kind.month") },
            { value: "quarter", label: t("indicators.period.kind.quarter") },
            { value: "year", label: t("indicators.period.kind.year") },
            { value: "custom", label: t("indicators.period.kind.custom") },
          ]}
        />
        <SelectField
          name="year"
          label={t("indicators.period.year")}
          defaultValue={String(choice.year)}
          options={years.map((year) => ({ value: String(year), label: String(year) }))}
        />
        <SelectField
          name="month"
          label={t("indicators.period.month")}
          defaultValue={String(choice.month)}
          options={Array.from({ length: 12 }, (_, index) => ({
            value: String(index + 1),
            label: MONTHS.format(new Date(Date.UTC(2000, index, 15))),
          }))}
        />
        <SelectField
          name="quarter"
          label={t("indicators.period.quarter")}
          defaultValue={String(choice.quarter)}
          options={[1, 2, 3, 4].map((quarter) => ({ value: String(quarter), label: t("indicators.period.quarterOption", { quarter }) }))}
        />
        <TextField
          type="date"
          name="from"
          label={t("indicators.period.from")}
          defaultValue={choice.from}
          hint={t("indicators.period.customHint")}
        />
        <TextField type="date" name="to" label={t("indicators.period.to")} defaultValue={choice.to} />
        <SelectField
          name="type"
          label={t("indicators.period.type")}
          defaultValue={choice.sessionKind}
          options={[
            { value: "", label: t("indicators.period.type.all") },
            ...(["information_session", "peer_workshop", "practice_exchange"] as const).map((kind) => ({
              value: kind,
              label: t(`kind.${kind}` as MessageKey),
            })),
          ]}
        />
        <button type="submit">{t("indicators.period.show")}</button>
      </fieldset>
    </Form>
  );
}
