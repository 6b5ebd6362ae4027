import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { issueParticipantToken } from "../../app/auth/auth.server.js";
import { professionalViewer } from "../../app/diagnostic/access.server.js";
import { linkParticipant } from "../../app/diagnostic/outcomes.server.js";
import { createSignInCode } from "../../app/diagnostic/sign-in-codes.server.js";
import { t } from "../../app/i18n/index.js";
import { DEMO } from "../../prisma/seed.js";
import { violations } from "./axe.js";
import { refusal } from "./console-watch.js";
import { startProduct, type RunningProduct } from "./harness.js";

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const BADGE = "Force reconnue par le groupe";

/** axe-core on the page as it is, then again at 360 px wide. */
async function accessible(page: Page, label: string) {
  expect(await violations(page), label).toEqual([]);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await violations(page), `${label} at 360 px`).toEqual([]);
  if (size) await page.setViewportSize(size);
}

describe("a badge earned in a workshop, from the closing page to the public verification", () => {
  let product: RunningProduct;
  let code: string;
  let personId: string;

  beforeAll(async () => {
    product = await startProduct();
    const { db } = product;
    const facilitator = await db.user.findUniqueOrThrow({ where: { email: DEMO.email } });
    const person = await db.person.create({ data: { structureId: DEMO.structureId, displayName: "Awa Badge" } });
    personId = person.id;
    await issueParticipantToken(db, new Request("http://localhost/"), "demo-pairs", "Awa B.");
    const participant = await db.participant.findFirstOrThrow({ where: { sessionId: "demo-pairs", displayName: "Awa B." } });
    await linkParticipant(db, facilitator.id, "demo-pairs", participant.id, personId);
    ({ code } = await createSignInCode(db, await professionalViewer(db, facilitator.id), personId));
  });

  afterAll(() => product?.close());

  it("a facilitator awards it at closing, she accepts it on her phone, the verification page says valid, then revoked", async () => {
    const { base, db } = product;
    // The badge form is first sent without a badge: a 400 on purpose; so is the revocation without a reason.
    product.allowConsoleErrors(
      refusal(400, "/sessions/demo-pairs/closing.data"),
      refusal(400, `/structures/${DEMO.structureId}/badges.data`),
    );

    // The closing page: a badge for the participant recognised as Awa.
    const pro = await product.signIn("/sessions/demo-pairs/closing");
    const section = pro.locator("section", { has: pro.getByRole("heading", { name: t("badges.closing.title") }) });
    const row = section.getByTestId("closing-badge").filter({ hasText: "Awa B." });
    await row.getByRole("button", { name: t("badges.closing.award") }).click();
    await row.getByText(t("badges.error.badge")).waitFor();
    await accessible(pro, "/sessions/…/closing with a badge error");
    await row.getByLabel(t("badges.closing.label", { name: "Awa B." })).selectOption({ label: BADGE });
    await row.getByRole("button", { name: t("badges.closing.award") }).click();
    await section.getByText(t("badges.closing.awarded")).waitFor();
    await section.getByText(`${BADGE} — ${t("badges.status.proposed")}`).waitFor();
    expect(await db.badgeAward.count({ where: { personId, status: "proposed" } })).toBe(1);

    // Her phone: the proposal on her space, accepted.
    const phone = await (await product.browser.newContext(PHONE)).newPage();
    await phone.goto(`${base}/espace/connexion`);
    await phone.getByLabel(t("espace.connexion.code")).fill(code);
    await phone.getByRole("button", { name: t("espace.connexion.submit") }).click();
    await phone.waitForURL(`${base}/espace`);
    await phone.getByText(t("badges.proposals.question", { name: BADGE })).waitFor();
    expect(await violations(phone), "/espace with a badge proposal").toEqual([]);
    await phone.getByRole("button", { name: `${t("badges.proposals.accept")} ${BADGE}` }).click();
    await phone.waitForURL(`${base}/espace/badges`);
    await phone
      .getByRole("status")
      .filter({ hasText: t("badges.proposals.accepted") })
      .waitFor();
    const mine = phone.getByTestId("my-badge").filter({ hasText: BADGE });
    await mine.waitFor();
    expect(await violations(phone), "/espace/badges").toEqual([]);

    // Her file: the signed credential, and it is among her documents.
    const award = await db.badgeAward.findFirstOrThrow({ where: { personId, status: "accepted" } });
    const download = await phone.request.get(`${base}/espace/badges/${award.id}`);
    expect(download.status()).toBe(200);
    expect(download.headers()["content-disposition"]).toContain("badge-force-reconnue-par-le-groupe.json");
    const credential = (await download.json()) as Record<string, unknown>;
    expect(credential.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
    expect(await db.personDocument.count({ where: { personId, badgeAwardId: award.id, kind: "badge" } })).toBe(1);

    // The public verification page, from her link, signed out (an employer).
    const employer = await (await product.browser.newContext()).newPage();
    await employer.goto(`${base}/badges/verifier/${award.id}`);
    await employer.getByRole("heading", { name: t("badges.verify.valid") }).waitFor();
    await employer.getByText(BADGE).first().waitFor();
    await accessible(employer, "/badges/verifier/<id>");

    // The same, pasted; then a tampered copy.
    await employer.goto(`${base}/badges/verifier`);
    await accessible(employer, "/badges/verifier");
    await employer.getByLabel(t("badges.verify.paste")).fill(JSON.stringify(credential));
    await employer.getByRole("button", { name: t("badges.verify.submit") }).click();
    await employer.getByRole("heading", { name: t("badges.verify.valid") }).waitFor();
    // Her file, uploaded as she got it.
    await employer.goto(`${base}/badges/verifier`);
    await employer.getByLabel(t("badges.verify.file")).setInputFiles({
      name: "badge-force-reconnue-par-le-groupe.json",
      mimeType: "application/json",
      buffer: Buffer.from(await download.body()),
    });
    await employer.getByRole("button", { name: t("badges.verify.submit") }).click();
    await employer.getByRole("heading", { name: t("badges.verify.valid") }).waitFor();
    const tampered = structuredClone(credential) as { credentialSubject: { achievement: { name: string } } };
    tampered.credentialSubject.achievement.name = "Directrice générale";
    await employer.getByLabel(t("badges.verify.paste")).fill(JSON.stringify(tampered));
    await employer.getByRole("button", { name: t("badges.verify.submit") }).click();
    await employer.getByRole("heading", { name: t("badges.verify.invalid") }).waitFor();
    await employer.getByText(t("badges.verify.problem.signature")).waitFor();
    await accessible(employer, "/badges/verifier with an invalid badge");

    // Machines get JSON.
    const json = await employer.request.get(`${base}/badges/verification?badge=${award.id}`);
    expect(await json.json()).toMatchObject({ valid: true, problem: null });

    // The structure's admin page: the catalogue, the key, and the revocation.
    await pro.goto(`${base}/structures/${DEMO.structureId}/badges`);
    await pro.getByRole("heading", { level: 1, name: t("badges.admin.title") }).waitFor();
    await accessible(pro, "/structures/…/badges");
    const issued = pro.getByTestId("issued-badge").filter({ hasText: "Awa Badge" });
    await issued.getByRole("button", { name: t("badges.admin.revoke") }).click();
    await issued.getByText(t("badges.error.reason")).waitFor();
    await accessible(pro, "/structures/…/badges with an error");
    await issued.getByLabel(t("badges.admin.reason", { name: BADGE, person: "Awa Badge" })).fill("Attribué par erreur");
    await issued.getByRole("button", { name: t("badges.admin.revoke") }).click();
    await pro.getByText(t("badges.admin.done.revoked")).waitFor();

    await employer.goto(`${base}/badges/verifier/${award.id}`);
    await employer.getByRole("heading", { name: t("badges.verify.invalid") }).waitFor();
    await employer.getByText(t("badges.verify.problem.revoked")).waitFor();
    await employer.getByText(t("badges.verify.revokedReason", { reason: "Attribué par erreur" })).waitFor();
    await accessible(employer, "/badges/verifier/<id> revoked");
  });
});
