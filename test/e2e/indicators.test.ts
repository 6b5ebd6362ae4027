// The indicators pages in a browser (issue 16): a structure's, a series', a coordinator's network
// and the coordination form meet WCAG 2.2 A/AA (axe-core) on a phone and a desktop, draw a chart
// beside each table, and show "< 5" for small figures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { t } from "../../app/i18n/index.js";
import * as seed from "../support/indicator-history.js";
import { violations } from "./axe.js";
import { refusal } from "./console-watch.js";
import { startProduct, type RunningProduct } from "./harness.js";

const STRUCTURE = "demo-structure";
const MARCH = "period=month&year=2026&month=3";

describe("indicators pages", () => {
  let product: RunningProduct;
  let seriesId: string;
  beforeAll(async () => {
    product = await startProduct();
    const { db } = product;
    const facilitator = await db.membership.findFirstOrThrow({ where: { structureId: STRUCTURE }, select: { userId: true } });
    const base = { structureId: STRUCTURE, createdById: facilitator.userId };
    const first = await seed.session(db, { ...base, day: "2026-03-05" });
    await seed.registrations(db, first, { present: 8, absent: 2 });
    await seed.participants(db, first, { unlinked: 6 });
    await seed.answers(db, first, { id: "accueil", label: "Je me suis senti·e accueilli·e", scale: 5 }, [5, 5, 5, 5, 5, 4, 2]);
    const second = await seed.session(db, {
      ...base,
      day: "2026-03-19",
      kind: "information_session",
      templateId: "information-avant-diagnostic",
    });
    await seed.registrations(db, second, { present: 5 });
    const series = await db.practiceSeries.create({
      data: {
        title: "Série de test",
        territory: "Test",
        theme: "Mobilité",
        createdById: facilitator.userId,
        members: { create: [{ structureId: STRUCTURE, position: 0 }] },
      },
    });
    seriesId = series.id;
    for (const membership of await db.membership.findMany({ where: { structureId: STRUCTURE } })) {
      await db.networkCoordinator.create({ data: { structureId: STRUCTURE, userId: membership.userId, grantedById: membership.userId } });
    }
  });
  afterAll(() => product?.close());

  it("a structure's indicators: a chart and a table for each indicator, '< 5' for small figures, no WCAG violation", async () => {
    const page = await product.signIn(`/structures/${STRUCTURE}/indicateurs?${MARCH}`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    // Wait for the page itself (the heading may still be the sign-in's while it navigates).
    const chart = page.getByRole("img", { name: t("indicators.chart.label", { title: t("indicators.attendance.title") }) });
    await expect.poll(() => chart.count()).toBe(1);
    const attendance = page.getByRole("table", { name: t("indicators.table.caption", { title: t("indicators.attendance.title") }) });
    await expect.poll(() => attendance.getByRole("row", { name: /Inscriptions/ }).textContent()).toContain("15");
    expect(
      await page.getByRole("table", { name: t("indicators.table.caption", { title: t("indicators.satisfaction.title") }) }).textContent(),
    ).toContain("< 5");
    expect(await page.getByRole("link", { name: t("indicators.exports.csv") }).getAttribute("href")).toContain(".csv?");
    expect(await violations(page)).toEqual([]);
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await violations(page), "360 px").toEqual([]);
    // The period selector is a GET form: choosing a year changes the address and the figures.
    await page.getByLabel(t("indicators.period.kind")).selectOption("year");
    await page.getByRole("button", { name: t("indicators.period.show") }).click();
    await page.waitForURL(/period=year/);
    expect(await violations(page), "a year").toEqual([]);
  });

  it("the series' and the network's indicators, and the coordination form with an error", async () => {
    product.allowConsoleErrors(refusal(400, /\/structures\/demo-structure\/coordination(\.data)?/));
    const page = await product.signIn(`/series/${seriesId}/indicateurs?${MARCH}`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    expect(await violations(page), "series").toEqual([]);
    await page.goto(`${product.base}/reseau/indicateurs?${MARCH}`);
    await page.getByRole("table", { name: t("indicators.table.caption", { title: t("indicators.territories.title") }) }).waitFor();
    expect(await violations(page), "network").toEqual([]);
    await page.goto(`${product.base}/structures/${STRUCTURE}/coordination`);
    await page.getByLabel(t("coordinators.email")).fill("personne@nulle-part.fr");
    await page.getByRole("button", { name: t("coordinators.add") }).click();
    await page.getByText(t("coordinators.error.unknown")).waitFor();
    expect(await violations(page), "coordination with an error").toEqual([]);
  });
});
