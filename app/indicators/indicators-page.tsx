// The body of every indicators page (structure, series, network): period, charts with their
// tables, links to the exports.
import type { ReactNode } from "react";
import { t } from "~/i18n";
import { IndicatorSection } from "./indicator-chart";
import { PeriodForm } from "./period-form";
import type { IndicatorsPageData } from "./page.server";

const EXPORT_LABELS = {
  csv: () => t("indicators.exports.csv"),
  xlsx: () => t("indicators.exports.xlsx"),
  pdf: () => t("indicators.exports.pdf"),
};

export function IndicatorsPage({ data, back, intro }: { data: IndicatorsPageData; back: ReactNode; intro?: string }) {
  const { report } = data;
  return (
    <div className="page">
      <p>{back}</p>
      <h1>{t("indicators.titleOf", { scope: report.scopeLabel })}</h1>
      <p>{intro ?? t("indicators.intro")}</p>
      <p>{t("indicators.masking")}</p>
      <PeriodForm choice={data.choice} years={data.years} />
      <p role="status">
        <strong>{t("indicators.period.current", { period: report.period.label, previous: report.previous.label })}</strong>
      </p>
      {data.exports.length > 0 ? (
        <nav className="indicator-exports" aria-label={t("indicators.exports.title")}>
          <h2>{t("indicators.exports.title")}</h2>
          <ul>
            {data.exports.map((link) => (
              <li key={link.format}>
                <a href={link.href} download>
                  {EXPORT_LABELS[link.format]()}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {report.tables.map((table) => (
        <IndicatorSection key={table.id} table={table} chart={data.charts[table.id] ?? null} />
      ))}
    </div>
  );
}
