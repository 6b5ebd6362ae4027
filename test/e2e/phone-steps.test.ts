// On the phone screen each step starts clean: the step before's "Envoyé", its draft and its vote
// results do not follow the participant to the next step.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { zoneFrameShapeId } from "../../board-core/template-layout.js";
import { connectFacilitation } from "../support/facilitation.js";
import { ANDROID_PHONE as PHONE } from "./browser.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { t } from "../../app/i18n/index.js";

describe("the phone screen, from one step to the next", () => {
  let product: RunningProduct;
  let professionalCookie: string;
  const cleanups: (() => unknown)[] = [];

  beforeAll(async () => {
    product = await startProduct();
    const facilitator = await product.signIn("/sessions");
    professionalCookie = (await facilitator.context().cookies()).map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
    await facilitator.context().close();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(() => product?.close());

  it("the next step shows no « Envoyé », no draft and no results of the vote before", async () => {
    const context = await product.browser.newContext(PHONE);
    cleanups.push(() => context.close());
    const page = await context.newPage();
    await page.goto(`${product.base}/join/ACC2EU`);
    await page.getByLabel(t("join.name")).fill("Inès");
    await page.getByLabel(t("join.name")).press("Enter");
    await page.waitForURL(`${product.base}/contribute/demo-information`);
    await page
      .getByTestId("contribute-connection")
      .filter({ hasText: t("contribute.connection.online") })
      .waitFor();
    const facilitator = await connectFacilitation(`${product.base.replace(/^http/, "ws")}/yjs`, "demo-information", professionalCookie);
    cleanups.push(() => facilitator.close());

    // Step 2: a card sent, a draft typed, a vote opened and closed on the step's zone.
    expect(await facilitator.client.send({ type: "phase", phaseId: "parcours" })).toEqual({ ok: true });
    await page
      .getByTestId("contribute-step")
      .filter({ hasText: t("contribute.step", { number: 2, total: 5 }) })
      .waitFor();
    const box = page.getByRole("textbox", { name: t("contribute.text.label") });
    await box.fill("Les horaires");
    await page.getByRole("button", { name: t("contribute.send") }).tap();
    await page
      .getByTestId("contribute-sent")
      .filter({ hasText: t("contribute.sent") })
      .waitFor();
    await box.fill("Une idée pas finie");
    const zone = zoneFrameShapeId("parcours", "ce-que-je-sais");
    expect(await facilitator.client.send({ type: "vote-open", zoneId: zone, votesPerPerson: 1 })).toEqual({ ok: true });
    await page.getByRole("heading", { level: 2, name: t("contribute.vote.title"), exact: true }).waitFor();
    expect(await facilitator.client.send({ type: "vote-close" })).toEqual({ ok: true });
    await page.getByRole("heading", { level: 2, name: t("contribute.vote.results") }).waitFor();

    // Step 3: a clean screen.
    expect(await facilitator.client.send({ type: "phase", phaseId: "pourquoi-diagnostic" })).toEqual({ ok: true });
    await page
      .getByTestId("contribute-step")
      .filter({ hasText: t("contribute.step", { number: 3, total: 5 }) })
      .waitFor();
    expect(await page.getByRole("heading", { name: t("contribute.vote.results") }).count()).toBe(0);
    expect(await page.getByTestId("vote-results").count()).toBe(0);
    expect(await page.getByText(t("contribute.sent")).count()).toBe(0);
    expect(await box.inputValue()).toBe("");

    // Back to step 2, whose vote it was: its results are there again.
    expect(await facilitator.client.send({ type: "phase", phaseId: "parcours" })).toEqual({ ok: true });
    await page.getByRole("heading", { level: 2, name: t("contribute.vote.results") }).waitFor();
  });
});
