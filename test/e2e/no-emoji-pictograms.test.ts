// No page of ours draws its pictograms with emoji: an old phone without an emoji font shows them as
// empty boxes (issue 13). Pictograms are lucide SVG (app/ui/pictograms.tsx). The main pages
// of each audience, as rendered in the browser, are checked for emoji code points; what the
// templates' authors wrote (a step called "🎒 Je repars avec…") is content, not our pictograms, and
// is taken out before the check.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { professionalViewer } from "../../app/diagnostic/access.server.js";
import { addEntry } from "../../app/diagnostic/diagnostic.server.js";
import { createSignInCode } from "../../app/diagnostic/sign-in-codes.server.js";
import { DEMO } from "../../prisma/seed.js";
import { ANDROID_PHONE } from "./browser.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { t } from "../../app/i18n/index.js";

/** Emoji shown as such (🤝, ⭐) and text symbols forced to emoji by U+FE0F (🗑️). */
const EMOJI = /\p{Emoji_Presentation}|\p{Extended_Pictographic}\u{FE0F}/gu;

/** Every string of the workshop templates that holds an emoji: content, left out of the check. */
function templateStrings(): string[] {
  const found = new Set<string>();
  const walk = (value: unknown) => {
    if (typeof value === "string") {
      if (value.match(EMOJI)) found.add(value.trim());
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  for (const file of readdirSync("workshops").filter((name) => name.endsWith(".json")))
    walk(JSON.parse(readFileSync(path.join("workshops", file), "utf8")));
  // Longest first, so that a string is not cut by a shorter one inside it.
  return [...found].sort((a, b) => b.length - a.length);
}

describe("no emoji pictograms on the main pages", () => {
  let product: RunningProduct;
  let code: string;
  const content = templateStrings();

  /** The emoji left in the page's rendered text once the templates' own words are taken out. */
  async function emojiOn(page: Page, url: string): Promise<string[]> {
    await page.goto(url);
    await page.waitForLoadState("load");
    let text = await page.locator("body").innerText();
    for (const words of content) text = text.replaceAll(words, "");
    return [...text.matchAll(EMOJI)].map((match) => match[0]);
  }

  beforeAll(async () => {
    product = await startProduct();
    const { db } = product;
    const facilitator = await db.user.findUniqueOrThrow({ where: { email: DEMO.email } });
    const viewer = await professionalViewer(db, facilitator.id);
    const person = await db.person.create({ data: { structureId: DEMO.structureId, displayName: "Awa" } });
    // One entry of each kind: each kind has its pictogram.
    for (const kind of ["strength", "need", "obstacle", "action", "note"] as const) {
      await addEntry(db, viewer, person.id, { dimension: "skills", kind, text: `Une entrée (${kind})` });
    }
    ({ code } = await createSignInCode(db, viewer, person.id));
  });
  afterAll(() => product?.close());

  it("the participant's pages and the personal space, on a phone", async () => {
    const { base } = product;
    const page = await (await product.browser.newContext(ANDROID_PHONE)).newPage();
    const found: Record<string, string[]> = {};
    for (const url of ["/", "/join", "/join/PAR7AG", "/confidentialite", "/espace/connexion"])
      found[url] = await emojiOn(page, `${base}${url}`);

    await page.goto(`${base}/espace/connexion`);
    await page.getByLabel(t("espace.connexion.code")).fill(code);
    await page.getByRole("button", { name: t("espace.connexion.submit") }).click();
    await page.waitForURL(`${base}/espace`);
    for (const url of [
      "/espace",
      "/espace/partage",
      "/espace/journal",
      "/espace/historique",
      "/espace/documents",
      "/espace/export",
      "/espace/effacement",
    ]) {
      found[url] = await emojiOn(page, `${base}${url}`);
    }
    // The pictograms are there, drawn.
    await page.goto(`${base}/espace`);
    expect(await page.locator("main svg.picto[data-picto]").count()).toBeGreaterThan(5);
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((url) => [url, []])));
  });

  it("the facilitator's pages", async () => {
    const page = await product.signIn("/sessions");
    const found: Record<string, string[]> = {};
    for (const url of [
      "/sessions",
      "/sessions/new",
      "/templates",
      "/people",
      "/series",
      "/structures",
      "/sessions/demo-pairs",
      "/sessions/demo-pairs/participants",
    ]) {
      found[url] = await emojiOn(page, `${product.base}${url}`);
    }
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((url) => [url, []])));
  });
});
