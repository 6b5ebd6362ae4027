import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO } from "../../prisma/seed.js";
import { violations } from "./axe.js";
import { refusal } from "./console-watch.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { t } from "../../app/i18n/index.js";

describe("structures: inviting a colleague by link", () => {
  let product: RunningProduct;
  beforeAll(async () => {
    product = await startProduct();
  });
  afterAll(() => product?.close());

  it("the demo admin invites a colleague by link; the colleague creates an account through it and lands in the structure", async () => {
    // The used invitation link is opened again: a 404, on purpose.
    product.allowConsoleErrors(refusal(404, /\/invitation\/[\w-]+/));
    const page = await product.signIn("/structures");
    await page.getByRole("heading", { name: t("structures.nav"), level: 1 }).waitFor();
    expect(await violations(page), "/structures").toEqual([]);

    await page.getByRole("link", { name: "Structure de démonstration" }).click();
    await page.waitForURL(`${product.base}/structures/${DEMO.structureId}`);
    await page.getByLabel(t("structures.invite.role")).selectOption({ label: "Animateur·rice" });
    await page.getByRole("button", { name: t("structures.invite.submit") }).click();
    const linkBox = page.getByLabel(t("structures.invite.link"));
    await linkBox.waitFor();
    const link = await linkBox.inputValue();
    expect(link).toMatch(new RegExp(`^${product.base}/invitation/`));
    await page.getByText(/^Animateur·rice, valable jusqu'au/).waitFor();
    expect(await violations(page), `/structures/${DEMO.structureId}`).toEqual([]);

    // The colleague, in a browser of their own, without an account.
    const colleague = await (await product.browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    await colleague.goto(link);
    await colleague.getByRole("heading", { name: t("structures.invitation.accept", { name: "Structure de démonstration" }) }).waitFor();
    await colleague.getByLabel(t("structures.invitation.signup.displayName")).fill("Inès Moreau");
    await colleague.getByLabel(t("structures.invitation.signup.email")).fill("ines.moreau@exemple.fr");
    await colleague.getByLabel(t("structures.invitation.signup.password"), { exact: true }).fill("une phrase assez longue");
    await colleague.getByRole("button", { name: t("structures.invitation.signup.submit") }).click();
    await colleague.waitForURL(`${product.base}/structures/${DEMO.structureId}?bienvenue`);
    await colleague
      .getByRole("status")
      .filter({ hasText: t("structures.welcome") })
      .waitFor();
    await colleague.getByTestId("structure-member").filter({ hasText: "Inès Moreau" }).waitFor();
    expect(await violations(colleague), "/structures/<id> as a new facilitator").toEqual([]);

    const user = await product.db.user.findUniqueOrThrow({
      where: { email: "ines.moreau@exemple.fr" },
      select: { memberships: { select: { structureId: true, role: true } } },
    });
    expect(user.memberships).toEqual([{ structureId: DEMO.structureId, role: "facilitator" }]);

    // The link has served: opening it again says so plainly.
    const again = await colleague.goto(link);
    expect(again?.status()).toBe(404);
    await colleague.getByRole("heading", { name: t("structures.invitation.invalid.title") }).waitFor();
  });

  it("a professional in two structures switches the current one from the header; the host adds a co-host structure on the session page", async () => {
    const { db } = product;
    const admin = await db.user.findUniqueOrThrow({ where: { email: DEMO.email }, select: { id: true } });
    await db.membership.create({ data: { userId: admin.id, structureId: DEMO.partner.structureId, role: "facilitator" } });
    const page = await product.signIn("/sessions/new");
    await page.getByLabel(t("structures.current")).selectOption({ label: "Mission locale (démonstration)" });
    await page.getByRole("button", { name: t("structures.switcher.submit") }).click();
    await page.waitForURL(`${product.base}/sessions/new`);
    await page.waitForFunction(() => (document.getElementById("structureId") as HTMLSelectElement | null)?.value === "demo-partenaire");
    await db.membership.deleteMany({ where: { userId: admin.id, structureId: DEMO.partner.structureId } });

    await page.goto(`${product.base}/sessions/demo-echange`);
    const section = page.getByRole("region", { name: t("structures.cohosts.title") });
    await section.getByLabel(t("structures.cohosts.add")).selectOption({ label: "Mission locale (démonstration)" });
    await section.getByRole("button", { name: t("structures.cohosts.add.submit") }).click();
    await section.getByRole("button", { name: t("structures.cohosts.remove", { name: "Mission locale (démonstration)" }) }).waitFor();
    expect(await db.sessionCoHost.count({ where: { sessionId: "demo-echange", structureId: DEMO.partner.structureId } })).toBe(1);
    expect(await violations(page), "/sessions/demo-echange with a co-host").toEqual([]);
  });
});
