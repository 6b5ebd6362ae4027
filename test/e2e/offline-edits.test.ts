import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import { SERVER_AWAY } from "./console-watch.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { canvasBox } from "./canvas.js";
import { t } from "../../app/i18n/index.js";

describe("editing while the server is away", () => {
  let product: RunningProduct;
  beforeAll(async () => {
    product = await startProduct();
  });
  afterAll(() => product?.close());

  async function addNote(page: Page, text: string, at: { x: number; y: number }) {
    await page.keyboard.press("n");
    const box = await canvasBox(page);
    await page.mouse.click(box.x + at.x, box.y + at.y);
    await page.locator('.tl-canvas [contenteditable="true"]:focus').waitFor();
    await page.keyboard.type(text);
    await page.keyboard.press("Escape");
  }

  it("notes written while disconnected reach the others once the server is back", async () => {
    const facilitator = await product.signIn("/sessions");
    await facilitator.goto(`${product.base}/board/demo-pairs`);
    await facilitator.locator(".tl-canvas").waitFor();

    const participant = await (await product.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await participant.goto(`${product.base}/join/PAR7AG`);
    await participant.getByLabel(t("join.name")).fill("Sami");
    await participant.getByRole("button", { name: t("contribute.join.board") }).click();
    await participant.locator(".tl-canvas").waitFor();

    await addNote(facilitator, "Avant la coupure", { x: 160, y: 160 });
    await participant.getByText("Avant la coupure").first().waitFor();

    // While the server is down, the browser reports each refused reconnection: expected here only.
    product.allowConsoleErrors(...SERVER_AWAY);
    await product.kill();
    await facilitator.getByTestId("board-connection").getByText(t("board.reconnecting")).waitFor();
    await addNote(facilitator, "Pendant la coupure", { x: 160, y: 420 });

    await product.start();
    await participant.getByText("Pendant la coupure").first().waitFor();
    await facilitator.getByTestId("board-connection").getByText(t("board.online")).waitFor();
  });
});
