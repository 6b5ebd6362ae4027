// The pictograms on the participant's screens are drawn, not typed: inline SVG that needs no emoji
// font (an old phone without one showed empty boxes, issue 13), hidden from screen readers since the
// words beside them say it all.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANDROID_PHONE } from "./browser.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { t } from "../../app/i18n/index.js";

/** Emoji and the other pictographic characters a phone needs an emoji font for. */
const PICTOGRAPHIC = /[\p{Extended_Pictographic}\u{FE0F}]/u;

async function pictograms(page: Page) {
  const text = await page.locator("main").innerText();
  const svgs = await page.locator("main svg.picto").evaluateAll((icons) =>
    icons.map((icon) => ({
      hidden: icon.getAttribute("aria-hidden"),
      name: icon.getAttribute("data-picto"),
      paths: icon.querySelectorAll("path, circle, rect, line, polyline").length,
    })),
  );
  return { emoji: [...text].filter((char) => PICTOGRAPHIC.test(char)), svgs };
}

describe("pictograms on the participant's screens", () => {
  let product: RunningProduct;
  beforeAll(async () => {
    product = await startProduct();
  });
  afterAll(() => product?.close());

  it("the join page and the phone screen show SVG pictograms, hidden from screen readers, and no emoji", async () => {
    const context = await product.browser.newContext(ANDROID_PHONE);
    const page = await context.newPage();
    await page.goto(`${product.base}/join`);
    const join = await pictograms(page);
    expect(join.emoji).toEqual([]);
    expect(join.svgs.map((svg) => svg.name)).toEqual(expect.arrayContaining(["write", "board"]));

    await page.locator('input[name="code"]').fill("PAR7AG");
    await page.locator('input[name="displayName"]').fill("Awa");
    await page.getByRole("button", { name: t("contribute.join.phone") }).tap();
    await page
      .getByTestId("contribute-connection")
      .filter({ hasText: t("contribute.connection.online") })
      .waitFor();
    await page.getByTestId("contribute-step").waitFor();
    const screen = await pictograms(page);
    expect(screen.emoji).toEqual([]);
    expect(screen.svgs.map((svg) => svg.name)).toEqual(
      expect.arrayContaining(["online", "person", "step", "prompt", "write", "send", "board"]),
    );
    for (const svg of [...join.svgs, ...screen.svgs]) {
      expect(svg.hidden).toBe("true");
      // Drawn: each icon has shapes in it, not an empty box.
      expect(svg.paths).toBeGreaterThan(0);
    }
    // The buttons are still named by their words alone.
    await page.getByRole("button", { name: t("contribute.send") }).waitFor();
    await context.close();
  });
});
