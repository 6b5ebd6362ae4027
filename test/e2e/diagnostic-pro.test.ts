import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusal } from "./console-watch.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { violations } from "./axe.js";
import { t } from "../../app/i18n/index.js";

describe("a professional builds a person's diagnostic", () => {
  let product: RunningProduct;
  beforeAll(async () => {
    product = await startProduct();
  });
  afterAll(() => product?.close());

  it("creates a person, adds a strength and an action, reads strengths first, creates a sign-in code and opens the history", async () => {
    const page = await product.signIn("/people");
    await page.getByRole("link", { name: t("pro.people.add") }).click();
    await page.waitForURL(`${product.base}/people/new`);
    await page.getByLabel(t("pro.field.displayName")).fill("Awa");
    await page.getByLabel(t("pro.field.phone")).fill("06 12 34 56 78");
    await page.getByRole("button", { name: t("pro.new.submit") }).click();
    await page.getByRole("heading", { level: 1, name: t("pro.diagnostic.title", { name: "Awa" }) }).waitFor();
    await page.getByText("structure référente").waitFor();

    const add = page.getByRole("region", { name: t("pro.add.title") });
    // A need first, then a strength: the page still shows the strength first.
    await add.getByLabel(t("pro.field.kind")).selectOption({ label: "Besoin" });
    await add.getByLabel(t("pro.field.dimension")).selectOption({ label: "Compétences" });
    await add.getByLabel(t("pro.field.text"), { exact: true }).fill("Apprendre Excel");
    await add.getByRole("button", { name: t("pro.add.submit"), exact: true }).click();
    await page.getByTestId("pro-entry").filter({ hasText: "Apprendre Excel" }).waitFor();

    await add.getByLabel(t("pro.field.kind")).selectOption({ label: "Point fort" });
    await add.getByLabel(t("pro.field.dimension")).selectOption({ label: "Compétences" });
    await add.getByLabel(t("pro.field.text"), { exact: true }).fill("Sait réparer un vélo");
    await add.getByRole("button", { name: t("pro.add.submit"), exact: true }).click();
    await page.getByTestId("pro-entry").filter({ hasText: "Sait réparer un vélo" }).waitFor();
    expect(await page.getByTestId("pro-entry").locator(".pro-entry-text").allTextContents()).toEqual([
      "Sait réparer un vélo",
      "Apprendre Excel",
    ]);

    await add.getByLabel(t("pro.field.kind")).selectOption({ label: "Action" });
    await add.getByLabel(t("pro.field.text"), { exact: true }).fill("S'inscrire à l'auto-école");
    await add.getByLabel(t("pro.field.who")).fill("Awa et sa conseillère");
    await add.getByLabel(t("pro.field.due")).fill("2026-06-30");
    await add.getByRole("button", { name: t("pro.add.submit"), exact: true }).click();
    const action = page.getByTestId("pro-action").filter({ hasText: "S'inscrire à l'auto-école" });
    await action.waitFor();
    expect(await action.locator("td").allTextContents()).toEqual([
      "S'inscrire à l'auto-école",
      "Awa et sa conseillère",
      "30 juin 2026",
      "À faire",
    ]);

    await page.getByRole("button", { name: t("pro.code.create") }).click();
    const code = await page.getByTestId("pro-code-value").textContent();
    expect(code).toMatch(/^[A-Z2-9]{8}$/);
    await page.getByTestId("pro-sign-in-code").getByText("/espace/connexion").waitFor();
    expect(await violations(page), "diagnostic page with entries, an action and a code").toEqual([]);

    await page.getByRole("link", { name: t("pro.history.link") }).click();
    await page.getByRole("heading", { level: 1, name: t("pro.history.title", { name: "Awa" }) }).waitFor();
    expect(await page.getByTestId("pro-history-change").count()).toBe(3);
    await page
      .getByTestId("pro-history-change")
      .filter({ hasText: "Sait réparer un vélo" })
      .getByText("Camille Martin (Structure de démonstration)")
      .waitFor();
    expect(await violations(page), "history").toEqual([]);

    await page.goto(`${product.base}/people`);
    await page.getByRole("link", { name: "Awa", exact: true }).waitFor();
  });

  it("the people pages meet WCAG 2.2 A/AA on a 360 px phone, including the form with errors", async () => {
    // The form sent with errors answers 400, on purpose.
    product.allowConsoleErrors(refusal(400, "/people/new.data"));
    const signedIn = await product.signIn("/people");
    const cookies = await signedIn.context().cookies();
    const context = await product.browser.newContext({ viewport: { width: 360, height: 740 } });
    await context.addCookies(cookies);
    const page = await context.newPage();
    await page.goto(`${product.base}/people`);
    expect(await violations(page), "/people").toEqual([]);

    await page.goto(`${product.base}/people/new`);
    await page.getByLabel(t("pro.field.email")).fill("pas-une-adresse");
    await page.getByRole("button", { name: t("pro.new.submit") }).click();
    await page.getByRole("alert").waitFor();
    await page.getByText(t("pro.error.displayName")).waitFor();
    await page.getByText(t("pro.error.email")).waitFor();
    expect(await page.getByLabel(t("pro.field.email")).inputValue()).toBe("pas-une-adresse");
    expect(await violations(page), "/people/new with errors").toEqual([]);

    await page.getByLabel(t("pro.field.displayName")).fill("Léo");
    await page.getByLabel(t("pro.field.email")).fill("leo@exemple.fr");
    await page.getByRole("button", { name: t("pro.new.submit") }).click();
    await page.getByRole("heading", { level: 1, name: t("pro.diagnostic.title", { name: "Léo" }) }).waitFor();
    expect(await violations(page), "empty diagnostic on a phone").toEqual([]);
  });

  it("an unknown person's diagnostic is a plain 'page not found'", async () => {
    // The page under test is a 404.
    product.allowConsoleErrors(refusal(404, "/people/personne-inconnue"));
    const page = await product.signIn("/people");
    const response = await page.goto(`${product.base}/people/personne-inconnue`);
    expect(response?.status()).toBe(404);
    await page.getByText(t("error.notFound")).waitFor();
  });
});
