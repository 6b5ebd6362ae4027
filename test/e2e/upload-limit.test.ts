// A file over the limit is refused by the server before it reads it (413); in the browser the person
// is told in the form, in their words, and nothing is sent. A file within the limit still goes through.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO } from "../../prisma/seed.js";
import { professionalViewer } from "../../app/diagnostic/access.server.js";
import { MAX_DOCUMENT_BYTES } from "../../app/diagnostic/documents.server.js";
import { createSignInCode } from "../../app/diagnostic/sign-in-codes.server.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { t } from "../../app/i18n/index.js";

describe("uploading a document too large for the personal space", () => {
  let product: RunningProduct;
  let code: string;
  let personId: string;

  beforeAll(async () => {
    product = await startProduct();
    const facilitator = await product.db.user.findUniqueOrThrow({ where: { email: DEMO.email } });
    personId = (await product.db.person.create({ data: { structureId: DEMO.structureId, displayName: "Awa" } })).id;
    ({ code } = await createSignInCode(product.db, await professionalViewer(product.db, facilitator.id), personId));
  });
  afterAll(() => product?.close());

  it("says so in the form without sending it, then takes a smaller file", async () => {
    const page = await (await product.browser.newContext()).newPage();
    await page.goto(`${product.base}/espace/connexion`);
    await page.getByLabel(t("espace.connexion.code")).fill(code);
    await page.getByRole("button", { name: t("espace.connexion.submit") }).click();
    await page.waitForURL(`${product.base}/espace`);
    await page.goto(`${product.base}/espace/documents`);
    const posts: string[] = [];
    page.on("request", (request) => void (request.method() === "POST" && posts.push(request.url())));

    await page.getByLabel(t("espace.documents.field.title")).fill("Attestation scannée");
    const pdf = (size: number) => Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(size, 0x20)]);
    await page
      .getByLabel(t("espace.documents.field.file"))
      .setInputFiles({ name: "scan.pdf", mimeType: "application/pdf", buffer: pdf(MAX_DOCUMENT_BYTES + 1) });
    await page.getByRole("button", { name: t("espace.documents.submit") }).click();
    await page.getByText(t("espace.documents.error.tooBig")).first().waitFor();
    expect(posts).toEqual([]);

    await page
      .getByLabel(t("espace.documents.field.file"))
      .setInputFiles({ name: "scan.pdf", mimeType: "application/pdf", buffer: pdf(1024) });
    await page.getByRole("button", { name: t("espace.documents.submit") }).click();
    await page.getByRole("heading", { name: "Attestation scannée" }).waitFor();
    expect(await product.db.personDocument.count({ where: { personId } })).toBe(1);
  });
});
