// The geometry of an indicator's chart, computed on the server with d3-scale (issue 16.5): horizontal
// bars, one group per row of the table, one bar per compared figure. React draws it as SVG
// (indicator-chart.tsx), so it prints and needs no script; the page ships numbers, not d3.
import { scaleLinear } from "d3-scale";
import { cellText, type IndicatorCell, type IndicatorTable } from "./indicator-table.js";

export const CHART_WIDTH = 420;
const LABEL_WIDTH = 0; // labels sit above their bars, so long French labels fit a phone
const VALUE_ROOM = 56;
const LABEL_HEIGHT = 20;
const BAR_HEIGHT = 18;
const BAR_GAP = 4;
const GROUP_GAP = 14;
const AXIS_HEIGHT = 24;
/** A hidden figure is drawn as a short hatched bar of this share of the axis, labelled "< 5". */
const MASKED_SHARE = 0.06;

/** Two colours that keep 3:1 against white and against each other's patterns (WCAG 1.4.11). */
export const SERIES_COLORS = ["#1d4ed8", "#b45309", "#047857"];

export interface ChartBar {
  y: number;
  width: number;
  color: string;
  text: string;
  kind: "value" | "masked" | "empty";
}

export interface ChartGeometry {
  width: number;
  height: number;
  plotLeft: number;
  plotWidth: number;
  legend: { label: string; color: string }[];
  ticks: { x: number; label: string }[];
  groups: { label: string; y: number; bars: ChartBar[] }[];
}

const numberOf = (cell: IndicatorCell | undefined) => (cell && "count" in cell ? cell.count : cell && "rate" in cell ? cell.rate : 0);

/** The chart of a table, or null when it has none or nothing to draw. */
export function chartOf(table: IndicatorTable): ChartGeometry | null {
  const chart = table.chart;
  if (!chart) return null;
  const rows = chart.rows ? chart.rows.map((index) => table.rows[index]).filter((row) => row !== undefined) : table.rows;
  if (rows.length === 0) return null;
  const keys = chart.valueKeys;
  const isRate = rows.some((row) => keys.some((key) => row[key] && "rate" in row[key]!));
  const max = Math.max(0, ...rows.flatMap((row) => keys.map((key) => numberOf(row[key]))));
  const plotLeft = LABEL_WIDTH;
  const plotWidth = CHART_WIDTH - plotLeft - VALUE_ROOM;
  const x = scaleLinear()
    .domain([0, isRate ? 1 : Math.max(max, 5)])
    .range([0, plotWidth])
    .nice();
  const format = isRate ? (value: number) => cellText({ rate: value }) : x.tickFormat(4, "d");
  const legend = keys.map((key, index) => ({
    label: table.columns.find((column) => column.key === key)?.label ?? key,
    color: SERIES_COLORS[index % SERIES_COLORS.length]!,
  }));
  let y = 0;
  const groups = rows.map((row) => {
    const label = row[chart.labelKey];
    const top = y;
    const bars = keys.map((key, index): ChartBar => {
      const cell = row[key];
      const barY = top + LABEL_HEIGHT + index * (BAR_HEIGHT + BAR_GAP);
      const color = legend[index]!.color;
      if (!cell || "empty" in cell) return { y: barY, width: 0, color, text: "—", kind: "empty" };
      if ("masked" in cell) return { y: barY, width: plotWidth * MASKED_SHARE, color, text: cellText(cell), kind: "masked" };
      return { y: barY, width: Math.max(0, x(numberOf(cell))), color, text: cellText(cell), kind: "value" };
    });
    y = top + LABEL_HEIGHT + keys.length * (BAR_HEIGHT + BAR_GAP) + GROUP_GAP;
    return { label: label && "text" in label ? label.text : "", y: top, bars };
  });
  return {
    width: CHART_WIDTH,
    height: y + AXIS_HEIGHT,
    plotLeft,
    plotWidth,
    legend,
    ticks: x.ticks(4).map((tick) => ({ x: plotLeft + x(tick), label: format(tick) })),
    groups,
  };
}
