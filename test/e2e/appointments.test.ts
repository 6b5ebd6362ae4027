// Appointments in the browser (issue 17.2): a professional publishes a morning's times; an information
// session reaches its last step; a participant on a 360 px phone taps "Prendre rendez-vous pour mon
// diagnostic", then a day, a time, confirm; the appointment is in the professional's day, where they
// mark it missed and it waits in "À relancer". axe-core on every new page, desktop and phone.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { createInvite } from "../../app/appointments/appointments.server.js";
import { signInPerson } from "../../app/auth/auth.server.js";
import { t } from "../../app/i18n/index.js";
import { parisCalendarDay } from "../../app/lib/paris-dates.js";
import { DEMO } from "../../prisma/seed.js";
import { connectFacilitation } from "../support/facilitation.js";
import { violations } from "./axe.js";
import { ANDROID_PHONE as PHONE } from "./browser.js";
import { refusal } from "./console-watch.js";
import { startProduct, type RunningProduct } from "./harness.js";

describe("appointments, from an information session's last step to the professional's day", () => {
  let product: RunningProduct;
  let facilitator: Page;
  let professionalCookie: string;
  const cleanups: (() => unknown)[] = [];
  // Tomorrow in Paris: the times lie ahead whatever the hour the test runs.
  const day = parisCalendarDay(new Date(Date.now() + 86_400_000));

  beforeAll(async () => {
    product = await startProduct();
    facilitator = await product.signIn("/rendez-vous");
    professionalCookie = (await facilitator.context().cookies()).map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(() => product?.close());

  it("publish a morning, book it on a phone in three taps, see it in the day, mark it missed", async () => {
    // The professional publishes 4 slots of 45 minutes, on site.
    expect(await violations(facilitator), "/rendez-vous").toEqual([]);
    await facilitator.getByRole("link", { name: t("appointments.slots.link") }).click();
    await facilitator.waitForURL(`${product.base}/rendez-vous/creneaux`);
    expect(await violations(facilitator), "/rendez-vous/creneaux").toEqual([]);
    await facilitator.getByLabel(t("appointments.slots.day"), { exact: true }).fill(day);
    await facilitator.getByLabel(t("appointments.slots.time")).fill("09:00");
    await facilitator.getByLabel(t("appointments.slots.count")).fill("4");
    await facilitator.getByLabel(t("appointments.slots.location")).fill("Maison de l'emploi, bureau 3");
    await facilitator.getByRole("button", { name: t("appointments.slots.publishButton") }).click();
    await facilitator.getByText(t("appointments.slots.published", { count: 4 })).waitFor();
    await facilitator.getByTestId("slots").getByRole("listitem").nth(3).waitFor();
    expect(await facilitator.getByTestId("slots").getByRole("listitem").count()).toBe(4);
    // A form sent with an error comes back in French, and stays accessible.
    product.allowConsoleErrors(refusal(400, "/rendez-vous/creneaux.data"));
    await facilitator.getByLabel(t("appointments.slots.location")).fill("");
    await facilitator.getByRole("button", { name: t("appointments.slots.publishButton") }).click();
    await facilitator.getByText(t("appointments.error.place")).waitFor();
    expect(await violations(facilitator), "/rendez-vous/creneaux with errors").toEqual([]);

    // The participant joins the information session on her phone.
    const context = await product.browser.newContext(PHONE);
    cleanups.push(() => context.close());
    const phone = await context.newPage();
    await phone.goto(`${product.base}/join/ACC2EU`);
    await phone.getByLabel(t("join.name")).fill("Inès");
    await phone.getByLabel(t("join.name")).press("Enter");
    await phone.waitForURL(`${product.base}/contribute/demo-information`);
    await phone
      .getByTestId("contribute-connection")
      .filter({ hasText: t("contribute.connection.online") })
      .waitFor();
    const live = await connectFacilitation(`${product.base.replace(/^http/, "ws")}/yjs`, "demo-information", professionalCookie);
    cleanups.push(() => live.close());
    // No offer before the last step.
    expect(await live.client.send({ type: "phase", phaseId: "pourquoi-diagnostic" })).toEqual({ ok: true });
    await phone
      .getByTestId("contribute-step")
      .filter({ hasText: t("contribute.step", { number: 3, total: 5 }) })
      .waitFor();
    expect(await phone.getByTestId("booking-offer").count()).toBe(0);
    expect(await live.client.send({ type: "phase", phaseId: "je-repars-avec" })).toEqual({ ok: true });
    await phone.getByTestId("booking-offer").waitFor();
    expect(await violations(phone, { exclude: [".tl-container"] }), "phone screen with the booking offer").toEqual([]);

    // Three taps: a day, a time, confirm (her first name is already there).
    await phone.getByRole("link", { name: t("appointments.phone.button") }).tap();
    await phone.waitForURL(`${product.base}/rdv/atelier/demo-information`);
    expect(await violations(phone), "/rdv/atelier at 360 px").toEqual([]);
    await phone.getByTestId("booking-none").waitFor({ state: "detached" });
    await phone.getByRole("heading", { name: t("appointments.book.step.day") }).waitFor();
    await phone.locator(".booking-choices a").first().tap();
    await phone.getByRole("heading", { name: /^2\./ }).waitFor();
    await phone.getByRole("link", { name: /^09:45/ }).tap();
    await phone.getByTestId("booking-summary").waitFor();
    expect(await phone.getByLabel(t("appointments.book.name")).inputValue()).toBe("Inès");
    expect(await violations(phone), "/rdv/atelier, confirming").toEqual([]);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await phone.getByTestId("booking-confirm").tap();
    await phone.waitForURL(/\/rdv\/[\w-]+\?confirme=1$/);
    await phone
      .getByTestId("own-status")
      .filter({ hasText: t("appointments.own.confirmed") })
      .waitFor();
    expect(await phone.getByTestId("own-appointment").innerText()).toContain("09:45");
    expect(await violations(phone), "/rdv/$token at 360 px").toEqual([]);
    const ownUrl = phone.url();

    // Her calendar file: 09:45 Paris.
    const ics = await (await context.request.get(ownUrl.replace("?confirme=1", ".ics"))).text();
    expect(ics).toMatch(/DTSTART:\d{8}T0[78]4500Z/);

    // Moving it: the picker again; back to her page with the new time.
    await phone.getByRole("link", { name: t("appointments.own.move") }).tap();
    await phone.locator(".booking-choices a").first().tap();
    await phone.getByRole("link", { name: /^10:30/ }).tap();
    expect(await violations(phone), "/rdv/$token, moving").toEqual([]);
    await phone.getByTestId("booking-confirm").tap();
    await phone
      .getByTestId("own-status")
      .filter({ hasText: t("appointments.own.moved") })
      .waitFor();
    expect(await phone.getByTestId("own-appointment").innerText()).toContain("10:30");

    // The professional's day has it; they mark it missed: flagged for a follow-up.
    await facilitator.goto(`${product.base}/rendez-vous?jour=${day}`);
    const entry = facilitator.getByTestId("day-appointment").filter({ hasText: "Inès" });
    await entry.waitFor();
    expect(await entry.innerText()).toContain("10:30");
    await entry.getByRole("button", { name: `${t("appointments.mark.missed")} Inès` }).click();
    await facilitator.getByTestId("follow-ups").getByRole("listitem").filter({ hasText: "Inès" }).waitFor();
    expect(await violations(facilitator), "/rendez-vous with a follow-up").toEqual([]);
    // Desktop view of the booking page too.
    const desktop = await product.browser.newContext();
    cleanups.push(() => desktop.close());
    const big = await desktop.newPage();
    await big.goto(ownUrl);
    expect(await violations(big), "/rdv/$token on a desktop").toEqual([]);
  });

  it("her space and a link sent to her: booking pages pass axe on a phone and a desktop", async () => {
    const user = await product.db.user.findUniqueOrThrow({ where: { email: DEMO.email } });
    const invite = await createInvite(product.db, user.id, DEMO.structureId, DEMO.personId);
    const setCookie = await signInPerson(product.db, new Request(product.base), DEMO.personId);
    const [pair] = setCookie.split(";");
    const [name, ...value] = pair!.split("=");
    for (const options of [PHONE, {}]) {
      const context = await product.browser.newContext(options);
      cleanups.push(() => context.close());
      await context.addCookies([{ name: name!, value: value.join("="), url: product.base }]);
      const page = await context.newPage();
      await page.goto(`${product.base}/espace/rendez-vous`);
      await page.getByRole("heading", { name: t("appointments.space.book") }).waitFor();
      await page.locator(".booking-choices a").first().click();
      await page.locator(".booking-choices a").nth(1).waitFor();
      expect(await violations(page), "/espace/rendez-vous").toEqual([]);
      await page.goto(`${product.base}/rdv/invitation/${invite!.token}`);
      await page.getByRole("heading", { name: t("appointments.book.step.day") }).waitFor();
      expect(await violations(page), "/rdv/invitation").toEqual([]);
    }
  });
});
