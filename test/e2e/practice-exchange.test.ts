import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO } from "../../prisma/seed.js";
import { daysFromToday } from "../support/fixtures.js";
import { pdfText } from "../support/pdf-text.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { canvasBox, writeNote as writeNoteAt } from "./canvas.js";
import { t } from "../../app/i18n/index.js";

// Issue 6's journey: professionals of two structures run a practice exchange of a series (the
// partner co-hosts it), write on its board, share their contact cards at its end, close it, and
// download its report, which holds the cards and the shared contacts.
describe("two structures run a practice exchange in a series and take its report away", () => {
  let product: RunningProduct;
  beforeAll(async () => {
    product = await startProduct();
  });
  afterAll(() => product?.close());

  async function signInPartner(): Promise<Page> {
    const page = await (await product.browser.newContext()).newPage();
    await page.goto(`${product.base}/login?redirectTo=${encodeURIComponent("/sessions")}`);
    await page.getByLabel(t("series.contacts.field.email")).fill(DEMO.partner.email);
    await page.getByLabel(t("login.password")).fill(DEMO.password);
    await page.getByRole("button", { name: t("login.submit") }).click();
    await page.waitForURL(`${product.base}/sessions`);
    return page;
  }

  /** A note a third of the way across the canvas, with the suite's one way of writing on it. */
  async function writeNote(page: Page, text: string) {
    const box = await canvasBox(page);
    await writeNoteAt(page, box.width / 3, box.height / 2, text);
  }

  async function shareCard(page: Page, helpWith: string) {
    await page.getByRole("link", { name: t("series.session.shareCard") }).click();
    await page.getByRole("heading", { level: 1, name: t("series.contacts.link") }).waitFor();
    await page.getByLabel(t("series.contacts.field.role")).fill("Conseil en insertion");
    await page.getByLabel(t("series.contacts.field.helpWith")).fill(helpWith);
    await page.getByRole("button", { name: t("series.contacts.share") }).click();
    await page.getByRole("button", { name: t("series.contacts.withdraw") }).waitFor();
  }

  it("series → hosted exchange with a co-host → both write on the board → contacts shared → report downloaded", async () => {
    // The demo structure starts a series with the partner and accepts to host the first exchange.
    const host = await product.signIn("/series/new");
    await host.getByLabel(t("series.field.title")).fill("Échanges du 93");
    await host.getByLabel(t("series.field.territory")).fill("Seine-Saint-Denis");
    await host.getByLabel(t("series.field.theme")).fill("Le diagnostic partagé");
    await host.getByRole("checkbox", { name: /Mission locale/ }).check();
    await host.getByRole("button", { name: t("series.create") }).click();
    await host.getByLabel(t("series.ask.theme")).fill("Premier accueil");
    await host.getByLabel(t("session.field.date")).fill(daysFromToday(10));
    await host.getByLabel(t("session.field.time")).fill("10:00");
    await host.getByLabel(t("session.field.place")).fill("Maison de l'emploi");
    await host.getByRole("button", { name: t("series.ask.accept") }).click();
    await host.waitForURL(/\/sessions\/[^/]+$/);
    const sessionUrl = host.url();

    // Both run it: the partner, as co-host, opens the same board.
    const partner = await signInPartner();
    await partner.getByRole("link", { name: "Échange de pratiques : Premier accueil" }).click();
    await partner.waitForURL(sessionUrl);
    await host.getByRole("link", { name: t("session.board.open") }).click();
    await partner.getByRole("link", { name: t("session.board.open") }).click();
    await host.getByTestId("facilitation-panel").waitFor();
    await partner.getByTestId("facilitation-panel").waitFor();
    await writeNote(host, "Accueillir sans dossier");
    await partner.locator(".tl-canvas").getByText("Accueillir sans dossier").first().waitFor();
    await writeNote(partner, "Un binôme pour chaque arrivée");
    await host.locator(".tl-canvas").getByText("Un binôme pour chaque arrivée").first().waitFor();

    // At the end, each shares a contact card from the exchange's page.
    await host.goto(sessionUrl);
    await shareCard(host, "Logement d'urgence");
    await partner.goto(sessionUrl);
    await shareCard(partner, "Mobilité des jeunes");

    // The host closes it: the report has the cards and the contacts, and downloads as a PDF.
    await host.goto(sessionUrl);
    await host.getByRole("link", { name: t("series.exchanges.report") }).click();
    await host.getByRole("heading", { level: 1, name: t("report.title") }).waitFor();
    await host.getByTestId("report-card").filter({ hasText: "Un binôme pour chaque arrivée" }).waitFor();
    await host.getByText(DEMO.partner.displayName).first().waitFor();
    // Closing saves the decisions with the session; the PDF downloaded later carries them.
    await host.getByLabel(t("report.decisions.label")).fill("Se revoir en janvier chez la Mission locale.");
    await host.getByRole("button", { name: t("report.close") }).click();
    await host.getByTestId("report-closed").waitFor();
    expect(await host.getByLabel(t("report.decisions.label")).inputValue()).toBe("Se revoir en janvier chez la Mission locale.");
    const [download] = await Promise.all([
      host.waitForEvent("download"),
      host.getByRole("button", { name: t("report.download.pdf") }).click(),
    ]);
    const pdf = await readFile(await download.path());
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = await pdfText(new Uint8Array(pdf));
    expect(text).toContain("Accueillir sans dossier");
    expect(text).toContain("Un binôme pour chaque arrivée");
    expect(text).toContain(DEMO.partner.displayName);
    expect(text).toContain("Se revoir en janvier");
  });
});
