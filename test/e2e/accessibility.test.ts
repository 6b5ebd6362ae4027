import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectFacilitation } from "../support/facilitation.js";
import { violations } from "./axe.js";
import { refusal } from "./console-watch.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { t } from "../../app/i18n/index.js";
import { pattern } from "./text.js";

describe("pages outside the canvas meet WCAG 2.2 A/AA (axe-core)", () => {
  let product: RunningProduct;
  beforeAll(async () => {
    product = await startProduct();
  });
  afterAll(() => product?.close());

  it("participant pages, on a 360 px phone, including with errors", async () => {
    // The form sent with errors answers 400, on purpose.
    product.allowConsoleErrors(refusal(400, /\/join(\.data)?/));
    const page = await (await product.browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    for (const path of ["/", "/join", "/join/PAR7AG"]) {
      await page.goto(`${product.base}${path}`);
      expect(await violations(page), path).toEqual([]);
    }
    await page.goto(`${product.base}/join`);
    await page.getByRole("button", { name: t("contribute.join.phone") }).click();
    await page.getByRole("alert").waitFor();
    expect(await violations(page), "/join with errors").toEqual([]);
  });

  it("the board's facilitation panel, for the facilitator and for a participant (the canvas itself excluded)", async () => {
    const facilitator = await product.signIn("/board/demo-pairs");
    await facilitator.getByTestId("facilitation-panel").waitFor();
    await facilitator
      .getByRole("region", { name: t("panel.vote.start") })
      .getByRole("button", { name: t("panel.start") })
      .click();
    await facilitator.getByRole("button", { name: t("panel.vote.close") }).waitFor();
    expect(await violations(facilitator, { exclude: [".tl-container"] }), "facilitator panel").toEqual([]);

    const participant = await (await product.browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
    await participant.goto(`${product.base}/join/PAR7AG`);
    await participant.getByLabel(t("join.name")).fill("Awa");
    await participant.getByRole("button", { name: t("contribute.join.board") }).click();
    await participant
      .getByTestId("facilitation-panel")
      .getByRole("heading", { name: t("contribute.vote.title"), exact: true })
      .waitFor();
    expect(await violations(participant, { exclude: [".tl-container"] }), "participant panel").toEqual([]);
  });

  it("the phone contribution screen: plain, with a choice of zone, an open vote, hidden cards, a lock and an error", async () => {
    const facilitatorPage = await product.signIn("/sessions");
    const cookie = (await facilitatorPage.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const page = await (
      await product.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })
    ).newPage();
    await page.goto(`${product.base}/join/ECH3NG`);
    await page.getByLabel(t("join.name")).fill("Awa");
    await page.getByRole("button", { name: t("contribute.join.phone") }).click();
    await page.waitForURL(/\/contribute\/demo-echange$/);
    await page
      .getByTestId("contribute-connection")
      .filter({ hasText: t("contribute.connection.online") })
      .waitFor();
    await page.getByTestId("contribute-step").waitFor();
    expect(await violations(page), "/contribute").toEqual([]);

    const facilitator = await connectFacilitation(`${product.base.replace(/^http/, "ws")}/yjs`, "demo-echange", cookie);
    try {
      await facilitator.client.send({ type: "phase", phaseId: "nos-pratiques" });
      await page.getByRole("radio", { name: "Ce qui coince" }).check();
      await page.getByRole("textbox", { name: t("contribute.text.label") }).fill("Les horaires d'accueil");
      await page.getByRole("button", { name: t("contribute.send") }).click();
      await page
        .getByTestId("contribute-sent")
        .filter({ hasText: t("contribute.sent") })
        .waitFor();
      await facilitator.client.send({ type: "vote-open", zoneId: "shape:phase.nos-pratiques.zone.ce-qui-coince", votesPerPerson: 2 });
      await page.getByRole("button", { name: pattern(t("contribute.vote.give"), { start: true }) }).click();
      await page
        .getByTestId("vote-left")
        .filter({ hasText: t("contribute.vote.given") })
        .waitFor();
      await facilitator.client.send({ type: "private-start", zoneId: "shape:phase.nos-pratiques.zone.ce-qui-marche", anonymous: false });
      await page.getByRole("radio", { name: "Ce qui marche" }).check();
      await page.getByRole("textbox", { name: t("contribute.text.label") }).fill("Un café d'accueil");
      await page.getByRole("button", { name: t("contribute.send") }).click();
      await page
        .getByTestId("contribute-sent")
        .filter({ hasText: t("contribute.sent.private") })
        .waitFor();
      await facilitator.client.send({ type: "locks", frames: true, board: true });
      await page.getByTestId("contribute-locked").waitFor();
      await page.getByRole("button", { name: t("contribute.send") }).click();
      await page
        .getByTestId("contribute-error")
        .filter({ hasText: t("contribute.empty") })
        .waitFor();
      expect(await violations(page), "/contribute with zones, vote, hidden cards, lock, error").toEqual([]);
      await facilitator.client.send({ type: "vote-close" });
      await page.getByTestId("vote-results").waitFor();
      expect(await violations(page), "/contribute with vote results").toEqual([]);
    } finally {
      facilitator.close();
    }
  });

  it("facilitator pages, including a form with errors", async () => {
    // The form sent with errors answers 400, on purpose.
    product.allowConsoleErrors(refusal(400, "/sessions/new.data"));
    const page = await product.signIn("/sessions");
    for (const path of ["/sessions", "/sessions/new", "/sessions/demo-pairs", "/templates", "/templates/forces-et-reconnaissance"]) {
      await page.goto(`${product.base}${path}`);
      expect(await violations(page), path).toEqual([]);
    }
    await page.goto(`${product.base}/sessions/new`);
    await page.getByRole("button", { name: t("session.create") }).click();
    await page.getByRole("alert").waitFor();
    expect(await violations(page), "/sessions/new with errors").toEqual([]);
    await page.goto(`${product.base}/templates/forces-et-reconnaissance`);
    await page.getByRole("button", { name: t("templates.copy") }).click();
    await page.waitForURL(/\/edit$/);
    expect(await violations(page), "variant editor").toEqual([]);
  });

  it("the login page", async () => {
    const page = await (await product.browser.newContext()).newPage();
    await page.goto(`${product.base}/login`);
    expect(await violations(page), "/login").toEqual([]);
  });
});
