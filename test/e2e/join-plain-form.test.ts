// The join page works as a plain HTML form (JavaScript off, or a tap before React has hydrated on a
// slow phone): the server answers with its French errors and its redirects. The phone screen loaded
// as a page opens its socket from its HTML (issue 13, decision 011), and the screen takes that one
// instead of opening a second.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANDROID_PHONE as PHONE } from "./browser.js";
import { refusal } from "./console-watch.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { t } from "../../app/i18n/index.js";

// The demo peer workshop (prisma/seed.ts).
const SESSION_ID = "demo-pairs";
const JOIN_CODE = "PAR7AG";

describe("the join page without JavaScript, and the phone screen's early socket", () => {
  let product: RunningProduct;
  beforeAll(async () => {
    product = await startProduct();
  });
  afterAll(() => product?.close());

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
    // The post is answered with the phone screen itself (server/http/remix-pages.ts); without script
    // its address stays the join form's (the page's inline script would have put its own).
    await page.getByTestId("contribute-connection").waitFor();
    expect(new URL(page.url()).pathname).toBe(`/join/${JOIN_CODE}`);
    expect(await product.db.participant.count({ where: { sessionId: SESSION_ID, displayName: "Nour" } })).toBe(1);

    // Joining again from the same browser keeps the seat: the same screen, no second participant.
    await page.goto(`${product.base}/join/${JOIN_CODE}`);
    await page.getByLabel(t("join.name")).fill("Nour");
    await page.getByRole("button", { name: t("contribute.join.phone") }).click();
    await page.getByTestId("contribute-connection").waitFor();
    expect(await product.db.participant.count({ where: { sessionId: SESSION_ID, displayName: "Nour" } })).toBe(1);
    await context.close();
  });

  it("the phone screen loaded as a page connects on the socket its HTML opened", async () => {
    const page = await (await product.browser.newContext(PHONE)).newPage();
    await page.goto(`${product.base}/join/${JOIN_CODE}`);
    await page.getByLabel(t("join.name")).fill("Issa");
    await page.getByRole("button", { name: t("contribute.join.phone") }).click();
    await page.waitForURL(`${product.base}/contribute/${SESSION_ID}`);
    const online = page.getByTestId("contribute-connection").filter({ hasText: t("contribute.connection.online") });
    await online.waitFor();
    // Reloaded (as an old phone does with a tab it had to drop): one new socket, the one the page's
    // HTML opened before the screen's script ran, taken by the screen once hydrated (and no longer left on window).
    const sockets: string[] = [];
    page.on("websocket", (socket) => sockets.push(socket.url()));
    await page.reload();
    await online.waitFor();
    expect(sockets.filter((url) => url.includes(`/yjs/${SESSION_ID}`))).toHaveLength(1);
    expect(await page.evaluate(() => (window as { __atelierPhoneSocket?: unknown }).__atelierPhoneSocket)).toBe(null);
    const inline = await page.evaluate(() => [...document.querySelectorAll("main script:not([src])")].map((script) => script.textContent));
    expect(inline.some((text) => text?.includes("__atelierPhoneSocket"))).toBe(true);
  });
});
