// The join page is plain HTML (issue 13, decision 011): no Remix or React script reaches the phone
// that has just scanned the code, the form is posted by the browser itself, and it fetches the phone
// screen's modules meanwhile. It works with JavaScript off; with JavaScript on, the phone screen that
// follows opens its socket from its HTML and the screen takes that one instead of a second.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANDROID_PHONE as PHONE } from "./browser.js";
import { refusal } from "./console-watch.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { t } from "../../app/i18n/index.js";

// The demo peer workshop (prisma/seed.ts).
const SESSION_ID = "demo-pairs";
const JOIN_CODE = "PAR7AG";

describe("the join page, a plain form", () => {
  let product: RunningProduct;
  beforeAll(async () => {
    product = await startProduct();
  });
  afterAll(() => product?.close());

  it("ships no Remix or React script, and preloads the phone screen's modules instead", async () => {
    const page = await (await product.browser.newContext(PHONE)).newPage();
    const scripts: string[] = [];
    page.on("request", (request) => {
      if (request.resourceType() === "script") scripts.push(request.url());
    });
    await page.goto(`${product.base}/join`, { waitUntil: "load" });
    const found = await page.evaluate(() => ({
      remix: "__remixContext" in window || "__remixManifest" in window,
      moduleScripts: document.querySelectorAll('script[type="module"], script[src]').length,
      inline: [...document.querySelectorAll("script")].map((script) => script.textContent ?? ""),
      preloads: [...document.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]')].map((link) => link.getAttribute("href")),
    }));
    expect(found.remix).toBe(false);
    expect(found.moduleScripts).toBe(0);
    expect(found.inline.filter((text) => /remix|import\s*\(|import\s+"/i.test(text))).toEqual([]);
    // Fetched ahead of time (modulepreload), never run on this page: the route manifest, the entry and the phone screen's route.
    const manifestHref = found.preloads.find((href) => /\/build\/manifest-[^/]+\.js$/.test(href ?? ""));
    expect(manifestHref, found.preloads.join(", ")).toBeTruthy();
    const manifest = (await (await page.request.get(`${product.base}${manifestHref}`)).text()).replace(
      /^window\.__remixManifest=|;\s*$/g,
      "",
    );
    const routes = (JSON.parse(manifest) as { entry: { module: string }; routes: Record<string, { module: string }> }).routes;
    expect(found.preloads).toContain(routes["routes/contribute.$sessionId"].module);
    expect(found.preloads).toContain(routes.root.module);
    // The board's chunk is not among them.
    expect(found.preloads).not.toContain(routes["routes/board.$sessionId"].module);
    expect(scripts.filter((url) => !found.preloads.some((href) => href && url.endsWith(href)))).toEqual([]);
    // The same for the join link of a session.
    await page.goto(`${product.base}/join/${JOIN_CODE}`);
    expect(await page.evaluate(() => "__remixContext" in window || document.querySelectorAll('script[type="module"]').length > 0)).toBe(
      false,
    );
  });

  it("with JavaScript off: French errors from the server, the code from the link, then the phone screen", async () => {
    product.allowConsoleErrors(refusal(400, "/join"));
    const context = await product.browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    // A wrong code and no name: both fields say what is wrong, linked to their input.
    await page.goto(`${product.base}/join`);
    await page.getByLabel(t("join.code")).fill("AB");
    const [answer] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === "POST"),
      page.getByRole("button", { name: t("contribute.join.phone") }).click(),
    ]);
    expect(answer.status()).toBe(400);
    await page.getByText(t("session.errors.summary")).waitFor();
    for (const [field, error] of [
      ["code", "join.error.code"],
      ["displayName", "join.error.name"],
    ] as const) {
      await page
        .locator(`#${field}-error`)
        .filter({ hasText: t(error) })
        .waitFor();
      expect(await page.locator(`input[name="${field}"]`).getAttribute("aria-describedby")).toContain(`${field}-error`);
      expect(await page.locator(`input[name="${field}"]`).getAttribute("aria-invalid")).toBe("true");
    }
    // What was typed comes back in the field.
    expect(await page.getByLabel(t("join.code")).inputValue()).toBe("AB");

    // The join link fills the code in; a first name is enough.
    await page.goto(`${product.base}/join/${JOIN_CODE}`);
    expect(await page.getByLabel(t("join.code")).inputValue()).toBe(JOIN_CODE);
    await page.getByLabel(t("join.name")).fill("Nour");
    await page.getByRole("button", { name: t("contribute.join.phone") }).click();
    await page.waitForURL(`${product.base}/contribute/${SESSION_ID}`);
    await page.getByTestId("contribute-connection").waitFor();
    expect(await product.db.participant.count({ where: { sessionId: SESSION_ID, displayName: "Nour" } })).toBe(1);

    // Joining again from the same browser keeps the seat: the same screen, no second participant.
    await page.goto(`${product.base}/join/${JOIN_CODE}`);
    await page.getByLabel(t("join.name")).fill("Nour");
    await page.getByRole("button", { name: t("contribute.join.phone") }).click();
    await page.waitForURL(`${product.base}/contribute/${SESSION_ID}`);
    expect(await product.db.participant.count({ where: { sessionId: SESSION_ID, displayName: "Nour" } })).toBe(1);
    await context.close();
  });

  it("with JavaScript on: the error summary takes the focus, and the phone screen connects with the socket its HTML opened", async () => {
    product.allowConsoleErrors(refusal(400, "/join"));
    const page = await (await product.browser.newContext(PHONE)).newPage();
    await page.goto(`${product.base}/join`);
    await page.getByRole("button", { name: t("contribute.join.phone") }).click();
    await page.getByText(t("session.errors.summary")).waitFor();
    expect(await page.evaluate(() => document.activeElement?.classList.contains("error-summary"))).toBe(true);

    const sockets: string[] = [];
    page.on("websocket", (socket) => sockets.push(socket.url()));
    await page.getByLabel(t("join.code")).fill(JOIN_CODE);
    await page.getByLabel(t("join.name")).fill("Issa");
    await page.getByRole("button", { name: t("contribute.join.phone") }).click();
    await page.waitForURL(`${product.base}/contribute/${SESSION_ID}`);
    await page
      .getByTestId("contribute-connection")
      .filter({ hasText: t("contribute.connection.online") })
      .waitFor();
    // One socket: the one the page's HTML opened, taken by the screen once hydrated (and no longer left on window).
    expect(sockets.filter((url) => url.includes(`/yjs/${SESSION_ID}`))).toHaveLength(1);
    expect(await page.evaluate(() => (window as { __atelierPhoneSocket?: unknown }).__atelierPhoneSocket)).toBe(null);
  });
});
