// Issue 15, points 2 and 3, as people meet them: a facilitator deletes a session, keeping its anonymous
// report, then opens it; a person erases herself, and the card she wrote on an old board is gone when
// the facilitator opens that board.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueParticipantToken } from "../../app/auth/auth.server.js";
import { professionalViewer } from "../../app/diagnostic/access.server.js";
import { createSignInCode } from "../../app/diagnostic/sign-in-codes.server.js";
import { t } from "../../app/i18n/index.js";
import { createSession } from "../../app/sessions/sessions.server.js";
import { DEMO } from "../../prisma/seed.js";
import { connectFacilitation } from "../support/facilitation.js";
import { daysFromToday } from "../support/fixtures.js";
import { violations } from "./axe.js";
import { startProduct, type RunningProduct } from "./harness.js";

describe("deleting a session and erasing oneself", () => {
  let product: RunningProduct;
  let facilitatorId: string;

  beforeAll(async () => {
    product = await startProduct();
    facilitatorId = (await product.db.user.findUniqueOrThrow({ where: { email: DEMO.email } })).id;
  });
  afterAll(() => product?.close());

  /** A session of the demo facilitator (days from today), where a participant posted `text` from the phone. */
  async function sessionWithCard(title: string, participantName: string, text: string, days: number) {
    const created = await createSession(product.db, facilitatorId, {
      structureId: DEMO.structureId,
      kind: "peer_workshop",
      title,
      date: daysFromToday(days),
      time: "14:00",
      recordPast: days <= 0,
      online: false,
      place: "Salle 2",
      templateId: "forces-et-reconnaissance",
    });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const sessionId = created.sessionId;
    const cookie = (await issueParticipantToken(product.db, new Request("http://localhost/"), sessionId, participantName)).split(";")[0];
    const phone = await connectFacilitation(`${product.base.replace(/^http/, "ws")}/yjs`, sessionId, cookie, { phone: true });
    try {
      expect(await phone.client.send({ type: "post", text })).toEqual({ ok: true });
    } finally {
      phone.close();
    }
    return { sessionId, cookie };
  }

  /** The board as the facilitator opens it, every card in view. */
  async function openBoard(page: Page, sessionId: string) {
    await page.goto(`${product.base}/board/${sessionId}`);
    await page.getByTestId("tools.select").waitFor();
    await page.keyboard.press("Shift+1");
  }

  it("a facilitator deletes a session, keeping the anonymous report, then opens that report", async () => {
    const { sessionId } = await sessionWithCard("Atelier à supprimer", "Awa Zelinsky", "Je sais réparer un vélo", 1);
    await product.db.registration.create({ data: { sessionId, name: "Bérénice Oulmont", email: "berenice@exemple.fr" } });
    const page = await product.signIn(`/sessions/${sessionId}`);

    await page.getByRole("link", { name: t("session.delete.link") }).click();
    await page.getByRole("heading", { level: 1, name: t("session.delete.title") }).waitFor();
    await page.getByText(t("session.delete.board", { count: 1 })).waitFor();
    await page.getByText(t("session.delete.participants", { count: 1 })).waitFor();
    await page.getByText(t("session.delete.registrations", { count: 1 })).waitFor();
    expect(await violations(page), "/sessions/…/delete").toEqual([]);
    expect(await page.getByLabel(t("session.delete.keepReport")).isChecked()).toBe(true);
    await page.getByRole("button", { name: t("session.delete.submit") }).click();

    await page.waitForURL(/\/sessions\/archives\/[\w-]+$/);
    await page.getByRole("heading", { level: 1, name: "Atelier à supprimer" }).waitFor();
    await page.getByText(t("archives.anonymous")).waitFor();
    await page.getByText("Je sais réparer un vélo").waitFor();
    const body = await page.locator("main, body").first().innerText();
    for (const name of ["Awa", "Zelinsky", "Bérénice", "Oulmont"]) expect(body).not.toContain(name);
    expect(await violations(page), "/sessions/archives/…").toEqual([]);
    expect(await product.db.groupSession.count({ where: { id: sessionId } })).toBe(0);

    // Listed for the structure, and opened from there.
    await page.getByRole("link", { name: t("archives.title") }).click();
    await page.getByRole("heading", { level: 1, name: t("archives.title") }).waitFor();
    await page.getByRole("link", { name: "Atelier à supprimer" }).click();
    await page.getByText("Je sais réparer un vélo").waitFor();
    await page.context().close();
  });

  it("a person erases herself: the page says what goes and what stays, and her card is gone from an old board", async () => {
    const { db } = product;
    const { sessionId } = await sessionWithCard("Atelier passé", "Yasmina", "Mon dos me fait souffrir", 1);
    // Held weeks ago: an old board, that nobody joins any more.
    await db.groupSession.update({ where: { id: sessionId }, data: { startsAt: new Date(Date.now() - 20 * 86_400_000) } });
    const person = await db.person.create({ data: { structureId: DEMO.structureId, displayName: "Yasmina Belkacem" } });
    const participant = await db.participant.findFirstOrThrow({ where: { sessionId, displayName: "Yasmina" } });
    await db.participant.update({ where: { id: participant.id }, data: { personId: person.id } });
    const { code } = await createSignInCode(db, await professionalViewer(db, facilitatorId), person.id);

    // The facilitator posts a card of her own, and sees both on the board first.
    const facilitator = await product.signIn(`/sessions/${sessionId}`);
    const facilitatorCookie = (await facilitator.context().cookies()).map((item) => `${item.name}=${item.value}`).join("; ");
    const controls = await connectFacilitation(`${product.base.replace(/^http/, "ws")}/yjs`, sessionId, facilitatorCookie);
    try {
      expect(await controls.client.send({ type: "post", text: "Bienvenue à toutes et à tous" })).toEqual({ ok: true });
    } finally {
      controls.close();
    }
    await openBoard(facilitator, sessionId);
    await facilitator.locator(".tl-canvas").getByText("Mon dos me fait souffrir").first().waitFor();
    await facilitator.locator(".tl-canvas").getByText("Bienvenue à toutes et à tous").first().waitFor();
    await facilitator.goto(`${product.base}/sessions/${sessionId}`);

    const page = await (
      await product.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })
    ).newPage();
    await page.goto(`${product.base}/espace/connexion`);
    await page.getByLabel(t("espace.connexion.code")).fill(code);
    await page.getByRole("button", { name: t("espace.connexion.submit") }).click();
    await page.waitForURL(`${product.base}/espace`);
    await page.goto(`${product.base}/espace/effacement`);
    await page.getByText(t("privacy.erasure.removed.cards", { count: 1 })).waitFor();
    await page.getByText(t("privacy.erasure.remains.sessions", { count: 1 })).waitFor();
    expect(await violations(page), "/espace/effacement with what goes and stays").toEqual([]);
    await page.getByLabel(t("espace.effacement.field")).fill("EFFACER");
    await page.getByRole("button", { name: t("espace.effacement.submit") }).click();
    await page.getByRole("heading", { name: t("espace.effacement.done.title") }).waitFor();
    await page.context().close();

    // The old board, opened again: her card is gone, the session still counts one participant.
    await openBoard(facilitator, sessionId);
    await facilitator.locator(".tl-canvas").getByText("Bienvenue à toutes et à tous").first().waitFor();
    expect(await facilitator.locator(".tl-canvas").getByText("Mon dos me fait souffrir").count()).toBe(0);
    expect(await facilitator.locator('.tl-shape[data-shape-type="note"]').count()).toBe(1);
    expect(await db.participant.count({ where: { sessionId } })).toBe(1);
    await facilitator.context().close();
  });
});
