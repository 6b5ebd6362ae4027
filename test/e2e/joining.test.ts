import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { violations } from "./axe.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { t } from "../../app/i18n/index.js";

// The demo peer workshop (prisma/seed.ts).
const SESSION_ID = "demo-pairs";
const JOIN_CODE = "PAR7AG";

describe("the facilitator decides who is in", () => {
  let product: RunningProduct;
  let facilitator: Page;

  beforeAll(async () => {
    product = await startProduct();
    facilitator = await product.signIn(`/board/${SESSION_ID}`);
    await facilitator.getByTestId("facilitation-panel").waitFor();
  });
  afterAll(() => product?.close());

  async function join(name: string, view: "board" | "phone"): Promise<Page> {
    const phone = view === "phone";
    const context = await product.browser.newContext({
      viewport: phone ? { width: 360, height: 740 } : { width: 1280, height: 800 },
      ...(phone ? { isMobile: true, hasTouch: true } : {}),
    });
    const page = await context.newPage();
    await page.goto(`${product.base}/join/${JOIN_CODE}`);
    await page.getByLabel(t("join.name")).fill(name);
    await page.getByRole("button", { name: phone ? t("contribute.join.phone") : t("contribute.join.board") }).click();
    return page;
  }

  const panel = () => facilitator.getByRole("region", { name: t("participants.title"), exact: true });

  it("removing a participant from the board's panel closes their board and tells them why", async () => {
    const awa = await join("Awa", "board");
    await awa.getByTestId("facilitation-panel").waitFor();
    await panel()
      .getByTestId("participant")
      .filter({ hasText: "Awa" })
      .filter({ hasText: t("participants.connected") })
      .waitFor();
    await panel()
      .getByRole("button", { name: t("participants.remove.label", { name: "Awa" }) })
      .click();
    await panel()
      .getByRole("button", { name: t("participants.remove.confirm", { name: "Awa" }) })
      .click();
    await awa.getByRole("alert").filter({ hasText: "vous a retiré(e) de cet atelier" }).waitFor();
    await panel()
      .getByRole("status")
      .filter({ hasText: t("participants.removed", { name: "Awa" }) })
      .waitFor();
    expect(await panel().getByTestId("participant").filter({ hasText: "Awa" }).count()).toBe(0);
    // Coming back with the same browser: the page says so plainly.
    await awa.reload();
    await awa.waitForURL(/\/join\?raison=removed$/);
    await awa.getByText("vous a retiré(e) de cet atelier").waitFor();
  });

  it("with the waiting room on, a newcomer waits on a plain screen until let in from the panel", async () => {
    await panel()
      .getByRole("button", { name: t("participants.waitingRoom"), pressed: false })
      .click();
    await panel()
      .getByRole("button", { name: t("participants.waitingRoom"), pressed: true })
      .waitFor();
    const bilal = await join("Bilal", "phone");
    await bilal.waitForURL(new RegExp(`/attente/${SESSION_ID}$`));
    await bilal
      .getByRole("status")
      .filter({ hasText: t("waiting.text") })
      .waitFor();
    expect(await violations(bilal), "waiting screen").toEqual([]);
    await panel()
      .getByRole("button", { name: t("participants.admit.label", { name: "Bilal" }) })
      .click();
    // The waiting screen checks on its own and opens the screen Bilal chose.
    await bilal.waitForURL(new RegExp(`/contribute/${SESSION_ID}$`));
    await bilal
      .getByTestId("contribute-connection")
      .filter({ hasText: t("contribute.connection.online") })
      .waitFor();
    expect(await violations(facilitator, { exclude: [".tl-container"] }), "panel with the participant list").toEqual([]);
  });

  it("the session's participants page lists the same people, without the board", async () => {
    const page = await product.signIn(`/sessions/${SESSION_ID}/participants`);
    await page.getByTestId("participant").filter({ hasText: "Bilal" }).waitFor();
    await page.getByRole("button", { name: t("participants.waitingRoom"), pressed: true }).waitFor();
    expect(await violations(page), "participants page").toEqual([]);
  });
});
