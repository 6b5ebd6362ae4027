import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeNote } from "./canvas.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { t } from "../../app/i18n/index.js";

// The demo peer workshop (prisma/seed.ts): template "forces-et-reconnaissance", no anonymous step.
const SESSION_ID = "demo-pairs";
const JOIN_CODE = "PAR7AG";
const NAME = "Zéphyrine";

describe("an anonymous step, marked live by the facilitator", () => {
  let product: RunningProduct;
  let facilitator: Page;
  let phone: Page;

  beforeAll(async () => {
    product = await startProduct();
    facilitator = await product.signIn(`/board/${SESSION_ID}`);
    await facilitator.getByTestId("facilitation-panel").waitFor();
    const context = await product.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    phone = await context.newPage();
    await phone.goto(`${product.base}/join/${JOIN_CODE}`);
    await phone.getByLabel(t("join.name")).fill(NAME);
    await phone.getByRole("button", { name: /téléphone/i }).click();
    await phone.waitForURL(/\/contribute\//);
    await phone.getByTestId("session-timer").waitFor();
  });

  afterAll(() => product?.close());

  async function post(text: string) {
    await phone.getByRole("textbox").fill(text);
    await phone.getByRole("button", { name: t("contribute.send") }).click();
    await facilitator.locator(".tl-canvas").getByText(text).first().waitFor();
  }

  it("cards of the anonymous step, from a phone or a laptop's canvas, show on the board without a name; before it, with one", async () => {
    await post("Une carte avec mon prénom");
    await facilitator.locator(".board-card-author", { hasText: NAME }).first().waitFor();
    expect(await phone.getByTestId("anonymous-step").count()).toBe(0);

    // The box shows the server's state: it turns checked once the server has taken the command.
    await facilitator.getByLabel(t("panel.anonymous")).click();
    await expect.poll(() => facilitator.getByLabel(t("panel.anonymous")).isChecked(), { timeout: 5_000 }).toBe(true);
    await phone.getByText(t("contribute.anonymous")).waitFor();

    await post("Une carte sans prénom");
    // One name under the cards: the first card's. The second has none, now or later.
    await expect.poll(() => facilitator.locator(".board-card-author").count(), { timeout: 5_000 }).toBe(1);
    const overlay = (await facilitator.locator(".board-card-author").allTextContents()).join(" ");
    expect(overlay).toContain(NAME);

    // A card written on a laptop's canvas in the step goes to the board through the server, nameless.
    const laptop = await product.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await laptop.goto(`${product.base}/join/${JOIN_CODE}`);
    await laptop.getByLabel(t("join.name")).fill("Yannick");
    await laptop.getByRole("button", { name: t("contribute.join.board") }).click();
    await laptop.waitForURL(/\/board\//);
    await laptop.getByTestId("tools.select").waitFor();
    await laptop.getByText(t("facilitation.anonymous.on")).waitFor();
    await writeNote(laptop, 200, 300, "Écrite sur le tableau");
    await facilitator.locator(".tl-canvas").getByText("Écrite sur le tableau").first().waitFor();
    // The draft has made way for the server's card: the text shows once on the laptop.
    await expect.poll(() => laptop.locator(".tl-canvas").getByText("Écrite sur le tableau").count(), { timeout: 5_000 }).toBe(1);
    await expect.poll(() => facilitator.locator(".board-card-author").count(), { timeout: 5_000 }).toBe(1);
    expect(await facilitator.locator(".tl-nametag", { hasText: "Yannick" }).count()).toBe(0);
    await laptop.context().close();

    // The facilitator can name the step again; the agenda says which steps are anonymous meanwhile.
    await facilitator.getByText(t("panel.agenda.anonymous")).first().waitFor();
    await facilitator.getByLabel(t("panel.anonymous")).click();
    await expect.poll(() => phone.getByText(t("contribute.anonymous")).count(), { timeout: 5_000 }).toBe(0);
  });
});
