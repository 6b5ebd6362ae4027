import type { TLRecord } from "@tldraw/tlschema";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type * as Y from "yjs";
import { plainText } from "../../board-core/cards.js";
import { MESSAGE_FACILITATION } from "../../board-core/facilitation-protocol.js";
import { boardAuthors, boardRecords } from "../../board-core/shared-doc.js";
import { zoneFrameShapeId } from "../../board-core/template-layout.js";
import { connectBoardClient, until, type BoardClient } from "../support/clients.js";
import { connectFacilitation, type FacilitationConnection } from "../support/facilitation.js";
import { ANDROID_PHONE as PHONE } from "./browser.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { t } from "../../app/i18n/index.js";
import { pattern } from "./text.js";

type Note = Extract<TLRecord, { type: "note" }>;
const notesIn = (doc: Y.Doc, zoneId: string) =>
  [...boardRecords(doc).values()].filter(
    (record): record is Note => record.typeName === "shape" && record.type === "note" && record.parentId === zoneId,
  );
const noteWithText = (doc: Y.Doc, zoneId: string, text: string) =>
  notesIn(doc, zoneId).find((note) => plainText(note.props.richText) === text);

describe("taking part from a phone, without the canvas", () => {
  let product: RunningProduct;
  let wsBase: string;
  let professionalCookie: string;
  const cleanups: (() => unknown)[] = [];

  beforeAll(async () => {
    product = await startProduct();
    wsBase = `${product.base.replace(/^http/, "ws")}/yjs`;
    // The board's doc and the facilitator's commands are reached from Node with the cookie of a
    // facilitator who signed in through the real login page.
    const facilitator = await product.signIn("/sessions");
    professionalCookie = (await facilitator.context().cookies()).map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
    await facilitator.context().close();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(() => product?.close());

  async function phone(): Promise<{ page: Page; context: BrowserContext }> {
    const context = await product.browser.newContext(PHONE);
    cleanups.push(() => context.close());
    return { page: await context.newPage(), context };
  }
  async function board(sessionId: string): Promise<BoardClient> {
    const client = connectBoardClient(wsBase, sessionId, professionalCookie);
    // This reader wants the doc only: the facilitation frames on the same socket are not its business.
    client.provider.messageHandlers[MESSAGE_FACILITATION] = () => undefined;
    cleanups.push(() => client.destroy());
    await client.synced;
    return client;
  }
  async function facilitation(sessionId: string): Promise<FacilitationConnection> {
    const connection = await connectFacilitation(wsBase, sessionId, professionalCookie);
    cleanups.push(() => connection.close());
    return connection;
  }
  /** Waits until the element with this test id reads `text` (part of it). */
  const shows = (page: Page, testId: string, text: string) => page.getByTestId(testId).filter({ hasText: text }).waitFor();
  const connected = (page: Page) => shows(page, "contribute-connection", t("contribute.connection.online"));

  it("a participant joins by code, writes a card, and it is on the board in the step's zone; offline, the text stays", async () => {
    const { page, context } = await phone();
    await page.goto(`${product.base}/join`);
    await page.getByLabel(t("join.code")).fill("par7ag");
    await page.getByLabel(t("join.name")).fill("Awa");
    await page.getByRole("button", { name: t("contribute.join.phone") }).tap();
    await page.waitForURL(`${product.base}/contribute/demo-pairs`);

    await page.getByRole("heading", { level: 1, name: "Atelier entre pairs : mes forces" }).waitFor();
    const step = page.getByTestId("contribute-step");
    await step.getByText(t("contribute.step", { number: 1, total: 5 })).waitFor();
    await step.getByRole("heading", { level: 2, name: "Faire connaissance" }).waitFor();
    await step.getByText("Votre prénom et une chose qui vous fait du bien dans la semaine.").waitFor();
    await step.getByRole("timer").waitFor();
    await connected(page);
    // One zone in this step: no choice to make.
    expect(await page.getByRole("radio").count()).toBe(0);
    await page.getByRole("link", { name: t("contribute.board.link") }).waitFor();

    const doc = (await board("demo-pairs")).doc;
    const zone = zoneFrameShapeId("brise-glace", "ce-qui-fait-du-bien");
    const box = page.getByRole("textbox", { name: t("contribute.text.label") });
    await box.fill("Marcher le matin");
    await page.getByRole("button", { name: t("contribute.send") }).tap();
    await shows(page, "contribute-sent", t("contribute.sent"));
    expect(await box.inputValue()).toBe("");
    await until(doc, () => noteWithText(doc, zone, "Marcher le matin") !== undefined);
    const posted = noteWithText(doc, zone, "Marcher le matin")!;
    await until(doc, () => boardAuthors(doc).get(posted.id)?.name === "Awa");

    // No network: the card is not sent, the text stays in the box, and the person is told why.
    await context.setOffline(true);
    await shows(page, "contribute-connection", t("contribute.connection.offline"));
    await box.fill("Cuisiner pour mes amis");
    await page.getByRole("button", { name: t("contribute.send") }).tap();
    await shows(page, "contribute-error", "Pas envoyé.");
    expect(await page.getByTestId("contribute-error").textContent()).toContain("Pas de connexion");
    expect(await box.inputValue()).toBe("Cuisiner pour mes amis");
    expect(await box.getAttribute("aria-invalid")).toBe("true");

    // Back online, it reconnects on its own and the same text goes through.
    await context.setOffline(false);
    await connected(page);
    await page.getByRole("button", { name: t("contribute.send") }).tap();
    await shows(page, "contribute-sent", t("contribute.sent"));
    expect(await box.inputValue()).toBe("");
    expect(await page.getByTestId("contribute-error").textContent()).toBe("");
    await until(doc, () => noteWithText(doc, zone, "Cuisiner pour mes amis") !== undefined);

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });

  it("someone who has not joined is sent to the join page", async () => {
    const { page } = await phone();
    await page.goto(`${product.base}/contribute/demo-pairs`);
    await page.waitForURL(`${product.base}/join`);
  });

  it("the phone follows the facilitator: a step with two zones, a vote, then a private brainstorm", async () => {
    const { page } = await phone();
    // Enter in the form presses the first button: the phone screen.
    await page.goto(`${product.base}/join/ACC2EU`);
    await page.getByLabel(t("join.name")).fill("Bilal");
    await page.getByLabel(t("join.name")).press("Enter");
    await page.waitForURL(`${product.base}/contribute/demo-information`);
    await connected(page);
    const doc = (await board("demo-information")).doc;
    const facilitator = await facilitation("demo-information");

    expect(await facilitator.client.send({ type: "phase", phaseId: "parcours" })).toEqual({ ok: true });
    await shows(page, "contribute-step", t("contribute.step", { number: 2, total: 5 }));
    const worries = page.getByRole("radio", { name: "Ce qui m'inquiète" });
    expect(await page.getByRole("radio", { name: "Ce que je sais déjà" }).isChecked()).toBe(true);
    await worries.check();
    const box = page.getByRole("textbox", { name: t("contribute.text.label") });
    for (const text of ["Les papiers", "Le transport"]) {
      await box.fill(text);
      await page.getByRole("button", { name: t("contribute.send") }).tap();
      await shows(page, "contribute-sent", t("contribute.sent"));
      await until(doc, () => noteWithText(doc, zoneFrameShapeId("parcours", "ce-qui-inquiete"), text) !== undefined);
    }
    expect(await worries.isChecked()).toBe(true);

    // A vote on that zone: each card with its buttons, my points left and the anonymous count.
    const worriesZone = zoneFrameShapeId("parcours", "ce-qui-inquiete");
    expect(await facilitator.client.send({ type: "vote-open", zoneId: worriesZone, votesPerPerson: 1 })).toEqual({ ok: true });
    await page.getByRole("heading", { level: 2, name: t("contribute.vote.title"), exact: true }).waitFor();
    await shows(page, "vote-left", t("contribute.vote.left", { count: 1 }));
    const papers = page.getByTestId("vote-card").filter({ hasText: "Les papiers" });
    await papers.getByRole("button", { name: `${t("contribute.vote.give")} ${t("contribute.vote.to", { text: "Les papiers" })}` }).tap();
    await papers.getByText(`${t("contribute.vote.count", { count: 1 })} (${t("contribute.vote.mine", { count: 1 })})`).waitFor();
    await shows(page, "vote-left", `${t("contribute.vote.given")} ${t("contribute.vote.left", { count: 0 })}`);
    const papersId = noteWithText(doc, worriesZone, "Les papiers")!.id;
    await facilitator.until((client) => client.view?.vote?.counts[papersId] === 1);
    // No point left: the server says so, in words.
    await page
      .getByTestId("vote-card")
      .filter({ hasText: "Le transport" })
      .getByRole("button", { name: pattern(t("contribute.vote.give"), { start: true }) })
      .tap();
    await page.getByText(t("facilitation.refused.no-votes-left")).waitFor();
    await papers.getByRole("button", { name: pattern(t("contribute.vote.takeBack"), { start: true }) }).tap();
    await papers
      .locator(".vote-card-count")
      .filter({ hasNotText: "dont" })
      .filter({ hasText: t("contribute.vote.count", { count: 0 }) })
      .waitFor();
    await papers.getByRole("button", { name: pattern(t("contribute.vote.give"), { start: true }) }).tap();
    await papers.getByText(`(${t("contribute.vote.mine", { count: 1 })})`).waitFor();
    expect(await facilitator.client.send({ type: "vote-close" })).toEqual({ ok: true });
    const results = page.getByTestId("vote-results");
    await page.getByRole("heading", { level: 2, name: t("contribute.vote.results") }).waitFor();
    expect((await results.getByRole("listitem").allTextContents()).map((line) => line.trim())).toEqual([
      "Les papiers 1 point(s)",
      "Le transport 0 point(s)",
    ]);

    // A private brainstorm on the first zone: my card stays hidden, listed only on my screen.
    const knownZone = zoneFrameShapeId("parcours", "ce-que-je-sais");
    expect(await facilitator.client.send({ type: "private-start", zoneId: knownZone, anonymous: true })).toEqual({ ok: true });
    await page.getByRole("heading", { level: 2, name: t("contribute.private.title") }).waitFor();
    await page.getByRole("radio", { name: "Ce que je sais déjà" }).check();
    await box.fill("Il y a un référent");
    await page.getByRole("button", { name: t("contribute.send") }).tap();
    await shows(page, "contribute-sent", t("contribute.sent.private"));
    const hidden = page.getByTestId("contribute-private");
    await hidden.getByRole("heading", { level: 3, name: t("contribute.private.mine", { count: 1 }) }).waitFor();
    await hidden.getByRole("listitem").filter({ hasText: "Il y a un référent" }).waitFor();
    await facilitator.until((client) => client.view?.private?.hiddenCards === 1);
    expect(noteWithText(doc, knownZone, "Il y a un référent")).toBeUndefined();

    // The board locked: the phone says so.
    expect(await facilitator.client.send({ type: "locks", frames: true, board: true })).toEqual({ ok: true });
    await page.getByTestId("contribute-locked").waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });
});
