import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueParticipantToken } from "../../app/auth/auth.server.js";
import { diagnosticScope, professionalViewer } from "../../app/diagnostic/access.server.js";
import { addEntry } from "../../app/diagnostic/diagnostic.server.js";
import { linkParticipant, proposeOutcome } from "../../app/diagnostic/outcomes.server.js";
import { createSignInCode } from "../../app/diagnostic/sign-in-codes.server.js";
import { DEMO } from "../../prisma/seed.js";
import { violations } from "./axe.js";
import { refusal } from "./console-watch.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { t } from "../../app/i18n/index.js";

const PDF = Buffer.from("%PDF-1.4\n% mon CV en PDF\n%%EOF\n");
const PARTNER = "Mission locale de l'Est";

describe("a person's own space, on a 360 px phone", () => {
  let product: RunningProduct;
  let base: string;
  let personId: string;
  let partnerId: string;
  let code: string;

  beforeAll(async () => {
    // The demo structure accompanies Awa: a diagnostic started with her, a workshop card proposed
    // to her, and a one-time code the demo facilitator gave her.
    product = await startProduct();
    base = product.base;
    const { db } = product;
    const facilitator = await db.user.findUniqueOrThrow({ where: { email: DEMO.email } });
    const viewer = await professionalViewer(db, facilitator.id);
    const person = await db.person.create({ data: { structureId: DEMO.structureId, displayName: "Awa" } });
    personId = person.id;
    await addEntry(db, viewer, personId, { dimension: "skills", kind: "strength", text: "Je sais m'organiser" });
    await addEntry(db, viewer, personId, { dimension: "mobility", kind: "obstacle", text: "Pas de permis de conduire" });
    await issueParticipantToken(db, new Request("http://localhost/"), "demo-pairs", "Awa");
    const participant = await db.participant.findFirstOrThrow({ where: { sessionId: "demo-pairs", displayName: "Awa" } });
    await linkParticipant(db, facilitator.id, "demo-pairs", participant.id, personId);
    await proposeOutcome(db, facilitator.id, "demo-pairs", {
      participantId: participant.id,
      cardId: "shape:ecoute",
      cardText: "J'écoute bien les autres",
      kind: "strength",
      dimension: "skills",
    });
    partnerId = (await db.structure.create({ data: { name: PARTNER } })).id;
    ({ code } = await createSignInCode(db, viewer, personId));
  });

  afterAll(() => product?.close());

  it("signs in with a code, adds to the diagnostic, shares then stops sharing, keeps a document and takes everything away", async () => {
    // Sign-in, sharing and erasure are each first sent wrong: 400s, on purpose.
    product.allowConsoleErrors(
      refusal(400, "/espace/connexion.data"),
      refusal(400, "/espace/partage.data"),
      refusal(400, "/espace/effacement.data"),
    );
    const page = await (
      await product.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })
    ).newPage();

    // Sign in: a wrong code first, kindly refused.
    await page.goto(`${base}/espace`);
    await page.waitForURL(`${base}/espace/connexion`);
    await page.getByText(t("espace.connexion.noPassword")).waitFor();
    await page.getByLabel(t("espace.connexion.code")).fill("ABCD-EFGH");
    await page.getByRole("button", { name: t("espace.connexion.submit") }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: t("espace.connexion.failed") })
      .waitFor();
    expect(await page.getByLabel(t("espace.connexion.code")).inputValue()).toBe("");
    expect(await violations(page), "/espace/connexion with an error").toEqual([]);
    await page.getByLabel(t("espace.connexion.code")).fill(code.toLowerCase());
    await page.getByRole("button", { name: t("espace.connexion.submit") }).click();
    await page.waitForURL(`${base}/espace`);

    // The diagnostic, strengths first, with the workshop's proposal on top.
    await page.getByRole("heading", { level: 1, name: t("espace.nav.diagnostic") }).waitFor();
    await page.getByText("Je sais m'organiser").waitFor();
    await page.getByText(t("espace.proposals.question")).waitFor();
    expect(await violations(page), "/espace").toEqual([]);
    await page.getByRole("button", { name: t("espace.proposals.accept") }).click();
    await page
      .getByRole("status")
      .filter({ hasText: t("espace.proposals.accepted") })
      .waitFor();
    const accepted = page.getByRole("listitem").filter({ hasText: "J'écoute bien les autres" });
    await accepted.getByText("Vient de l'atelier « Atelier entre pairs : mes forces »").waitFor();

    // Her own words beside an entry.
    const organised = page.getByRole("listitem").filter({ hasText: "Je sais m'organiser" });
    await organised.getByText(t("espace.entry.addWords")).click();
    await organised.getByLabel(t("espace.entry.words.label")).fill("Avec mes trois enfants, je gère tout.");
    await organised.getByRole("button", { name: t("espace.entry.words.save") }).click();
    await organised.getByText(t("espace.entry.myWords", { words: "Avec mes trois enfants, je gère tout." })).waitFor();

    // Sharing: errors first, then a grant on one theme, then revoked.
    await page.goto(`${base}/espace/partage`);
    await page.getByLabel(t("espace.partage.field.until")).fill("");
    await page.getByRole("button", { name: t("espace.partage.submit") }).click();
    await page.getByRole("alert").waitFor();
    await page.getByText(t("espace.partage.error.structure")).waitFor();
    expect(await violations(page), "/espace/partage with errors").toEqual([]);
    await page.getByLabel(t("espace.partage.field.structure")).selectOption({ label: PARTNER });
    await page.getByLabel(t("espace.partage.field.scope.some")).check();
    await page.getByLabel(t("dimension.skills")).check();
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel(t("espace.partage.field.until")).fill(tomorrow);
    await page.getByRole("button", { name: t("espace.partage.submit") }).click();
    const grant = page.getByRole("listitem").filter({ hasText: PARTNER });
    await grant.getByText(t("espace.partage.state.active")).waitFor();
    await grant.getByText(t("espace.partage.parts", { parts: "Compétences" })).waitFor();
    const partnerViewer = { kind: "professional" as const, userId: "partner", structureIds: [partnerId] };
    expect((await diagnosticScope(product.db, partnerViewer, personId)).kind).toBe("granted");
    await grant.getByRole("button", { name: t("espace.partage.revoke") }).click();
    await grant.getByText(t("espace.partage.state.revoked")).waitFor();
    expect((await diagnosticScope(product.db, partnerViewer, personId)).kind).toBe("none");

    // A document: a small PDF, then downloaded as it was.
    await page.goto(`${base}/espace/documents`);
    expect(await violations(page), "/espace/documents").toEqual([]);
    await page.getByLabel(t("espace.documents.field.title")).fill("Mon CV");
    await page.getByLabel(t("espace.documents.field.file")).setInputFiles({ name: "cv.pdf", mimeType: "application/pdf", buffer: PDF });
    await page.getByRole("button", { name: t("espace.documents.submit") }).click();
    await page
      .getByRole("status")
      .filter({ hasText: t("espace.documents.added") })
      .waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: `${t("espace.documents.download")} — Mon CV` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("cv.pdf");
    expect(readFileSync(await download.path())).toEqual(PDF);

    // Everything, as a JSON file.
    await page.goto(`${base}/espace/export`);
    await page.getByRole("button", { name: t("espace.export.print") }).waitFor();
    const [exported] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: t("espace.export.json") }).click(),
    ]);
    const json = JSON.parse(readFileSync(await exported.path(), "utf8")) as {
      person: { displayName: string };
      diagnostic: { entries: { text: string; personWords: string; provenance: unknown }[] };
      grants: { revokedAt: string | null }[];
      documents: { title: string; contentBase64: string }[];
    };
    expect(json.person.displayName).toBe("Awa");
    expect(json.diagnostic.entries.find((entry) => entry.text === "Je sais m'organiser")?.personWords).toBe(
      "Avec mes trois enfants, je gère tout.",
    );
    expect(json.diagnostic.entries.find((entry) => entry.text === "J'écoute bien les autres")?.provenance).toMatchObject({
      sessionId: "demo-pairs",
    });
    expect(json.grants).toHaveLength(1);
    expect(json.grants[0].revokedAt).not.toBeNull();
    expect(json.documents[0]).toMatchObject({ title: "Mon CV", contentBase64: PDF.toString("base64") });

    // The other pages read well too.
    for (const path of ["/espace/journal", "/espace/historique", "/espace/export", "/espace/effacement"]) {
      await page.goto(`${base}${path}`);
      expect(await violations(page), path).toEqual([]);
    }

    // Erasure: asked for, confirmed, done; the space is gone.
    await page.getByRole("button", { name: t("espace.effacement.submit") }).click();
    await page.getByText(t("espace.effacement.error")).waitFor();
    await page.getByLabel(t("espace.effacement.field")).fill("EFFACER");
    await page.getByRole("button", { name: t("espace.effacement.submit") }).click();
    await page.getByRole("heading", { name: t("espace.effacement.done.title") }).waitFor();
    expect(await product.db.person.count({ where: { id: personId } })).toBe(0);
    await page.goto(`${base}/espace`);
    await page.waitForURL(`${base}/espace/connexion`);
  });
});
