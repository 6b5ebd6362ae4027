// The join page puts the way in first and says what we keep in short plain sentences, with the
// full text one link away; a closed session says so everywhere and takes nobody in, kindly.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { violations } from "./axe.js";
import { ANDROID_PHONE as PHONE } from "./browser.js";
import { refusal } from "./console-watch.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { boxOf } from "./canvas.js";
import { t } from "../../app/i18n/index.js";
import { DEFAULT_PERIODS, joinNoticeLines } from "../../app/privacy/notice.js";

/** Whether `first` comes before `second` in the page, as a screen reader or a small screen reads it. */
async function comesBefore(page: Page, first: string, second: string): Promise<boolean> {
  return page.evaluate(
    ([a, b]) => {
      const one = document.querySelector(a);
      const two = document.querySelector(b);
      if (!one || !two) throw new Error(`missing ${one ? b : a}`);
      return Boolean(one.compareDocumentPosition(two) & Node.DOCUMENT_POSITION_FOLLOWING);
    },
    [first, second] as const,
  );
}

describe("joining: the way in first, and a closed session says so", () => {
  let product: RunningProduct;
  beforeAll(async () => {
    product = await startProduct();
  });
  afterAll(() => product?.close());

  it("the buttons come before « Ce que nous gardons », told in short sentences, with a link to the full text; axe is clean", async () => {
    const page = await (await product.browser.newContext(PHONE)).newPage();
    await page.goto(`${product.base}/join/PAR7AG`);
    expect(await comesBefore(page, 'button[value="phone"]', "#ce-que-nous-gardons")).toBe(true);
    expect(await comesBefore(page, 'button[value="board"]', "#ce-que-nous-gardons")).toBe(true);
    // The simple way in shows on the first screen of a 360 × 740 phone, without scrolling.
    const box = await boxOf(page.getByRole("button", { name: t("contribute.join.phone") }));
    expect(box.y).toBeLessThan(740);
    // FALC: one idea a sentence, short sentences.
    const lines = (await page.getByTestId("join-privacy").getByRole("listitem").allTextContents()).map((line) => line.trim());
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const line of lines) {
      expect(line.split(/\s+/).length, line).toBeLessThanOrEqual(12);
      expect(line.split(/[.!?](\s|$)/).filter((part) => part && part.trim()).length, line).toBeLessThanOrEqual(2);
    }
    expect(await violations(page), "/join/PAR7AG").toEqual([]);

    // The short notice says how long, from the retention policy (docs/decisions/016).
    for (const line of joinNoticeLines(DEFAULT_PERIODS)) await page.getByTestId("join-privacy").getByText(line).waitFor();
    await page.getByRole("link", { name: t("join.privacy.more") }).tap();
    await page.waitForURL(`${product.base}/confidentialite`);
    for (const heading of [
      "notice.page.join",
      "notice.page.registration",
      "notice.page.space",
      "notice.page.periods",
      "notice.page.rights",
    ] as const) {
      await page.getByRole("heading", { level: 2, name: t(heading) }).waitFor();
    }
    for (const heading of ["privacy.kept.title", "privacy.time.title", "privacy.who.title"] as const) {
      await page.getByRole("heading", { level: 3, name: t(heading) }).waitFor();
    }
    await page.getByText(t("privacy.time.cookie"), { exact: false }).waitFor();
    expect(await page.getByTestId("retention-periods").getByRole("listitem").count()).toBeGreaterThan(10);
    expect(await violations(page), "/confidentialite").toEqual([]);
    // The former address of the full text still leads there.
    await page.goto(`${product.base}/ce-que-nous-gardons`);
    await page.waitForURL(`${product.base}/confidentialite`);
  });

  it("after « Clôturer », the session page, the phone, the board and the join link all say the session is closed", async () => {
    // A participant who took part, on her phone.
    const phone = await (await product.browser.newContext(PHONE)).newPage();
    await phone.goto(`${product.base}/join/PAR7AG`);
    await phone.getByLabel(t("join.name")).fill("Nadia");
    await phone.getByRole("button", { name: t("contribute.join.phone") }).tap();
    await phone.waitForURL(`${product.base}/contribute/demo-pairs`);

    const facilitator = await product.signIn("/sessions/demo-pairs/report");
    await facilitator.getByRole("button", { name: t("report.close") }).click();
    await facilitator.getByText("Séance clôturée le").waitFor();

    await facilitator.goto(`${product.base}/sessions/demo-pairs`);
    await facilitator.getByTestId("session-closed").filter({ hasText: "Séance clôturée le" }).waitFor();
    // The code is no longer offered as a way in.
    expect(await facilitator.getByTestId("join-code").count()).toBe(0);
    expect(await violations(facilitator), "/sessions/demo-pairs closed").toEqual([]);
    await facilitator.goto(`${product.base}/board/demo-pairs`);
    await facilitator.getByTestId("board-closed").waitFor();

    await phone.reload();
    await phone.getByTestId("contribute-closed").waitFor();
    expect(await phone.getByRole("textbox", { name: t("contribute.text.label") }).count()).toBe(0);
    expect(await violations(phone), "/contribute/demo-pairs closed").toEqual([]);

    // Her join link: no form that cannot work, a plain sentence (410, on purpose).
    product.allowConsoleErrors(refusal(410, "/join/PAR7AG"));
    const answer = await phone.goto(`${product.base}/join/PAR7AG`);
    expect(answer?.status()).toBe(410);
    await phone.getByRole("heading", { level: 1, name: t("join.closed.title") }).waitFor();
    expect(await phone.getByRole("textbox").count()).toBe(0);
    expect(await phone.getByRole("button", { name: t("contribute.join.phone") }).count()).toBe(0);
    expect(await violations(phone), "/join/PAR7AG closed").toEqual([]);

    // A stranger gets what an unknown code gets (decision 007): nothing says the code was real.
    // Answered 404 like an unknown code, through Remix or as a plain form post before hydration.
    product.allowConsoleErrors(refusal(404, /\/join\/PAR7AG(\.data)?/));
    const stranger = await (await product.browser.newContext(PHONE)).newPage();
    await stranger.goto(`${product.base}/join/PAR7AG`);
    await stranger.getByLabel(t("join.name")).fill("Inconnue");
    await stranger.getByRole("button", { name: t("contribute.join.phone") }).tap();
    await stranger.getByText(t("join.error.unknown")).waitFor();
    expect(stranger.url()).toBe(`${product.base}/join/PAR7AG`);
  });
});
