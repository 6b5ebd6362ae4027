import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { violations } from "./axe.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { t } from "../../app/i18n/index.js";

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

describe("the session report: the facilitator reads what the group wrote and downloads it", () => {
  let product: RunningProduct;
  beforeAll(async () => {
    product = await startProduct();
  });
  afterAll(() => product?.close());

  it("after a phone posted a card, the report shows the board's image and the card, and the PDF downloads", async () => {
    const phone = await (await product.browser.newContext(PHONE)).newPage();
    await phone.goto(`${product.base}/join/PAR7AG`);
    await phone.getByLabel(t("join.name")).fill("Awa");
    await phone.getByRole("button", { name: t("contribute.join.phone") }).tap();
    await phone.waitForURL(`${product.base}/contribute/demo-pairs`);
    await phone
      .getByTestId("contribute-connection")
      .filter({ hasText: t("contribute.connection.online") })
      .waitFor();
    await phone.getByRole("textbox", { name: t("contribute.text.label") }).fill("Je sais réparer un vélo");
    await phone.getByRole("button", { name: t("contribute.send") }).tap();
    await phone
      .getByTestId("contribute-sent")
      .filter({ hasText: t("contribute.sent") })
      .waitFor();

    const page = await product.signIn("/sessions/demo-pairs");
    await page.getByRole("link", { name: t("report.link") }).click();
    await page.waitForURL(`${product.base}/sessions/demo-pairs/report`);
    await page.getByRole("heading", { level: 1, name: t("report.title") }).waitFor();
    await page.getByTestId("report-card").filter({ hasText: "Je sais réparer un vélo" }).waitFor();
    await page.getByText(t("report.unsigned")).waitFor();
    expect(await page.getByText("Awa").count()).toBe(0);

    const image = page.getByRole("img", { name: /Image du tableau\. Zones : \d+\. Cartes : 1\./ });
    await image.waitFor();
    expect(await image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth)).toBeGreaterThan(0);

    await page.getByLabel(t("report.decisions.label")).fill("Prochaine séance en janvier.");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: t("report.download.pdf") }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("compte-rendu-atelier-entre-pairs-mes-forces.pdf");
    const bytes = await readFile(await download.path());
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");

    expect(await violations(page), "/sessions/demo-pairs/report").toEqual([]);
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: "/tmp/report-360.png", fullPage: true });
  });
});
