// The charts' geometry (issue 16.5): bars proportional to the figures, hidden figures drawn apart
// and labelled "< 5", a rate never drawn on an axis of counts.
import { describe, expect, it } from "vitest";
import { chartOf } from "../app/indicators/chart.server.js";
import { cellText, type IndicatorTable } from "../app/indicators/indicator-table.js";

const table: IndicatorTable = {
  id: "attendance",
  title: "Inscriptions et présence",
  columns: [
    { key: "label", label: "Mesure" },
    { key: "current", label: "mars 2026" },
    { key: "previous", label: "février 2026" },
  ],
  rows: [
    { label: { text: "Inscriptions" }, current: { count: 20 }, previous: { count: 10 } },
    { label: { text: "Absents" }, current: { masked: true }, previous: { count: 0 } },
    { label: { text: "Taux de présence" }, current: { rate: 0.75 }, previous: { empty: true } },
  ],
  chart: { kind: "bars", labelKey: "label", valueKeys: ["current", "previous"], rows: [0, 1] },
};

describe("an indicator's chart", () => {
  it("draws bars in proportion, hidden figures as '< 5', and leaves the rate to the table", () => {
    const chart = chartOf(table)!;
    expect(chart.legend.map((entry) => entry.label)).toEqual(["mars 2026", "février 2026"]);
    expect(chart.groups.map((group) => group.label)).toEqual(["Inscriptions", "Absents"]);
    const [registrations, absent] = chart.groups;
    expect(registrations!.bars[0]!.width).toBeCloseTo(2 * registrations!.bars[1]!.width);
    expect(registrations!.bars[0]!.text).toBe("20");
    expect(absent!.bars[0]).toMatchObject({ kind: "masked", text: "< 5" });
    expect(absent!.bars[1]).toMatchObject({ kind: "value", width: 0, text: "0" });
    expect(chart.ticks.at(-1)!.label).toBe("20");
  });

  it("puts rates on a percent axis", () => {
    const rates = chartOf({
      ...table,
      rows: [table.rows[2]!],
      chart: { kind: "bars", labelKey: "label", valueKeys: ["current", "previous"] },
    })!;
    // Written as the tables write them (French percent, a no-break space before %).
    expect(rates.ticks.at(-1)!.label).toBe(cellText({ rate: 1 }));
    expect(rates.groups[0]!.bars[0]!.text).toBe(cellText({ rate: 0.75 }));
    expect(cellText({ rate: 0.75 })).toMatch(/^75\s%$/);
    expect(rates.groups[0]!.bars[1]!.kind).toBe("empty");
  });
});
