// Creating a session in the browser: a template's title is offered, and a start already past is
// refused with a French field error unless the facilitator says it was held on paper.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayInParis } from "../../app/lib/paris-dates.js";
import { violations } from "./axe.js";
import { refusal } from "./console-watch.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { t } from "../../app/i18n/index.js";

describe("the new-session form", () => {
  let product: RunningProduct;
  beforeAll(async () => {
    product = await startProduct();
  });
  afterAll(() => product?.close());

  it("« Créer une session avec ce modèle » fills the title in from the template, which the facilitator may change", async () => {
    const page = await product.signIn("/templates/forces-et-reconnaissance");
    await page.getByRole("link", { name: t("templates.use") }).click();
    await page.waitForURL(/\/sessions\/new\?templateId=forces-et-reconnaissance$/);
    expect(await page.getByLabel(t("session.field.title"), { exact: true }).inputValue()).toBe("Mes forces, vues par le groupe");
    // Without a template chosen, the title starts empty.
    await page.goto(`${product.base}/sessions/new`);
    expect(await page.getByLabel(t("session.field.title"), { exact: true }).inputValue()).toBe("");
  });

  it("a session dated yesterday is refused with the reason and what was typed; ticked « séance passée », it is recorded", async () => {
    product.allowConsoleErrors(refusal(400, "/sessions/new.data"));
    const page = await product.signIn("/sessions/new");
    const yesterday = todayInParis(new Date(Date.now() - 86_400_000));
    await page.getByLabel(t("session.field.title"), { exact: true }).fill("Atelier tenu sur papier");
    await page.getByLabel(t("session.field.date"), { exact: true }).fill(yesterday);
    await page.getByLabel(t("session.field.time")).fill("10:00");
    await page.getByLabel(t("session.field.place"), { exact: true }).fill("Salle du fond");
    await page.getByRole("button", { name: t("session.create") }).click();

    await page.getByText("Cette date et cette heure sont déjà passées.").waitFor();
    expect(await page.getByLabel(t("session.field.date"), { exact: true }).getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel(t("session.field.title"), { exact: true }).inputValue()).toBe("Atelier tenu sur papier");
    expect(await page.getByLabel(t("session.field.date"), { exact: true }).inputValue()).toBe(yesterday);
    expect(await page.getByLabel(t("session.field.place"), { exact: true }).inputValue()).toBe("Salle du fond");
    expect(page.url()).toBe(`${product.base}/sessions/new`);
    expect(await violations(page), "/sessions/new with a past date").toEqual([]);

    await page.getByLabel(t("session.field.recordPast")).check();
    await page.getByRole("button", { name: t("session.create") }).click();
    await page.waitForURL(/\/sessions\/(?!new)[^/]+$/);
    await page.getByRole("heading", { level: 1, name: "Atelier tenu sur papier" }).waitFor();
  });
});
