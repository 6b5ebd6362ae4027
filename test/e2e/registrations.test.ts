import { readFile } from "node:fs/promises";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { violations } from "./axe.js";
import { refusal } from "./console-watch.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { t } from "../../app/i18n/index.js";

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

describe("convening people: invitations, the public link, the waiting list and who came", () => {
  let product: RunningProduct;
  beforeAll(async () => {
    product = await startProduct();
  });
  afterAll(() => product?.close());

  it("one seat, an invitation, a stranger on the waiting list, attendance marked and downloaded", async () => {
    // An invitation sent with errors (400) and an unknown public link (404), on purpose.
    product.allowConsoleErrors(refusal(400, "/sessions/demo-information/registrations.data"), refusal(404, "/inscription/lien-inconnu"));
    const page = await product.signIn("/sessions/demo-information");
    await page.getByRole("link", { name: t("registrations.link") }).click();
    await page.waitForURL(`${product.base}/sessions/demo-information/registrations`);

    // One seat, registration open to anyone with the link, and what to bring.
    await page.getByLabel(t("registrations.settings.capacity")).fill("1");
    await page.getByLabel(t("registrations.settings.bring")).fill("Une pièce d'identité");
    await page.getByLabel(t("registrations.settings.open")).check();
    await page.getByRole("button", { name: t("registrations.settings.save") }).click();
    await page
      .getByRole("status")
      .filter({ hasText: t("registrations.settings.saved") })
      .waitFor();
    const publicLink = (await page.locator(".public-link code").textContent()) ?? "";
    expect(publicLink).toMatch(new RegExp(`^${product.base}/inscription/[\\w-]+$`));

    // Inviting without any contact: told in French, the name stays.
    await page.getByLabel(t("registrations.invite.name"), { exact: true }).fill("Awa Diallo");
    await page.getByRole("button", { name: t("registrations.invite.title"), exact: true }).click();
    await page.getByText(t("registrations.error.contact")).waitFor();
    expect(await page.getByLabel(t("registrations.invite.name"), { exact: true }).inputValue()).toBe("Awa Diallo");
    await page.getByLabel(t("registrations.invite.phone")).fill("06 12 34 56 78");
    await page.getByRole("button", { name: t("registrations.invite.title"), exact: true }).click();
    await page
      .getByRole("status")
      .filter({ hasText: t("registrations.invite.done.registered", { name: "Awa Diallo" }) })
      .waitFor();
    await page.getByTestId("registrations-counts").filter({ hasText: "1 inscrit(s), 0 en liste d'attente" }).waitFor();
    expect(await violations(page), "/sessions/…/registrations").toEqual([]);
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: "/tmp/registrations-360.png", fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });

    // A stranger opens the public link on a phone: no seat left, so the waiting list, said plainly.
    const phone = await (await product.browser.newContext(PHONE)).newPage();
    await phone.goto(publicLink);
    await phone.getByRole("heading", { level: 1, name: /S'inscrire/ }).waitFor();
    await phone.getByText(t("registrations.public.full")).waitFor();
    expect(await violations(phone), "/inscription/…").toEqual([]);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await phone.getByLabel(t("registrations.public.name")).fill("Jo Martin");
    await phone.getByLabel(t("registrations.public.email")).fill("jo@exemple.fr");
    await phone.getByRole("button", { name: t("registrations.public.submit") }).tap();
    await phone
      .getByTestId("inscription-result")
      .filter({ hasText: t("registrations.public.waiting") })
      .waitFor();
    // Her own registration page, to come back to: it says she waits.
    const followUp = (await phone.getByRole("link", { name: t("registrations.followUp.link") }).getAttribute("href"))!;
    expect(followUp).toMatch(/^\/inscription\/suivi\/[\w-]+$/);

    // A made-up link: a plain page saying so, with a 404.
    const unknown = await phone.goto(`${product.base}/inscription/lien-inconnu`);
    expect(unknown?.status()).toBe(404);
    await phone.getByText(t("registrations.public.notFound.text")).waitFor();

    // Back to the facilitator: the list shows both; Awa came.
    await page.reload();
    await page.getByTestId("registrations-counts").filter({ hasText: "1 inscrit(s), 1 en liste d'attente" }).waitFor();
    const jo = page.getByTestId("registration").filter({ hasText: "Jo Martin" });
    await jo.getByText(t("registrations.status.waiting")).waitFor();
    await jo.getByText(t("registrations.source.self")).waitFor();
    const awa = page.getByTestId("registration").filter({ hasText: "Awa Diallo" });
    await awa.getByRole("radio", { name: t("registrations.attendance.present") }).check();
    await awa
      .getByRole("button", { name: `${t("registrations.list.saveAttendance")} ${t("registrations.list.saveFor", { name: "Awa Diallo" })}` })
      .click();
    await awa
      .getByRole("status")
      .filter({ hasText: t("registrations.list.saved") })
      .waitFor();
    await jo.getByRole("radio", { name: t("registrations.attendance.excused") }).check();
    await jo
      .getByRole("button", { name: `${t("registrations.list.saveAttendance")} ${t("registrations.list.saveFor", { name: "Jo Martin" })}` })
      .click();
    await jo
      .getByRole("status")
      .filter({ hasText: t("registrations.list.saved") })
      .waitFor();

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: t("registrations.csv.link") }).click(),
    ]);
    const csv = (await readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "");
    const rows = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
    expect(rows.map((row) => [row.Nom, row.Statut, row.Présence])).toEqual([
      ["Awa Diallo", "Inscrit·e", "Présent·e"],
      ["Jo Martin", "Liste d'attente", "Excusé·e"],
    ]);

    // The invitation waits in the outbox (SMS is not configured), ready to copy, print or hand over.
    await page.getByRole("link", { name: t("registrations.outbox.link") }).click();
    await page.waitForURL(`${product.base}/outbox`);
    const message = page.getByTestId("outbox-message").filter({ hasText: "0612345678" });
    await message.getByText("Pour rejoindre l'atelier : ").waitFor();
    await message.getByText(t("registrations.message.bring", { bring: "Une pièce d'identité" })).waitFor();
    expect(await violations(page), "/outbox").toEqual([]);
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await message.getByRole("button", { name: t("registrations.outbox.delivered") }).click();
    await page.getByText(t("registrations.outbox.empty")).waitFor();
    const stored = await product.db.outboxMessage.findFirstOrThrow({ where: { recipient: "0612345678" } });
    expect(stored.status).toBe("delivered");

    // Awa cancels: Jo is moved up from the waiting list and told, as the public page promised.
    await page.goto(`${product.base}/sessions/demo-information/registrations`);
    await page.getByRole("button", { name: t("registrations.list.cancel", { name: "Awa Diallo" }) }).click();
    await page.getByTestId("registrations-counts").filter({ hasText: "1 inscrit(s), 0 en liste d'attente, 1 annulé(s)" }).waitFor();
    await page.goto(`${product.base}/outbox`);
    const told = page.getByTestId("outbox-message").filter({ hasText: "jo@exemple.fr" });
    await told.getByText("Une place s'est libérée : ").first().waitFor();
    await phone.goto(`${product.base}${followUp}`);
    await phone.getByTestId("follow-up-status").filter({ hasText: "Bonne nouvelle : une place s'est libérée" }).waitFor();
    expect(await violations(phone), "/inscription/suivi/…").toEqual([]);
  });
});
