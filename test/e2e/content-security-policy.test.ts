// The board and the phone screen work under the Content-Security-Policy with not one violation:
// every refusal the browser makes is caught twice, as a `securitypolicyviolation` event in the page
// and as a console message, while a facilitator draws a note and a participant posts from a phone.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANDROID_PHONE as PHONE } from "./browser.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { boxOf } from "./canvas.js";
import { t } from "../../app/i18n/index.js";

/** Everything the browser says about the policy on this context's pages. */
function watchPolicy(context: BrowserContext): string[] {
  const seen: string[] = [];
  void context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`securitypolicyviolation ${event.effectiveDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  context.on("console", (message) => {
    const text = message.text();
    if (/securitypolicyviolation|Content Security Policy|Refused to|Permissions-Policy|Permissions policy/i.test(text)) seen.push(text);
  });
  context.on("weberror", (error) => seen.push(`page error: ${error.error().message}`));
  return seen;
}

/**
 * Every answer to a request for tldraw's own files (/tldraw-assets/…) on this context's pages, a
 * request that failed outright counted as status 0. A missing asset is no policy violation: without
 * this the board passed with blank squares for icons and English labels.
 */
function watchTldrawAssets(context: BrowserContext): { path: string; status: number }[] {
  const answers: { path: string; status: number }[] = [];
  const pathOf = (url: string) => new URL(url).pathname;
  context.on("response", (response) => {
    const path = pathOf(response.url());
    if (path.startsWith("/tldraw-assets/")) answers.push({ path, status: response.status() });
  });
  context.on("requestfailed", (request) => {
    const path = pathOf(request.url());
    if (path.startsWith("/tldraw-assets/")) answers.push({ path, status: 0 });
  });
  return answers;
}

describe("the pages work under the Content-Security-Policy", () => {
  let product: RunningProduct;

  beforeAll(async () => {
    product = await startProduct();
  });
  afterAll(() => product?.close());

  it("the facilitator's board: tldraw loads its self-hosted assets and a note is drawn, no violation", async () => {
    const facilitator = await product.signIn("/sessions");
    const seen = watchPolicy(facilitator.context());
    const assets = watchTldrawAssets(facilitator.context());
    await facilitator.goto(`${product.base}/sessions/demo-pairs`);
    await facilitator.goto(`${product.base}/board/demo-pairs`);
    const canvas = facilitator.locator(".tl-canvas");
    await canvas.waitFor();
    await canvas.getByText("Ce qui me fait du bien", { exact: true }).first().waitFor();

    const stored = () => product.db.boardUpdate.count({ where: { board: { sessionId: "demo-pairs" } } });
    const before = await stored();
    await facilitator.keyboard.press("n");
    const box = await boxOf(canvas);
    await facilitator.mouse.click(box.x + 160, box.y + 160);
    await facilitator.locator('.tl-canvas [contenteditable="true"]:focus').waitFor();
    await facilitator.keyboard.type("Sous la politique de sécurité");
    await facilitator.keyboard.press("Escape");
    await canvas.getByText("Sous la politique de sécurité").first().waitFor();
    // The note went through the board's WebSocket, which the policy must let through: it is stored.
    await expect.poll(stored).toBeGreaterThan(before);
    // Fonts are what tldraw asks for last (the note's text): wait until they are in.
    await facilitator.evaluate(() => document.fonts.ready.then(() => undefined));
    expect(seen).toEqual([]);

    // tldraw's icons, translations and fonts all came from us, none missing.
    expect(assets.filter(({ status }) => status !== 200 && status !== 304)).toEqual([]);
    for (const folder of ["icons", "translations", "fonts"]) {
      expect(
        assets.some(({ path }) => path.startsWith(`/tldraw-assets/${folder}/`)),
        folder,
      ).toBe(true);
    }
    // A toolbar icon is drawn as a CSS mask cut from one sprite: the sprite it names is an SVG that
    // holds the very shape it asks for (a 404 there leaves a blank square, and the page goes on).
    const icon = await facilitator
      .locator(".tlui-toolbar .tlui-icon")
      .first()
      .evaluate(async (element) => {
        const url = /url\("?([^")]*)"?\)/.exec(getComputedStyle(element).maskImage)?.[1] ?? "";
        const answer = await fetch(url);
        const shape = new URL(url, location.href).hash.slice(1);
        const drawn = (await answer.text()).includes(`id="${shape}"`);
        return { url, status: answer.status, type: answer.headers.get("content-type"), shape, drawn };
      });
    expect(icon).toMatchObject({ status: 200, type: expect.stringMatching(/^image\/svg\+xml/), drawn: true });
    expect(icon.url).toMatch(/^(http:\/\/[^/]+)?\/tldraw-assets\/icons\//);
    expect(icon.shape).not.toBe("");
  });

  it("a participant's phone screen: join, post a card, no violation", async () => {
    const context = await product.browser.newContext(PHONE);
    const seen = watchPolicy(context);
    const page: Page = await context.newPage();
    await page.goto(`${product.base}/join`);
    await page.getByLabel(t("join.code")).fill("par7ag");
    await page.getByLabel(t("join.name")).fill("Awa");
    await page.getByRole("button", { name: t("contribute.join.phone") }).tap();
    await page.waitForURL(/\/contribute\//);
    const box = page.getByRole("textbox", { name: t("contribute.text.label") });
    await box.fill("Une carte sous CSP");
    await page.getByRole("button", { name: t("contribute.send") }).tap();
    await expect.poll(() => box.inputValue()).toBe("");
    await page.getByRole("link", { name: t("contribute.board.link") }).click();
    await page.locator(".tl-canvas").getByText("Une carte sous CSP").first().waitFor();
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    expect(seen).toEqual([]);
    await context.close();
  });
});
