// An indicator drawn as bars (geometry from chart.server.ts) with its data table beside it: the
// chart is for the eye, the table for screen readers and for anyone who wants the figures. Hidden
// figures are hatched bars labelled "< 5"; the chart is an image whose name says so.
import { t } from "~/i18n";
import type { ChartGeometry } from "./chart.server";
import { cellText, type IndicatorTable } from "./indicator-table";

const BAR_HEIGHT = 18;

export function IndicatorChart({ chart, title, id }: { chart: ChartGeometry; title: string; id: string }) {
  const patternId = `masque-${id}`;
  return (
    <figure className="indicator-chart">
      <ul className="indicator-legend" aria-hidden="true">
        {chart.legend.map((entry) => (
          <li key={entry.label}>
            <span className="indicator-swatch" style={{ background: entry.color }} /> {entry.label}
          </li>
        ))}
      </ul>
      <svg
        viewBox={`0 0 ${chart.width} ${chart.height}`}
        width="100%"
        role="img"
        aria-label={t("indicators.chart.label", { title })}
        preserveAspectRatio="xMinYMin meet"
      >
        <defs>
          <pattern id={patternId} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <line x1="0" y1="0" x2="0" y2="6" stroke="#444" strokeWidth="2" />
          </pattern>
        </defs>
        {chart.groups.map((group) => (
          <g key={`${group.label}-${group.y}`}>
            <text x={chart.plotLeft} y={group.y + 14} className="indicator-chart-label">
              {group.label}
            </text>
            {group.bars.map((bar, index) =>
              bar.kind === "empty" ? (
                <text key={index} x={chart.plotLeft + 2} y={bar.y + 13} className="indicator-chart-value">
                  {bar.text}
                </text>
              ) : (
                <g key={index}>
                  <rect
                    x={chart.plotLeft}
                    y={bar.y}
                    width={Math.max(bar.width, 1)}
                    height={BAR_HEIGHT}
                    fill={bar.kind === "masked" ? `url(#${patternId})` : bar.color}
                    stroke={bar.kind === "masked" ? bar.color : "none"}
                    strokeDasharray={bar.kind === "masked" ? "4 2" : undefined}
                    strokeWidth={bar.kind === "masked" ? 2 : 0}
                  />
                  <text x={chart.plotLeft + Math.max(bar.width, 1) + 6} y={bar.y + 13} className="indicator-chart-value">
                    {bar.text}
                  </text>
                </g>
              ),
            )}
          </g>
        ))}
        <g className="indicator-axis">
          {chart.ticks.map((tick) => (
            <g key={tick.label}>
              <line x1={tick.x} x2={tick.x} y1={0} y2={chart.height - 20} stroke="#ccc" strokeDasharray="2 3" />
              <text x={tick.x} y={chart.height - 6} textAnchor="middle" className="indicator-chart-tick">
                {tick.label}
              </text>
            </g>
          ))}
        </g>
      </svg>
      <figcaption className="hint">{t("indicators.chart.masked")}</figcaption>
    </figure>
  );
}

export function IndicatorDataTable({ table }: { table: IndicatorTable }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={t("indicators.table.caption", { title: table.title })}>
      <table className="indicator-table">
        <caption className="visually-hidden">{t("indicators.table.caption", { title: table.title })}</caption>
        <thead>
          <tr>
            {table.columns.map((column) => (
              <th key={column.key} scope="col">
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, index) => (
            <tr key={index}>
              {table.columns.map((column, columnIndex) => {
                const cell = row[column.key] ?? { empty: true };
                const content = cellText(cell);
                return columnIndex === 0 ? (
                  <th key={column.key} scope="row">
                    {content}
                  </th>
                ) : (
                  <td key={column.key} className={"masked" in cell ? "masked-cell" : undefined}>
                    {content}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One indicator: title, criterion of the quality grid, chart and table side by side, note. */
export function IndicatorSection({ table, chart }: { table: IndicatorTable; chart: ChartGeometry | null }) {
  return (
    <section className="indicator" aria-labelledby={`indicateur-${table.id}`} id={table.id}>
      <h2 id={`indicateur-${table.id}`}>{table.title}</h2>
      {table.criterion ? (
        <p className="indicator-criterion">{t("indicators.criterion.label", { criterion: table.criterion.label })}</p>
      ) : null}
      {table.rows.length === 0 ? (
        <p>{t("indicators.chart.empty")}</p>
      ) : (
        <div className="indicator-body">
          {chart ? <IndicatorChart chart={chart} title={table.title} id={table.id} /> : null}
          <IndicatorDataTable table={table} />
        </div>
      )}
      {table.note ? <p className="hint">{table.note}</p> : null}
    </section>
  );
}
