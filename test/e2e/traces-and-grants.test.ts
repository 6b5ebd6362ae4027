import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueParticipantToken } from "../../app/auth/auth.server.js";
import { professionalViewer } from "../../app/diagnostic/access.server.js";
import { addCalendarDays, lastGrantDay } from "../../app/diagnostic/grant-limits.js";
import { grantAccess } from "../../app/diagnostic/grants.server.js";
import { linkParticipant } from "../../app/diagnostic/outcomes.server.js";
import { createSignInCode } from "../../app/diagnostic/sign-in-codes.server.js";
import { formatDay, t } from "../../app/i18n/index.js";
import { todayInParis } from "../../app/lib/paris-dates.js";
import { readObject } from "../../app/privacy/access-words.js";
import { DEFAULT_PERIODS, personalSpaceNoticeLines } from "../../app/privacy/notice.js";
import { DEMO } from "../../prisma/seed.js";
import { violations } from "./axe.js";
import { startProduct, type RunningProduct } from "./harness.js";

// Issue 15.6–15.8 in a browser: the structure's admin reads who opened what; the person sees a grant
// about to end, renews it, reads her journal, and her space says how long things are kept.
const PARTNER = "Centre social des Lilas";

describe("traces, a grant that ends and the personal space's notice", () => {
  let product: RunningProduct;
  let code: string;
  let grantEnd: string;

  beforeAll(async () => {
    product = await startProduct();
    const { db } = product;
    const facilitator = await db.user.findUniqueOrThrow({ where: { email: DEMO.email } });
    const viewer = await professionalViewer(db, facilitator.id);
    const person = await db.person.create({ data: { structureId: DEMO.structureId, displayName: "Awa" } });
    await issueParticipantToken(db, new Request("http://localhost/"), "demo-pairs", "Awa");
    const participant = await db.participant.findFirstOrThrow({ where: { sessionId: "demo-pairs", displayName: "Awa" } });
    await linkParticipant(db, facilitator.id, "demo-pairs", participant.id, person.id);
    const partner = await db.structure.create({ data: { name: PARTNER } });
    grantEnd = addCalendarDays(todayInParis(), 10);
    await grantAccess(db, person.id, { structureId: partner.id, dimensions: [], until: grantEnd });
    ({ code } = await createSignInCode(db, viewer, person.id));
  });

  afterAll(() => product?.close());

  it("the admin sees the report's read; Awa renews a grant ending soon and sees the read in her journal", async () => {
    const session = await product.db.groupSession.findUniqueOrThrow({ where: { id: "demo-pairs" } });
    const readOfReport = readObject("session.report", { title: session.title, startsAt: session.startsAt });

    // The demo facilitator, admin of her structure, opens the report, then the structure's traces.
    const admin = await product.signIn("/sessions/demo-pairs/report");
    await admin.getByRole("heading", { level: 1, name: t("report.title") }).waitFor();
    await admin.goto(`${product.base}/structures/${DEMO.structureId}`);
    await admin.getByRole("link", { name: t("access.link") }).click();
    await admin.waitForURL(`${product.base}/structures/${DEMO.structureId}/acces`);
    await admin.getByTestId("access-log").getByText(`${DEMO.displayName} ${readOfReport}.`).waitFor();
    expect(await violations(admin), "/structures/…/acces").toEqual([]);

    // Awa, on her phone: her space says a grant ends soon, and how long things are kept.
    const page = await (
      await product.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })
    ).newPage();
    await page.goto(`${product.base}/espace/connexion`);
    await page.getByLabel(t("espace.connexion.code")).fill(code);
    await page.getByRole("button", { name: t("espace.connexion.submit") }).click();
    await page.waitForURL(`${product.base}/espace`);
    const soon = page.getByTestId("grants-ending-soon");
    await soon.getByText(t("grant.endsSoon", { structure: PARTNER, date: formatDay(`${grantEnd}T12:00:00Z`) })).waitFor();
    for (const line of personalSpaceNoticeLines(DEFAULT_PERIODS)) await page.getByTestId("privacy-notice").getByText(line).waitFor();
    expect(await violations(page), "/espace with a grant ending soon").toEqual([]);

    // « Le prolonger ? » leads to the grant, whose renewal form is open, proposing the latest day.
    await soon.getByRole("link", { name: t("grant.endsSoon.renew") }).click();
    await page.waitForURL(/\/espace\/partage#acces-/);
    const grant = page.getByRole("listitem").filter({ hasText: PARTNER });
    const last = lastGrantDay(todayInParis());
    expect(await grant.getByLabel(t("grant.renew.field")).inputValue()).toBe(last);
    expect(await grant.getByLabel(t("grant.renew.field")).getAttribute("max")).toBe(last);
    await grant.getByRole("button", { name: `${t("grant.renew.submit")} — ${PARTNER}` }).click();
    await page
      .getByRole("status")
      .filter({ hasText: t("grant.renewed") })
      .waitFor();
    await grant.getByText(t("espace.partage.until", { date: formatDay(`${last}T12:00:00Z`) })).waitFor();
    expect(await grant.getByTestId("grant-ends-soon").count()).toBe(0);
    expect(await violations(page), "/espace/partage after renewing").toEqual([]);

    // Her journal: the demo facilitator opened the report of a session she took part in.
    await page.goto(`${product.base}/espace/journal`);
    const structure = await product.db.structure.findUniqueOrThrow({ where: { id: DEMO.structureId } });
    await page
      .getByTestId("journal")
      .getByText(t("espace.journal.session", { who: DEMO.displayName, structure: structure.name, what: readOfReport }))
      .waitFor();
    expect(await violations(page), "/espace/journal").toEqual([]);
  });
});
