import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusal } from "./console-watch.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { t } from "../../app/i18n/index.js";

describe("the template library in a real browser", () => {
  let product: RunningProduct;
  let base: string;

  beforeAll(async () => {
    product = await startProduct();
    base = product.base;
  });

  afterAll(() => product?.close());

  const signIn = () => product.signIn("/templates");

  it("a facilitator filters the library, previews a template, and gets its zones on a new session's board", async () => {
    const page = await signIn();
    await page.getByLabel(t("session.field.kind")).selectOption("practice_exchange");
    await page.getByRole("button", { name: t("templates.filter.submit") }).click();
    await page.waitForURL(/kind=practice_exchange/);
    const kinds = await page.locator(".template-list li .kind-badge:not(.variant)").allTextContents();
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(["Échange de pratiques"]));

    await page.getByRole("link", { name: "Échange de pratiques entre structures, sur un thème" }).click();
    await page.getByRole("heading", { name: t("session.agenda") }).waitFor();
    await page.getByText("Idées à tester").first().waitFor();

    await page.getByRole("link", { name: t("templates.use") }).click();
    await page.waitForURL(/\/sessions\/new\?templateId=echange-pratiques-thematique/);
    expect(await page.getByLabel(t("session.field.kind")).inputValue()).toBe("practice_exchange");
    expect(await page.getByLabel(t("session.field.template")).inputValue()).toBe("echange-pratiques-thematique");
    await page.getByLabel(t("session.field.title"), { exact: true }).fill("Échange sur l'accueil");
    await page.getByLabel(t("session.field.date"), { exact: true }).fill("2027-01-12");
    await page.getByLabel(t("session.field.time")).fill("09:30");
    await page.getByLabel(t("session.field.online")).check();
    await page.getByRole("button", { name: t("session.create") }).click();
    await page.getByRole("link", { name: t("session.board.open") }).click();
    await page.locator(".tl-canvas").waitFor();
    for (const zone of ["Qui est là", "Ce qui marche", "Ce qui coince", "Idées à tester"]) {
      await page.getByText(zone, { exact: true }).first().waitFor({ state: "attached" });
    }
  });

  it("a facilitator adapts a template for their structure and the form keeps their input when it has an error", async () => {
    // The form sent with an error answers 400, on purpose.
    product.allowConsoleErrors(refusal(400, /\/templates\/v-[\w-]+\/edit\.data/));
    const page = await signIn();
    await page.getByRole("link", { name: "Mes forces, vues par le groupe" }).click();
    await page.getByRole("button", { name: t("templates.copy") }).click();
    await page.waitForURL(/\/templates\/v-[^/]+\/edit$/);

    await page.getByLabel(t("session.field.title"), { exact: true }).first().fill("Nos forces, version du centre social");
    await page.locator('[name="phases.0.title"]').fill("");
    await page.getByRole("button", { name: t("templates.edit.save") }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.locator('[name="phases.0.title"]').getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel(t("session.field.title"), { exact: true }).first().inputValue()).toBe(
      "Nos forces, version du centre social",
    );

    await page.locator('[name="phases.0.title"]').fill("On se présente");
    await page
      .getByRole("button", { name: t("templates.edit.addZone") })
      .first()
      .click();
    await page.locator('[name="phases.0.zones.1.label"]').fill("Mon prénom en couleur");
    await page.getByRole("button", { name: t("templates.edit.save") }).click();
    await page.getByText(t("templates.edit.saved")).waitFor();

    await page.goto(`${base}/templates`);
    await page.getByRole("link", { name: "Nos forces, version du centre social" }).click();
    await page.getByText("Mon prénom en couleur").waitFor();
    await page.getByText(t("templates.variant.of", { structure: "Structure de démonstration" })).waitFor();
  });
});
