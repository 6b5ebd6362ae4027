// A say for everyone (issue 16.1), in the browser: three participants answer the closing template's
// questions on their phones by tapping faces (each read aloud), one of them without script at all,
// and a fourth from the board's panel on a laptop; one changes her mind; the facilitator closes the session; the report shows the answers without a
// name, hidden under five; the structure's indicators count them. axe-core on the phone's questions.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../../app/sessions/sessions.server.js";
import { faceLabel } from "../../app/feedback/fields.js";
import { DEFAULT_FEEDBACK_QUESTIONS } from "../../workshops/feedback.js";
import { DEMO } from "../../prisma/seed.js";
import { connectFacilitation } from "../support/facilitation.js";
import { daysFromToday } from "../support/fixtures.js";
import { violations } from "./axe.js";
import { ANDROID_PHONE as PHONE } from "./browser.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { t } from "../../app/i18n/index.js";

const SESSION_ID = "seance-avis";
const [ACCUEIL, APPRIS] = DEFAULT_FEEDBACK_QUESTIONS as [
  (typeof DEFAULT_FEEDBACK_QUESTIONS)[number],
  (typeof DEFAULT_FEEDBACK_QUESTIONS)[number],
];
const NAMES = ["Zéphyrine", "Barnabé", "Ondine", "Yannick"];

describe("the end-of-session questions on the phone", () => {
  let product: RunningProduct;
  const cleanups: (() => unknown)[] = [];

  beforeAll(async () => {
    product = await startProduct();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(() => product?.close());

  async function phone(options: { script?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await product.browser.newContext({ ...PHONE, javaScriptEnabled: options.script ?? true });
    cleanups.push(() => context.close());
    // What the phone reads aloud, kept instead of spoken (headless Chromium has no voice).
    await context.addInitScript(() => {
      const spoken: string[] = [];
      (window as unknown as { spoken: string[] }).spoken = spoken;
      if ("speechSynthesis" in window) window.speechSynthesis.speak = (utterance) => void spoken.push(utterance.text);
    });
    return { context, page: await context.newPage() };
  }

  async function join(page: Page, code: string, name: string) {
    await page.goto(`${product.base}/join/${code}`);
    await page.getByLabel(t("join.name")).fill(name);
    await page.getByLabel(t("join.name")).press("Enter");
    // The post is answered with the phone screen; with script, the page then shows its own address.
    await page.getByTestId("contribute-connection").waitFor();
  }

  /** Taps the face named `face` for `question`, in the group the question names. */
  async function tapFace(page: Page, question: { label: string; scale: number }, value: number) {
    await page
      .getByRole("group", { name: question.label })
      .locator("label")
      .filter({ hasText: faceLabel(question.scale, value) })
      .tap();
  }

  const checked = (page: Page, question: { label: string; scale: number }, value: number) =>
    page
      .getByRole("group", { name: question.label })
      .getByRole("radio", { name: faceLabel(question.scale, value) })
      .isChecked();

  it("three phones and a laptop answer, one changes her answer, the facilitator closes; the report and the indicators show them", async () => {
    const user = await product.db.user.findUniqueOrThrow({ where: { email: DEMO.email }, select: { id: true } });
    const created = await createSession(
      product.db,
      user.id,
      {
        structureId: DEMO.structureId,
        kind: "peer_workshop",
        title: "Clôture du cycle",
        date: daysFromToday(0),
        // Later today whenever the test runs but in the day's last minute (Paris time).
        time: "23:59",
        recordPast: false,
        online: false,
        place: "Salle 2",
        templateId: "tour-de-cloture",
      },
      { sessionId: SESSION_ID },
    );
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const { joinCode } = await product.db.groupSession.findUniqueOrThrow({ where: { id: SESSION_ID }, select: { joinCode: true } });

    const facilitatorPage = await product.signIn(`/sessions/${SESSION_ID}`);
    // The template says which questions its step asks.
    await facilitatorPage.goto(`${product.base}/templates/tour-de-cloture`);
    await facilitatorPage.getByTestId("template-feedback").getByText(ACCUEIL.label, { exact: false }).waitFor();
    const cookie = (await facilitatorPage.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const facilitator = await connectFacilitation(`${product.base.replace(/^http/, "ws")}/yjs`, SESSION_ID, cookie);
    cleanups.push(() => facilitator.close());
    expect(await facilitator.client.send({ type: "phase", phaseId: "mon-avis" })).toEqual({ ok: true });

    // Two phones with script: the questions come with the step.
    const phones: Page[] = [];
    for (const [index, name] of NAMES.slice(0, 2).entries()) {
      const { page } = await phone();
      await join(page, joinCode, name);
      await page.getByTestId("feedback").waitFor();
      await tapFace(page, ACCUEIL, index === 0 ? 4 : 3);
      await tapFace(page, APPRIS, 4);
      if (index === 0) await page.getByLabel(t("feedback.word")).fill("Merci pour l'accueil");
      await page.getByRole("button", { name: t("feedback.submit") }).tap();
      await page
        .getByTestId("feedback-saved")
        .filter({ hasText: t("feedback.saved") })
        .waitFor();
      phones.push(page);
    }
    const [awa] = phones as [Page];
    // Each tap read the question and the face aloud, in French.
    const spoken = await awa.evaluate(() => (window as unknown as { spoken: string[] }).spoken);
    expect(spoken).toContain(`${ACCUEIL.label} : ${faceLabel(ACCUEIL.scale, 4)}`);
    await awa
      .getByRole("group", { name: ACCUEIL.label })
      .getByRole("button", { name: t("feedback.listen") })
      .tap();
    await awa.waitForFunction((label) => (window as unknown as { spoken: string[] }).spoken.includes(label), ACCUEIL.label);
    expect(await violations(awa)).toEqual([]);

    // She changes her mind; after a reload her new answer is the one shown.
    await tapFace(awa, ACCUEIL, 2);
    await awa.getByRole("button", { name: t("feedback.update") }).tap();
    await awa
      .getByTestId("feedback-saved")
      .filter({ hasText: t("feedback.saved") })
      .waitFor();
    await awa.reload();
    await awa.getByTestId("feedback").waitFor();
    expect(await checked(awa, ACCUEIL, 2)).toBe(true);
    expect(await checked(awa, ACCUEIL, 4)).toBe(false);
    expect(await awa.getByLabel(t("feedback.word")).inputValue()).toBe("Merci pour l'accueil");

    // The third phone runs no script: the same questions, as a plain form on their own page.
    const { page: plain } = await phone({ script: false });
    await join(plain, joinCode, NAMES[2]!);
    await plain.goto(`${product.base}/contribute/${SESSION_ID}/avis`);
    await tapFace(plain, ACCUEIL, 1);
    await plain.getByRole("button", { name: t("feedback.submit") }).tap();
    await plain
      .getByTestId("feedback-saved")
      .filter({ hasText: t("feedback.saved") })
      .waitFor();
    expect(await checked(plain, ACCUEIL, 1)).toBe(true);
    // On a laptop's board, the panel leads a participant to the same questions.
    const laptopContext = await product.browser.newContext();
    cleanups.push(() => laptopContext.close());
    const laptop = await laptopContext.newPage();
    await laptop.goto(`${product.base}/join/${joinCode}`);
    await laptop.getByLabel(t("join.name")).fill(NAMES[3]!);
    await laptop.getByRole("button", { name: t("contribute.join.board") }).click();
    await laptop.waitForURL(/\/board\//);
    await laptop.getByTestId("board-feedback-link").click();
    await laptop.waitForURL(`${product.base}/contribute/${SESSION_ID}/avis`);
    await laptop
      .getByRole("group", { name: APPRIS.label })
      .locator("label")
      .filter({ hasText: faceLabel(APPRIS.scale, 3) })
      .click();
    await laptop.getByRole("button", { name: t("feedback.submit") }).click();
    await laptop
      .getByTestId("feedback-saved")
      .filter({ hasText: t("feedback.saved") })
      .waitFor();
    expect(await product.db.feedbackBallot.count({ where: { sessionId: SESSION_ID } })).toBe(4);

    // The facilitator closes the session from the report.
    await facilitatorPage.goto(`${product.base}/sessions/${SESSION_ID}/report`);
    await facilitatorPage.getByRole("button", { name: t("report.close") }).click();
    await facilitatorPage.getByTestId("report-closed").waitFor();
    const summary = facilitatorPage.getByTestId("report-feedback");
    await summary.getByText(t("report.feedback.ballots", { count: "< 5" })).waitFor();
    await summary.getByText(t("report.feedback.masked")).waitFor();
    await summary.locator("caption").filter({ hasText: ACCUEIL.label }).waitFor();
    await summary.getByTestId("report-feedback-words").getByText("Merci pour l'accueil").waitFor();
    const reportText = await summary.innerText();
    for (const name of NAMES) expect(reportText).not.toContain(name);
    expect(await product.db.feedbackBallot.count({ where: { sessionId: SESSION_ID, ballotKey: { not: null } } })).toBe(0);

    // Closed: the phone's questions page says so, and takes nothing more.
    await plain.goto(`${product.base}/contribute/${SESSION_ID}/avis`);
    await plain.getByTestId("feedback-closed").getByText(t("feedback.error.closed")).waitFor();

    // The structure's indicators count the answers, hidden under five.
    await facilitatorPage.goto(`${product.base}/structures/${DEMO.structureId}/indicateurs`);
    const satisfaction = facilitatorPage.locator("table").filter({ hasText: ACCUEIL.label });
    await satisfaction.first().waitFor();
    expect(await satisfaction.first().innerText()).toContain("< 5");
  });
});
