import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO } from "../../prisma/seed.js";
import { violations } from "./axe.js";
import { refusal } from "./console-watch.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { t } from "../../app/i18n/index.js";

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

describe("closing a peer workshop: the group's cards become proposals the person answers", () => {
  let product: RunningProduct;
  beforeAll(async () => {
    product = await startProduct();
  });
  afterAll(() => product?.close());

  it("the facilitator links a participant to a record and proposes two cards; on the phone, one is accepted and one declined", async () => {
    // The closing form is first sent with an error: 400, on purpose.
    product.allowConsoleErrors(refusal(400, "/sessions/demo-pairs/closing.data"));
    const { db } = product;
    const person = await db.person.create({ data: { structureId: DEMO.structureId, displayName: "Awa Diallo" } });

    // A participant joins from a phone and writes two cards.
    const phone = await (await product.browser.newContext(PHONE)).newPage();
    await phone.goto(`${product.base}/join/PAR7AG`);
    await phone.getByLabel(t("join.name")).fill("Awa");
    await phone.getByRole("button", { name: t("contribute.join.phone") }).tap();
    await phone.waitForURL(`${product.base}/contribute/demo-pairs`);
    await phone
      .getByTestId("contribute-connection")
      .filter({ hasText: t("contribute.connection.online") })
      .waitFor();
    for (const text of ["Je sais réparer un vélo", "J'ai besoin d'un casque"]) {
      await phone.getByRole("textbox", { name: t("contribute.text.label") }).fill(text);
      await phone.getByRole("button", { name: t("contribute.send") }).tap();
      // The text leaves the box only once the server has placed the card.
      await phone.waitForFunction(() => (document.getElementById("contribute-text") as HTMLTextAreaElement).value === "");
      await phone
        .getByTestId("contribute-sent")
        .filter({ hasText: t("contribute.sent") })
        .waitFor();
    }

    // The facilitator closes the session: who is who, then the two cards.
    const page = await product.signIn("/sessions/demo-pairs");
    await page.getByRole("link", { name: t("closing.link") }).click();
    await page.waitForURL(`${product.base}/sessions/demo-pairs/closing`);
    await page.getByLabel(t("closing.who.label", { name: "Awa" })).selectOption({ label: "Awa Diallo" });
    await page.getByRole("button", { name: `${t("closing.who.save")} ${t("closing.who.saveFor", { name: "Awa" })}` }).click();
    await page
      .getByRole("status")
      .filter({ hasText: t("closing.who.saved") })
      .waitFor();

    // Forgetting what the card says: told in French, next to the field, and the choices stay.
    const first = page.getByTestId("closing-card").filter({ hasText: "Je sais réparer un vélo" });
    await first.getByLabel(t("closing.card.dimension")).selectOption({ label: "Compétences" });
    await first.getByRole("button", { name: t("closing.card.propose") }).click();
    await page.getByRole("alert").waitFor();
    await first.getByText(t("closing.error.kind")).waitFor();
    expect(await first.getByLabel(t("closing.card.dimension")).inputValue()).toBe("skills");
    expect(await violations(page), "/sessions/demo-pairs/closing with an error").toEqual([]);

    const proposals = [
      { text: "Je sais réparer un vélo", kind: "Une force", dimension: "Compétences" },
      { text: "J'ai besoin d'un casque", kind: "Un besoin", dimension: "Mobilité" },
    ];
    for (const { text, kind, dimension } of proposals) {
      const card = page.getByTestId("closing-card").filter({ hasText: text });
      await card.getByText(t("closing.card.author", { name: "Awa" })).waitFor();
      // Awa wrote it and is the only Awa: already chosen.
      expect(await card.getByLabel(t("closing.card.participant")).inputValue()).not.toBe("");
      await card.getByLabel(t("closing.card.kind")).selectOption({ label: kind });
      await card.getByLabel(t("closing.card.dimension")).selectOption({ label: dimension });
      await card.getByRole("button", { name: t("closing.card.propose") }).click();
      await card
        .getByRole("status")
        .filter({ hasText: t("closing.card.proposed") })
        .waitFor();
      await card
        .getByTestId("closing-card-counts")
        .filter({ hasText: t("closing.card.counts", { made: 1, accepted: 0 }) })
        .waitFor();
    }
    expect(await violations(page), "/sessions/demo-pairs/closing").toEqual([]);
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: "/tmp/closing-360.png", fullPage: true });

    // On the phone, the two proposals; the person decides one by one.
    await phone.reload();
    const section = phone.getByTestId("contribute-proposals");
    await section.getByRole("heading", { level: 2, name: t("closing.phone.title") }).waitFor();
    expect(await section.getByTestId("contribute-proposal").count()).toBe(2);
    expect(await violations(phone), "/contribute with proposals").toEqual([]);
    await section
      .getByTestId("contribute-proposal")
      .filter({ hasText: "Je sais réparer un vélo" })
      .getByRole("button", { name: t("closing.phone.accept") })
      .tap();
    await section
      .getByRole("status")
      .filter({ hasText: t("closing.phone.accepted") })
      .waitFor();
    await section.getByTestId("contribute-proposal").filter({ hasText: "Je sais réparer un vélo" }).waitFor({ state: "detached" });
    await section
      .getByTestId("contribute-proposal")
      .filter({ hasText: "J'ai besoin d'un casque" })
      .getByRole("button", { name: t("closing.phone.decline") })
      .tap();
    await section
      .getByRole("status")
      .filter({ hasText: t("closing.phone.declined") })
      .waitFor();
    // The list is read again after the answer: the declined card leaves it.
    await section.getByTestId("contribute-proposal").filter({ hasText: "J'ai besoin d'un casque" }).waitFor({ state: "detached" });
    expect(await section.getByTestId("contribute-proposal").count()).toBe(0);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    const entries = await db.diagnosticEntry.findMany({ where: { diagnostic: { personId: person.id } } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: "strength", dimension: "skills", text: "Je sais réparer un vélo" });
    expect(entries[0].provenance).toMatchObject({ sessionId: "demo-pairs", sessionTitle: "Atelier entre pairs : mes forces" });
    expect(await db.outcome.count({ where: { cardText: "J'ai besoin d'un casque" } })).toBe(0);
    expect(await db.outcome.count({ where: { personId: person.id, status: "accepted" } })).toBe(1);
  });
});
