import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO } from "../../prisma/seed.js";
import { daysFromToday } from "../support/fixtures.js";
import { violations } from "./axe.js";
import { refusal } from "./console-watch.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { t } from "../../app/i18n/index.js";

describe("a practice-exchange series hosted in turn, and its contact book", () => {
  let product: RunningProduct;
  beforeAll(async () => {
    product = await startProduct();
  });
  afterAll(() => product?.close());

  async function shareCard(page: Page, seriesUrl: string, fields: { role: string; phone: string; helpWith: string }) {
    await page.goto(`${seriesUrl}/contacts`);
    await page.getByRole("heading", { level: 1, name: t("series.contacts.link") }).waitFor();
    await page.getByLabel(t("series.contacts.field.role")).fill(fields.role);
    await page.getByLabel(t("series.contacts.field.phone")).fill(fields.phone);
    await page.getByLabel(t("series.contacts.field.helpWith")).fill(fields.helpWith);
    await page.getByRole("button", { name: t("series.contacts.share") }).click();
    await page.getByRole("button", { name: t("series.contacts.withdraw") }).waitFor();
  }

  async function searchTopic(page: Page, topic: string) {
    await page.getByRole("searchbox", { name: t("series.contacts.filter.topic") }).fill(topic);
    await page.getByRole("button", { name: t("series.contacts.filter.submit") }).click();
    await page.waitForURL(/sujet=/);
  }

  it("the demo structure accepts to host first; the partner sees the exchange and both find each other by topic", async () => {
    // The form sent with errors answers 400, on purpose.
    product.allowConsoleErrors(refusal(400, "/series/new.data"));
    const page = await product.signIn("/series");
    await page.getByRole("heading", { level: 1, name: t("series.nav") }).waitFor();
    expect(await violations(page), "/series").toEqual([]);

    await page.getByRole("link", { name: t("series.new") }).click();
    await page.waitForURL(`${product.base}/series/new`);
    // Sent empty: every missing field is named, in French.
    await page.getByRole("button", { name: t("series.create") }).click();
    await page.getByRole("alert").waitFor();
    await page.getByText(t("series.error.members")).waitFor();
    expect(await violations(page), "/series/new with errors").toEqual([]);
    await page.getByLabel(t("series.field.title")).fill("Échanges du 93");
    await page.getByLabel(t("series.field.territory")).fill("Seine-Saint-Denis");
    await page.getByLabel(t("series.field.theme")).fill("Le diagnostic partagé");
    // The professional's own structure is checked already; the partner is added.
    expect(await page.getByRole("checkbox", { name: /Structure de démonstration/ }).isChecked()).toBe(true);
    await page.getByRole("checkbox", { name: /Mission locale/ }).check();
    await page.getByRole("button", { name: t("series.create") }).click();
    await page.waitForURL(/\/series\/(?!new$)[^/]+$/);
    const seriesUrl = page.url();

    // The first request to host goes to the demo structure, which accepts with the details.
    await page.getByRole("heading", { name: t("series.ask.title") }).waitFor();
    await page
      .getByTestId("series-history")
      .filter({ hasText: `Structure de démonstration — ${t("series.status.proposed")}` })
      .waitFor();
    expect(await violations(page), "the series page").toEqual([]);
    await page.getByLabel(t("series.ask.theme")).fill("Premier accueil");
    await page.getByLabel(t("session.field.date")).fill(daysFromToday(10));
    await page.getByLabel(t("session.field.time")).fill("10:00");
    await page.getByLabel(t("session.field.place")).fill("Maison de l'emploi");
    await page.getByRole("button", { name: t("series.ask.accept") }).click();
    await page.waitForURL(/\/sessions\/[^/]+$/);
    await page.getByRole("heading", { level: 1, name: "Échange de pratiques : Premier accueil" }).waitFor();
    await page.getByRole("link", { name: t("series.session.shareCard") }).waitFor();
    await page.getByRole("link", { name: t("series.session.link", { title: "Échanges du 93" }) }).click();
    await page.waitForURL(seriesUrl);
    await page
      .getByTestId("series-history")
      .filter({ hasText: `Structure de démonstration — ${t("series.status.accepted")}` })
      .waitFor();
    await page.getByRole("link", { name: "Échange de pratiques : Premier accueil" }).waitFor();

    // The partner professional, in a browser of their own, sees the exchange as a co-host.
    const partner = await (await product.browser.newContext()).newPage();
    await partner.goto(`${product.base}/login?redirectTo=${encodeURIComponent("/sessions")}`);
    await partner.getByLabel(t("series.contacts.field.email")).fill(DEMO.partner.email);
    await partner.getByLabel(t("login.password")).fill(DEMO.password);
    await partner.getByRole("button", { name: t("login.submit") }).click();
    await partner.waitForURL(`${product.base}/sessions`);
    await partner.getByRole("link", { name: "Échange de pratiques : Premier accueil" }).waitFor();

    // Both share a card; each finds the other by topic, whatever the accents.
    await shareCard(page, seriesUrl, {
      role: "Conseillère en insertion",
      phone: "01 23 45 67 89",
      helpWith: "Logement d'urgence, accès aux droits",
    });
    await shareCard(partner, seriesUrl, { role: "Conseiller jeunes", phone: "06 12 34 56 78", helpWith: "Mobilité et permis de conduire" });
    expect(await violations(partner), "the contacts page").toEqual([]);

    await searchTopic(partner, "LOGEMENT");
    const found = partner.getByTestId("contact-card");
    await found.filter({ hasText: DEMO.displayName }).waitFor();
    expect(await found.count()).toBe(1);

    await page.reload();
    await searchTopic(page, "mobilite");
    await page.getByTestId("contact-card").filter({ hasText: DEMO.partner.displayName }).waitFor();
    expect(await page.getByTestId("contact-card").count()).toBe(1);
    expect(await violations(page), "the contacts page, searched").toEqual([]);
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });
});
