import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../app/auth/auth.server.js";
import { formatDay, t } from "../../app/i18n/index.js";
import { DEMO } from "../../prisma/seed.js";
import { refusal } from "./console-watch.js";
import { startProduct, type RunningProduct } from "./harness.js";

// Issue 5's journey: a peer workshop closes, two outcomes are proposed, the person accepts one and
// declines the other in their personal space; the referent sees exactly the accepted one with its
// provenance; another structure sees nothing until the person grants it access.
const PARTNER = { email: "conseiller@partenaire.exemple.fr", password: "mot-de-passe-partenaire", structure: "Mission locale de l'Est" };

describe("from a workshop to the person's diagnostic, with the person deciding", () => {
  let product: RunningProduct;
  let personId: string;

  beforeAll(async () => {
    product = await startProduct();
    const { db } = product;
    personId = (await db.person.create({ data: { structureId: DEMO.structureId, displayName: "Awa Diallo" } })).id;
    const partner = await db.structure.create({ data: { name: PARTNER.structure, kind: "association" } });
    const user = await db.user.create({
      data: { email: PARTNER.email, displayName: "Karim Benali", passwordHash: await hashPassword(PARTNER.password) },
    });
    await db.membership.create({ data: { userId: user.id, structureId: partner.id, role: "facilitator" } });
  });

  afterAll(() => product?.close());

  async function signInPartner(): Promise<Page> {
    const page = await (await product.browser.newContext()).newPage();
    await page.goto(`${product.base}/login`);
    await page.getByLabel(t("login.email")).fill(PARTNER.email);
    await page.getByLabel(t("login.password")).fill(PARTNER.password);
    await page.getByRole("button", { name: t("login.submit") }).click();
    await page.waitForURL(/\/sessions$/);
    return page;
  }

  it("accept one, decline the other; the referent sees only the accepted one; the partner sees nothing until granted", async () => {
    // The partner's first look, before any grant, is a 404, on purpose.
    product.allowConsoleErrors(refusal(404, /\/people\/[\w-]+/));
    // A participant writes two cards from a phone.
    const phone = await (
      await product.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })
    ).newPage();
    await phone.goto(`${product.base}/join/PAR7AG`);
    await phone.getByLabel(t("join.name")).fill("Awa");
    await phone.getByRole("button", { name: t("contribute.join.phone") }).tap();
    await phone
      .getByTestId("contribute-connection")
      .filter({ hasText: t("contribute.connection.online") })
      .waitFor();
    for (const text of ["Je sais réparer un vélo", "J'ai besoin d'un casque"]) {
      await phone.getByRole("textbox", { name: t("contribute.text.label") }).fill(text);
      await phone.getByRole("button", { name: t("contribute.send") }).tap();
      await phone.waitForFunction(() => (document.getElementById("contribute-text") as HTMLTextAreaElement).value === "");
    }

    // The facilitator closes the workshop: Awa is Awa Diallo's record; two proposals.
    const facilitator = await product.signIn("/sessions/demo-pairs/closing");
    await facilitator.getByLabel(t("closing.who.label", { name: "Awa" })).selectOption({ label: "Awa Diallo" });
    await facilitator.getByRole("button", { name: `${t("closing.who.save")} ${t("closing.who.saveFor", { name: "Awa" })}` }).click();
    await facilitator
      .getByRole("status")
      .filter({ hasText: t("closing.who.saved") })
      .waitFor();
    for (const { text, kind, dimension } of [
      { text: "Je sais réparer un vélo", kind: "Une force", dimension: "Compétences" },
      { text: "J'ai besoin d'un casque", kind: "Un besoin", dimension: "Mobilité" },
    ]) {
      const card = facilitator.getByTestId("closing-card").filter({ hasText: text });
      await card.getByLabel(t("closing.card.kind")).selectOption({ label: kind });
      await card.getByLabel(t("closing.card.dimension")).selectOption({ label: dimension });
      await card.getByRole("button", { name: t("closing.card.propose") }).click();
      await card
        .getByRole("status")
        .filter({ hasText: t("closing.card.proposed") })
        .waitFor();
    }

    // Her professional gives her a one-time code for her personal space.
    await facilitator.goto(`${product.base}/people/${personId}`);
    await facilitator.getByRole("button", { name: t("pro.code.create") }).click();
    const code = (await facilitator.getByTestId("pro-code-value").textContent())!.trim();

    // In her personal space, Awa decides one by one.
    const space = await (await product.browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    await space.goto(`${product.base}/espace/connexion`);
    await space.getByLabel(t("espace.connexion.code")).fill(code);
    await space.getByRole("button", { name: t("espace.connexion.submit") }).click();
    await space.getByRole("heading", { level: 1, name: t("espace.nav.diagnostic") }).waitFor();
    const proposal = (text: string) =>
      space
        .getByRole("listitem")
        .filter({ hasText: text })
        .filter({ has: space.getByRole("button", { name: t("espace.proposals.decline") }) });
    await proposal("Je sais réparer un vélo")
      .getByRole("button", { name: t("espace.proposals.accept") })
      .click();
    await space
      .getByRole("status")
      .filter({ hasText: t("espace.proposals.accepted") })
      .waitFor();
    await proposal("J'ai besoin d'un casque")
      .getByRole("button", { name: t("espace.proposals.decline") })
      .click();
    await proposal("J'ai besoin d'un casque").waitFor({ state: "detached" });

    // The referent sees exactly the accepted one, with where it comes from.
    await facilitator.goto(`${product.base}/people/${personId}`);
    await facilitator.getByText("Je sais réparer un vélo").first().waitFor();
    const { startsAt } = await product.db.groupSession.findUniqueOrThrow({ where: { id: "demo-pairs" } });
    await facilitator
      .getByText(
        `Issu de l'atelier « Atelier entre pairs : mes forces » (Atelier entre pairs) du ${formatDay(startsAt)}, animé par Structure de démonstration`,
        { exact: false },
      )
      .waitFor();
    expect(await facilitator.getByText("J'ai besoin d'un casque").count()).toBe(0);

    // Another structure: nothing, not even that she exists.
    const partner = await signInPartner();
    const refused = await partner.goto(`${product.base}/people/${personId}`);
    expect(refused?.status()).toBe(404);
    await partner.goto(`${product.base}/people`);
    expect(await partner.getByText("Awa Diallo").count()).toBe(0);

    // Awa shares her whole diagnostic with that structure until tomorrow: now it sees it.
    await space.goto(`${product.base}/espace/partage`);
    await space.getByLabel(t("espace.partage.field.structure")).selectOption({ label: PARTNER.structure });
    await space.getByLabel(t("espace.partage.field.until")).fill(new Date(Date.now() + 86_400_000).toISOString().slice(0, 10));
    await space.getByRole("button", { name: t("espace.partage.submit") }).click();
    await space.getByRole("listitem").filter({ hasText: PARTNER.structure }).getByText(t("espace.partage.state.active")).waitFor();
    const granted = await partner.goto(`${product.base}/people/${personId}`);
    expect(granted?.status()).toBe(200);
    await partner.getByText("Je sais réparer un vélo").first().waitFor();

    // She sees in her journal that the partner read it.
    await space.goto(`${product.base}/espace/journal`);
    await space.getByText(PARTNER.structure).first().waitFor();
  });
});
