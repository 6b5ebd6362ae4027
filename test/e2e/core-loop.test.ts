import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { daysFromToday } from "../support/fixtures.js";
import { refusal } from "./console-watch.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { boxOf } from "./canvas.js";
import { t } from "../../app/i18n/index.js";

describe("the core loop in a real browser", () => {
  let product: RunningProduct;
  let base: string;

  beforeAll(async () => {
    product = await startProduct();
    base = product.base;
  });

  afterAll(() => product?.close());

  async function noteTexts(page: Page): Promise<string> {
    return (await page.locator(".tl-canvas").textContent()) ?? "";
  }

  it("a facilitator creates a session, a participant joins by code, notes appear live and survive a restart", async () => {
    const facilitator = await product.signIn("/sessions");

    await facilitator.getByRole("link", { name: t("sessions.new") }).click();
    await facilitator.getByLabel(t("session.field.kind")).selectOption("peer_workshop");
    await facilitator.getByLabel(t("session.field.template")).selectOption("forces-et-reconnaissance");
    await facilitator.getByLabel(t("session.field.title"), { exact: true }).fill("Atelier du mardi");
    await facilitator.getByLabel(t("session.field.date"), { exact: true }).fill(daysFromToday(1));
    await facilitator.getByLabel(t("session.field.time")).fill("14:00");
    await facilitator.getByLabel(t("session.field.place"), { exact: true }).fill("Salle polyvalente");
    await facilitator.getByRole("button", { name: t("session.create") }).click();
    await facilitator.waitForURL(/\/sessions\/[^/]+$/);
    await facilitator.getByRole("heading", { name: "Atelier du mardi" }).waitFor();
    const joinCode = (await facilitator.getByTestId("join-code").textContent())!.trim();
    expect(joinCode).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
    await facilitator.getByRole("link", { name: t("session.board.open") }).click();
    await facilitator.locator(".tl-canvas").waitFor();
    // The template's zones are on the new board, which opens on the first phase.
    await facilitator.locator(".tl-canvas").getByText("Ce qui me fait du bien", { exact: true }).first().waitFor();

    const participant = await (await product.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await participant.goto(`${base}/join`);
    await participant.getByLabel(t("join.code")).fill(joinCode.toLowerCase());
    await participant.getByLabel(t("join.name")).fill("Awa");
    await participant.getByRole("button", { name: t("contribute.join.board") }).click();
    await participant.waitForURL(/\/board\//);
    await participant.locator(".tl-canvas").waitFor();

    // The facilitator writes a sticky note with tldraw's own note tool.
    await facilitator.keyboard.press("n");
    const canvas = facilitator.locator(".tl-canvas");
    const box = await boxOf(canvas);
    await facilitator.mouse.click(box.x + 120, box.y + 120);
    // The new note opens in edit mode: type once its editor has the focus.
    await facilitator.locator('.tl-canvas [contenteditable="true"]:focus').waitFor();
    await facilitator.keyboard.type("Bonjour à tous");
    await facilitator.keyboard.press("Escape");

    await participant.getByText("Bonjour à tous").first().waitFor();
    expect(await noteTexts(participant)).toContain("Bonjour à tous");

    // Close every open board first, so that nothing but the server's own storage can bring the note back.
    const boardUrl = participant.url();
    await facilitator.context().close();
    await participant.goto("about:blank");
    await product.killAndRestart();
    await participant.goto(boardUrl);
    await participant.locator(".tl-canvas").waitFor();
    await participant.getByText("Bonjour à tous").first().waitFor();
  });

  it("an unknown code gets a kind message and the form keeps what was typed", async () => {
    // The unknown code is answered 404, on purpose.
    product.allowConsoleErrors(refusal(404, /\/join(\.data)?/));
    const page = await (await product.browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    await page.goto(`${base}/join`);
    await page.getByLabel(t("join.code")).fill("ZZZZZZ");
    await page.getByLabel(t("join.name")).fill("Léa");
    await page.getByRole("button", { name: t("contribute.join.board") }).click();
    await page.getByText(t("join.error.unknown")).waitFor();
    expect(await page.getByLabel(t("join.name")).inputValue()).toBe("Léa");
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(360);
  });
});
