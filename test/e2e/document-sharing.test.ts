import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { professionalViewer } from "../../app/diagnostic/access.server.js";
import { addCalendarDays } from "../../app/diagnostic/grant-limits.js";
import { createSignInCode } from "../../app/diagnostic/sign-in-codes.server.js";
import { todayInParis } from "../../app/lib/paris-dates.js";
import { t } from "../../app/i18n/index.js";
import { DEMO } from "../../prisma/seed.js";
import { violations } from "./axe.js";
import { refusal } from "./console-watch.js";
import { startProduct, type RunningProduct } from "./harness.js";

const PDF = Buffer.from("%PDF-1.4\n% le CV d'Awa\n%%EOF\n");

describe("a person shows her CV: by a link for an employer, and to her structure", () => {
  let product: RunningProduct;
  let base: string;
  let personId: string;
  let code: string;

  beforeAll(async () => {
    product = await startProduct();
    base = product.base;
    const { db } = product;
    const facilitator = await db.user.findUniqueOrThrow({ where: { email: DEMO.email } });
    personId = (await db.person.create({ data: { structureId: DEMO.structureId, displayName: "Awa" } })).id;
    ({ code } = await createSignInCode(db, await professionalViewer(db, facilitator.id), personId));
  });

  afterAll(() => product?.close());

  it("uploads a CV, makes a 7-day link that a stranger opens, revokes it, shares with her structure, and reads who opened it", async () => {
    // The revoked link's page answers 410, on purpose: the test reads the page that comes with it.
    product.allowConsoleErrors(
      /^console\.error: Failed to load resource: the server responded with a status of 410 /,
      refusal(400, "/espace/documents.data"),
    );
    const phone = await (
      await product.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })
    ).newPage();
    await phone.goto(`${base}/espace/connexion`);
    await phone.getByLabel(t("espace.connexion.code")).fill(code);
    await phone.getByRole("button", { name: t("espace.connexion.submit") }).click();
    await phone.waitForURL(`${base}/espace`);

    // Her CV.
    await phone.goto(`${base}/espace/documents`);
    await phone.getByLabel(t("espace.documents.field.title")).fill("Mon CV");
    await phone.getByLabel(t("espace.documents.field.file")).setInputFiles({ name: "cv.pdf", mimeType: "application/pdf", buffer: PDF });
    await phone.getByRole("button", { name: t("espace.documents.submit") }).click();
    await phone
      .getByRole("status")
      .filter({ hasText: t("espace.documents.added") })
      .waitFor();

    // A link for 7 days, shown once.
    const cv = phone.getByRole("listitem").filter({ has: phone.getByRole("heading", { name: "Mon CV" }) });
    await cv.getByText(t("documents.share.title")).click();
    expect(await violations(phone), "/espace/documents, sharing open, 360 px").toEqual([]);
    await cv.getByLabel(t("documents.share.days.7")).check();
    await cv.getByRole("button", { name: `${t("documents.share.link.submit")} — Mon CV` }).click();
    const field = phone.getByLabel(t("documents.share.link.field"));
    await field.waitFor();
    const link = await field.inputValue();
    expect(link).toMatch(new RegExp(`^${base}/d/[A-Za-z0-9_-]{43}$`));
    expect(await violations(phone), "/espace/documents with a new link, 360 px").toEqual([]);
    await cv.getByText(t("documents.share.toLink", { date: "" }).split(" jusqu'au")[0]!).waitFor();

    // An employer, in another browser, with nothing but the link.
    const employer = await (await product.browser.newContext({ acceptDownloads: true })).newPage();
    await employer.goto(link);
    await employer.getByRole("heading", { name: "Mon CV" }).waitFor();
    expect(await violations(employer), "/d/<token>, desktop").toEqual([]);
    const [download] = await Promise.all([
      employer.waitForEvent("download"),
      employer.getByRole("link", { name: t("documents.public.download") }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("cv.pdf");
    expect(readFileSync(await download.path())).toEqual(PDF);
    const employerPhone = await (await product.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true })).newPage();
    await employerPhone.goto(link);
    await employerPhone.getByRole("heading", { name: "Mon CV" }).waitFor();
    expect(await violations(employerPhone), "/d/<token>, 360 px").toEqual([]);

    // She stops showing it: the link says so at once.
    await phone.goto(`${base}/espace/documents`);
    await cv.getByText(t("documents.share.opened", { count: 1 })).waitFor();
    await cv.getByRole("button", { name: new RegExp(`^${t("documents.share.revoke")} — Mon CV`) }).click();
    await phone
      .getByRole("status")
      .filter({ hasText: t("documents.share.revoked") })
      .waitFor();
    await employer.goto(link);
    await employer.getByRole("heading", { name: t("documents.public.gone.title") }).waitFor();
    expect(await violations(employer), "/d/<token> revoked, desktop").toEqual([]);
    await employerPhone.goto(link);
    await employerPhone.getByRole("heading", { name: t("documents.public.gone.title") }).waitFor();
    expect(await violations(employerPhone), "/d/<token> revoked, 360 px").toEqual([]);

    // To her structure, until a day she picks: without a day first, kindly refused.
    await cv.getByText(t("documents.share.title")).click();
    await cv.getByRole("button", { name: `${t("documents.share.structure.submit")} — Mon CV` }).click();
    await cv.getByRole("alert").waitFor();
    await cv.getByText(t("documents.share.error.until")).waitFor();
    expect(await violations(phone), "/espace/documents with a sharing error, 360 px").toEqual([]);
    await cv.getByLabel(t("documents.share.field.structure")).selectOption({ label: "Structure de démonstration" });
    await cv.getByLabel(t("documents.share.field.until")).fill(addCalendarDays(todayInParis(), 3));
    await cv.getByRole("button", { name: `${t("documents.share.structure.submit")} — Mon CV` }).click();
    await phone
      .getByRole("status")
      .filter({ hasText: t("documents.share.structure.done") })
      .waitFor();
    await cv.getByText(new RegExp(`^Structure de démonstration peut le voir jusqu'au`)).waitFor();

    // The professional sees it on her page and opens it.
    const pro = await product.signIn(`/people/${personId}`);
    const shared = pro.getByTestId("shared-documents");
    await shared.getByRole("heading", { name: "Mon CV" }).waitFor();
    expect(await violations(pro), "/people/<id> with a shared document").toEqual([]);
    const [proDownload] = await Promise.all([
      pro.waitForEvent("download"),
      shared.getByRole("link", { name: `${t("documents.pro.download")} — Mon CV` }).click(),
    ]);
    expect(readFileSync(await proDownload.path())).toEqual(PDF);

    // Her journal says who opened it, and that someone with the link did.
    await phone.goto(`${base}/espace/journal`);
    const journal = phone.getByTestId("journal");
    await journal.getByText(t("documents.journal.openedByLink", { title: "Mon CV" })).waitFor();
    await journal
      .getByText(t("documents.journal.opened", { who: DEMO.displayName, structure: "Structure de démonstration", title: "Mon CV" }))
      .waitFor();
    expect(await violations(phone), "/espace/journal with openings, 360 px").toEqual([]);
    // The same pages on a wide screen.
    await phone.setViewportSize({ width: 1280, height: 800 });
    expect(await violations(phone), "/espace/journal, desktop").toEqual([]);
    await phone.goto(`${base}/espace/documents`);
    await cv.getByText(t("documents.share.title")).click();
    expect(await violations(phone), "/espace/documents, sharing open, desktop").toEqual([]);
  });
});
