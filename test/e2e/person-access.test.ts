import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { hashToken, newToken } from "../../app/auth/auth.server.js";
import { professionalViewer } from "../../app/diagnostic/access.server.js";
import { createSignInCode } from "../../app/diagnostic/sign-in-codes.server.js";
import { DEMO } from "../../prisma/seed.js";
import { violations } from "./axe.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { t } from "../../app/i18n/index.js";

const PHONE = {
  viewport: { width: 360, height: 740 },
  isMobile: true,
  hasTouch: true,
  userAgent: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
};

/** Her phone: a browser whose platform authenticator is Chromium's virtual one (fingerprint always accepted). */
async function phoneWithFingerprint(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  return page;
}

describe("a person's own way in, on her phone", () => {
  let product: RunningProduct;
  let base: string;
  let personId: string;
  let facilitatorName: string;

  beforeAll(async () => {
    product = await startProduct();
    base = product.base;
    const facilitator = await product.db.user.findUniqueOrThrow({ where: { email: DEMO.email } });
    facilitatorName = facilitator.displayName;
    personId = (await product.db.person.create({ data: { structureId: DEMO.structureId, displayName: "Awa" } })).id;
  });

  afterAll(() => product?.close());

  const newCode = async () => {
    const facilitator = await product.db.user.findUniqueOrThrow({ where: { email: DEMO.email } });
    return (await createSignInCode(product.db, await professionalViewer(product.db, facilitator.id), personId)).code;
  };

  async function signInWithCode(page: Page) {
    const code = await newCode();
    await page.goto(`${base}/espace/connexion`);
    await page.getByLabel(t("espace.connexion.code")).fill(code);
    await page.getByRole("button", { name: t("espace.connexion.submit") }).click();
    await page.waitForURL(`${base}/espace`);
  }

  it("registers her phone's fingerprint, comes back with it typing nothing, sees her devices and signs out everywhere", async () => {
    const phoneContext = await product.browser.newContext(PHONE);
    const phone = await phoneWithFingerprint(phoneContext);
    await signInWithCode(phone);

    // Register this phone, with a name.
    await phone.getByRole("link", { name: t("espace.nav.appareils") }).click();
    await phone.waitForURL(`${base}/espace/appareils`);
    await phone.getByText(t("espace.appareils.passkeys.none")).waitFor();
    expect(await violations(phone), "/espace/appareils at 360 px").toEqual([]);
    await phone.getByLabel(t("espace.appareils.passkey.label"), { exact: true }).fill("Mon téléphone");
    await phone.getByRole("button", { name: t("espace.appareils.passkey.add") }).click();
    await phone
      .getByRole("status")
      .filter({ hasText: t("espace.appareils.passkey.saved") })
      .waitFor();
    await phone.getByRole("heading", { level: 3, name: "Mon téléphone" }).waitFor();
    const stored = await product.db.personPasskey.findFirstOrThrow({ where: { personId } });
    expect(stored.label).toBe("Mon téléphone");
    expect(await violations(phone), "/espace/appareils with a passkey").toEqual([]);

    // Rename it.
    await phone.getByLabel(t("espace.appareils.passkey.rename.label", { name: "Mon téléphone" })).fill("Téléphone d'Awa");
    await phone.getByRole("button", { name: t("espace.appareils.passkey.rename") }).click();
    await phone.getByRole("heading", { level: 3, name: "Téléphone d'Awa" }).waitFor();

    // Out, then back in with the fingerprint: nothing typed.
    await phone.getByRole("button", { name: t("espace.nav.logout") }).click();
    await phone.waitForURL(`${base}/espace/connexion?sortie=1`);
    expect(await violations(phone), "/espace/connexion with the passkey button").toEqual([]);
    await phone.getByRole("button", { name: t("espace.connexion.passkey.submit") }).click();
    await phone.waitForURL(`${base}/espace`);
    await phone.getByRole("heading", { level: 1, name: t("espace.nav.diagnostic") }).waitFor();
    const sessions = await product.db.personSession.findMany({ where: { personId, revokedAt: null } });
    expect(sessions.map((session) => session.method)).toEqual(["passkey"]);
    expect(sessions[0].device).toBe("Chrome sur Android");
    expect((await product.db.personPasskey.findFirstOrThrow({ where: { personId } })).lastUsedAt).not.toBeNull();

    // A second device, by code; her list shows both, this one marked.
    const laptopContext = await product.browser.newContext();
    const laptop = await laptopContext.newPage();
    await signInWithCode(laptop);
    await phone.goto(`${base}/espace/appareils`);
    const cards = phone.getByRole("region", { name: t("espace.appareils.devices.title") }).getByRole("listitem");
    await cards.filter({ hasText: t("espace.appareils.device.current") }).waitFor();
    expect(await cards.count()).toBe(2);

    // The laptop's page, on a wide screen, reads well too.
    await laptop.goto(`${base}/espace/appareils`);
    expect(await violations(laptop), "/espace/appareils on a desktop").toEqual([]);

    // Everywhere: the laptop's cookie no longer opens anything.
    await phone.getByRole("button", { name: t("espace.appareils.signOutEverywhere") }).click();
    await phone.waitForURL(`${base}/espace/connexion?sortie=partout`);
    await phone.getByText(t("espace.connexion.signedOutEverywhere")).waitFor();
    await laptop.goto(`${base}/espace/appareils`);
    await laptop.waitForURL(`${base}/espace/connexion`);
    expect(await product.db.personSession.count({ where: { personId, revokedAt: null } })).toBe(0);

    // The passkey still works after that; deleting it ends that way in.
    await phone.getByRole("button", { name: t("espace.connexion.passkey.submit") }).click();
    await phone.waitForURL(`${base}/espace`);
    await phone.goto(`${base}/espace/appareils`);
    await phone.getByRole("button", { name: t("espace.appareils.passkey.delete.named", { name: "Téléphone d'Awa" }) }).click();
    await phone.getByText(t("espace.appareils.passkeys.none")).waitFor();
    expect(await product.db.personPasskey.count({ where: { personId } })).toBe(0);
    await phoneContext.close();
    await laptopContext.close();
  });

  it("an e-mailed link opens her space once, from a page that spends nothing until she presses the button", async () => {
    const token = newToken();
    await product.db.personSignInCode.create({
      data: { personId, kind: "link", codeHash: hashToken(token), expiresAt: new Date(Date.now() + 15 * 60_000) },
    });
    for (const options of [PHONE, {}]) {
      const context = await product.browser.newContext(options);
      const page = await context.newPage();
      await page.goto(`${base}/espace/lien/${token}`);
      await page.getByRole("button", { name: t("espace.link.submit") }).waitFor();
      expect(await violations(page), `/espace/lien at ${options === PHONE ? "360 px" : "desktop"}`).toEqual([]);
      await context.close();
    }
    expect((await product.db.personSignInCode.findFirstOrThrow({ where: { codeHash: hashToken(token) } })).usedAt).toBeNull();
    const context = await product.browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${base}/espace/lien/${token}`);
    await page.getByRole("button", { name: t("espace.link.submit") }).click();
    await page.waitForURL(`${base}/espace`);
    await context.close();
    // No mail sender on this server: the sign-in page does not offer the link.
    const fresh = await (await product.browser.newContext(PHONE)).newPage();
    await fresh.goto(`${base}/espace/connexion`);
    await fresh.getByRole("button", { name: t("espace.connexion.submit") }).waitFor();
    expect(await fresh.getByText(t("espace.connexion.link.title")).count()).toBe(0);
  });

  it("her referent, named by the structure, shows on her space with how to reach them", async () => {
    const pro = await product.signIn(`/people/${personId}`);
    await pro.getByLabel(t("pro.referent.label")).selectOption({ label: facilitatorName });
    await pro.getByRole("button", { name: t("pro.referent.submit") }).click();
    await pro
      .getByRole("status")
      .filter({ hasText: t("pro.referent.saved") })
      .waitFor();
    expect(await violations(pro), "/people/:id with the referent form").toEqual([]);

    const phone = await (await product.browser.newContext(PHONE)).newPage();
    await signInWithCode(phone);
    const section = phone.getByRole("region", { name: t("espace.referent.title") });
    await section.getByText(facilitatorName, { exact: false }).waitFor();
    await section.getByRole("link", { name: DEMO.email }).waitFor();
    expect(await violations(phone), "/espace with the referent").toEqual([]);
    await phone.setViewportSize({ width: 1280, height: 800 });
    expect(await violations(phone), "/espace with the referent, desktop").toEqual([]);
  });
});
