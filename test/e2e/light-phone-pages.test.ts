// The participant's pages are light (docs/decisions/024): the join page runs no script, the phone
// screen runs one small Preact file taken over from the page React rendered on the server. What a
// phone asks for on the way in, and that the screen taken over is the same as the one rendered.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANDROID_PHONE as PHONE } from "./browser.js";
import { refusal } from "./console-watch.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { t } from "../../app/i18n/index.js";

// The demo peer workshop (prisma/seed.ts).
const SESSION_ID = "demo-pairs";
const JOIN_CODE = "PAR7AG";

/** "Écrire depuis ce téléphone", then the phone screen at its address, connected. */
async function tapAndConnect(page: Page) {
  await page.getByRole("button", { name: t("contribute.join.phone") }).click();
  await page.waitForURL(new RegExp(`/contribute/${SESSION_ID}$`));
  await page
    .getByTestId("contribute-connection")
    .filter({ hasText: t("contribute.connection.online") })
    .waitFor();
}

describe("the participant's light pages", () => {
  let product: RunningProduct;
  beforeAll(async () => {
    product = await startProduct();
  });
  afterAll(() => product?.close());

  it("join: no script runs, the screen's file comes while the person types; after the tap, one post answered with the screen, and one socket", async () => {
    const context = await product.browser.newContext(PHONE);
    const page = await context.newPage();
    const requests: string[] = [];
    const sockets: string[] = [];
    page.on("request", (request) => requests.push(`${request.method()} ${new URL(request.url()).pathname}`));
    page.on("websocket", (socket) => sockets.push(new URL(socket.url()).pathname));
    await page.goto(`${product.base}/join`);
    // Nothing of Remix or React on the join page: no script file (one inline line keeps a form from
    // being posted twice), the screen's file preloaded.
    expect(await page.locator("script[src]").count()).toBe(0);
    expect(await page.locator("script").count()).toBe(1);
    const preload = await page.locator('link[rel="modulepreload"]').getAttribute("href");
    expect(preload).toMatch(/^\/build\/light\/phone-[A-Z0-9]+\.js$/);
    await page.waitForLoadState("load");
    expect(requests).toContain(`GET ${preload}`);
    expect(requests.some((line) => /\/build\/(entry|_shared|root|routes)/.test(line))).toBe(false);

    requests.length = 0;
    await page.getByLabel(t("join.code")).fill(JOIN_CODE.toLowerCase());
    await page.getByLabel(t("join.name")).fill("Salomé");
    await page.getByRole("button", { name: t("contribute.join.phone") }).click();
    await page.waitForURL(`${product.base}/contribute/${SESSION_ID}`);
    const online = page.getByTestId("contribute-connection").filter({ hasText: t("contribute.connection.online") });
    await online.waitFor();
    const step = page.getByText(t("contribute.step", { number: 1, total: 5 }));
    await step.waitFor();
    // The post, answered with the screen itself (its address put in the history by the page; its
    // script from the cache), nothing of Remix; one socket, opened by the page's HTML.
    const asked = requests.filter((line) => !line.startsWith("GET /favicon"));
    expect(asked.filter((line) => !line.startsWith("GET /build/"))).toEqual(["POST /join"]);
    expect(asked.some((line) => /\.data$|\/build\/(entry|_shared|root|routes)/.test(line))).toBe(false);
    expect(sockets).toEqual([`/yjs/${SESSION_ID}`]);
    expect(await page.locator(`script[type="module"][src="${preload}"]`).count()).toBe(1);

    const seen = await page.locator("main").innerText();
    expect(seen).toContain("Salomé");
    // A reload asks for the screen (its address), not for the post again.
    requests.length = 0;
    await page.reload();
    await online.waitFor();
    await step.waitFor();
    expect(await page.locator("main").innerText()).toBe(seen);
    expect(requests.filter((line) => !/^GET \/(build|favicon)/.test(line))).toEqual([`GET /contribute/${SESSION_ID}`]);
    expect(await product.db.participant.count({ where: { sessionId: SESSION_ID, displayName: "Salomé" } })).toBe(1);
    await context.close();
  });

  it("a second tap while the join is on its way is not posted again, and the form can be posted after coming back", async () => {
    const context = await product.browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${product.base}/join/${JOIN_CODE}`);
    await page.getByLabel(t("join.name")).fill("Ibrahima");
    // Two taps before the first answer: the second submit is held back by the page (a listener added
    // after the page's own sees it prevented), so the browser posts once.
    const prevented = await page.evaluate(() => {
      const seen: boolean[] = [];
      addEventListener("submit", (event) => seen.push(event.defaultPrevented));
      const form = document.querySelector("form")!;
      const button = form.querySelector<HTMLButtonElement>('button[value="phone"]')!;
      form.requestSubmit(button);
      form.requestSubmit(button);
      return seen;
    });
    expect(prevented).toEqual([false, true]);
    await page.waitForURL(`${product.base}/contribute/${SESSION_ID}`);
    await page
      .getByTestId("contribute-connection")
      .filter({ hasText: t("contribute.connection.online") })
      .waitFor();
    expect(await product.db.participant.count({ where: { sessionId: SESSION_ID, displayName: "Ibrahima" } })).toBe(1);
    // Back to the form (kept by the browser or loaded again): it can be posted again.
    await page.goBack();
    await page.getByLabel(t("join.name")).fill("Ibrahima");
    await tapAndConnect(page);
    await context.close();
  });

  it("a join refused for its fields comes back with the focus on the summary of errors", async () => {
    // The unknown code is answered 404, on purpose.
    product.allowConsoleErrors(refusal(404, /\/join/));
    const page = await (await product.browser.newContext(PHONE)).newPage();
    await page.goto(`${product.base}/join`);
    await page.getByLabel(t("join.code")).fill("ZZZZZZ");
    await page.getByLabel(t("join.name")).fill("Salomé");
    await page.getByRole("button", { name: t("contribute.join.phone") }).click();
    await page
      .locator("#code-error")
      .filter({ hasText: t("join.error.unknown") })
      .waitFor();
    expect(await page.evaluate(() => document.activeElement?.className)).toBe("error-summary");
    expect(new URL(page.url()).pathname).toBe("/join");
    await page.context().close();
  });

  it("a name that tries to close the page's data and run a script is shown as written, and nothing runs", async () => {
    const context = await product.browser.newContext(PHONE);
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${product.base}/join/${JOIN_CODE}`);
    const name = "</script><img src=x onerror=alert(1)>";
    await page.getByLabel(t("join.name")).fill(name.slice(0, 40));
    await tapAndConnect(page);
    expect(await page.locator("main").innerText()).toContain(name.slice(0, 40));
    expect(await page.locator("img").count()).toBe(0);
    expect(dialogs).toEqual([]);
    await context.close();
  });
});
