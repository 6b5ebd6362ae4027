// After the tap on "Écrire depuis ce téléphone", the join answer carries the phone screen's data and the
// page goes there without asking the server a second time (issue 13: one round trip less on a slow
// network; app/contribute/hand-over.ts). The screen must be the same as when it is loaded as a page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANDROID_PHONE as PHONE } from "./browser.js";
import { refusal } from "./console-watch.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { t } from "../../app/i18n/index.js";

// The demo peer workshop (prisma/seed.ts).
const SESSION_ID = "demo-pairs";
const JOIN_CODE = "PAR7AG";

describe("the phone screen handed over by the join answer", () => {
  let product: RunningProduct;
  beforeAll(async () => {
    product = await startProduct();
  });
  afterAll(() => product?.close());

  it("opens connected after one request and one socket, shows what a reload shows, and keeps one seat", async () => {
    const context = await product.browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${product.base}/join`);
    await page.getByLabel(t("join.code")).fill(JOIN_CODE);
    await page.getByLabel(t("join.name")).fill("Salomé");
    // Hydrated: the form then asks for the hand-over (a browser's own post gets a redirect).
    await page.locator('input[type="hidden"][name="handOver"]').waitFor({ state: "attached" });

    const requests: string[] = [];
    const sockets: string[] = [];
    page.on("request", (request) => requests.push(`${request.method()} ${new URL(request.url()).pathname}`));
    page.on("websocket", (socket) => sockets.push(new URL(socket.url()).pathname));
    await page.getByRole("button", { name: t("contribute.join.phone") }).click();
    await page.waitForURL(`${product.base}/contribute/${SESSION_ID}`);
    const online = page.getByTestId("contribute-connection").filter({ hasText: t("contribute.connection.online") });
    await online.waitFor();

    // One POST, answered with the screen; no data request for the screen nor for the layout.
    expect(requests.filter((line) => !line.startsWith("GET /build/") && !line.startsWith("GET /favicon"))).toEqual(["POST /join.data"]);
    expect(sockets).toEqual([`/yjs/${SESSION_ID}`]);
    // The step comes over the socket (the facilitation channel), after "Connecté".
    const step = page.getByText(t("contribute.step", { number: 1, total: 5 }));
    await step.waitFor();
    const seen = await page.locator("main").innerText();
    expect(seen).toContain("Salomé");

    // Going back to the join page: the form, not a stale answer; the screen again through the form.
    await page.goBack();
    await page.getByLabel(t("join.code")).waitFor();
    await page.getByLabel(t("join.code")).fill(JOIN_CODE);
    await page.getByLabel(t("join.name")).fill("Salomé");
    await page.getByRole("button", { name: t("contribute.join.phone") }).click();
    await page.waitForURL(`${product.base}/contribute/${SESSION_ID}`);
    await online.waitFor();

    // Loaded as a page, the same screen.
    await page.reload();
    await online.waitFor();
    await step.waitFor();
    expect(await page.locator("main").innerText()).toBe(seen);
    expect(await product.db.participant.count({ where: { sessionId: SESSION_ID, displayName: "Salomé" } })).toBe(1);
    await context.close();
  });

  it("a wrong code still answers on the form, with its French error, and nothing is handed over", async () => {
    // The unknown code is answered 404, on purpose.
    product.allowConsoleErrors(refusal(404, /\/join(\.data)?/));
    const page = await (await product.browser.newContext(PHONE)).newPage();
    await page.goto(`${product.base}/join`);
    await page.locator('input[type="hidden"][name="handOver"]').waitFor({ state: "attached" });
    await page.getByLabel(t("join.code")).fill("ZZZZZZ");
    await page.getByLabel(t("join.name")).fill("Salomé");
    await page.getByRole("button", { name: t("contribute.join.phone") }).click();
    await page
      .locator("#code-error")
      .filter({ hasText: t("join.error.unknown") })
      .waitFor();
    expect(new URL(page.url()).pathname).toBe("/join");
  });
});
