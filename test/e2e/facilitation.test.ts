import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProduct, type RunningProduct } from "./harness.js";
import { canvasBox, boxOf } from "./canvas.js";
import { t } from "../../app/i18n/index.js";

// The demo peer workshop (prisma/seed.ts): template "forces-et-reconnaissance".
const SESSION_ID = "demo-pairs";
const JOIN_CODE = "PAR7AG";

describe("facilitating a live session", () => {
  let product: RunningProduct;
  let facilitator: Page;
  let laptop: Page;
  let phone: Page;

  beforeAll(async () => {
    product = await startProduct();
    facilitator = await product.signIn(`/board/${SESSION_ID}`);
    await facilitator.getByTestId("facilitation-panel").waitFor();
    laptop = await join("Awa", { width: 1280, height: 800 }, "board");
    phone = await join("Bilal", { width: 360, height: 740 }, "phone");
  });

  afterAll(() => product?.close());

  async function join(name: string, viewport: { width: number; height: number }, view: "board" | "phone"): Promise<Page> {
    const context = await product.browser.newContext({
      viewport,
      ...(view === "phone" ? { isMobile: true, hasTouch: true } : {}),
    });
    const page = await context.newPage();
    await page.goto(`${product.base}/join/${JOIN_CODE}`);
    await page.getByLabel(t("join.name")).fill(name);
    await page.getByRole("button", { name: view === "phone" ? /téléphone/i : /grand tableau/i }).click();
    await page.waitForURL(view === "phone" ? /\/contribute\// : /\/board\//);
    if (view === "board") await page.getByTestId("facilitation-panel").waitFor();
    else await page.getByTestId("session-timer").waitFor();
    return page;
  }

  const panelPhase = (page: Page) => page.getByTestId("current-phase");
  const remaining = async (page: Page) => Number(await page.getByTestId("session-timer").getAttribute("data-remaining"));
  const canvasText = async (page: Page) => (await page.locator(".tl-canvas").textContent()) ?? "";

  it("everyone sees who is here, then the phase the facilitator moves to", async () => {
    await facilitator.getByTestId("people").getByText("Bilal").waitFor();
    await facilitator.getByTestId("people").getByText("Awa").waitFor();
    // Awa's cursor, with her name, moves on the facilitator's canvas.
    const canvas = await canvasBox(laptop);
    await laptop.mouse.move(canvas.x + 300, canvas.y + 300);
    await laptop.mouse.move(canvas.x + 320, canvas.y + 310);
    await facilitator.locator(".tl-nametag", { hasText: "Awa" }).waitFor();
    await facilitator.getByRole("button", { name: t("panel.next") }).click();
    await expect.poll(() => panelPhase(laptop).textContent(), { timeout: 5_000 }).toBe("Ce que je sais faire");
    await phone.getByRole("heading", { name: "Ce que je sais faire" }).waitFor();
  });

  it("the timer shows the same remaining seconds everywhere", async () => {
    await facilitator.getByRole("button", { name: t("panel.timer.start") }).click();
    await phone.locator('[data-testid="session-timer"]:not(:has-text("pause"))').waitFor();
    await expect.poll(() => remaining(laptop), { timeout: 5_000 }).toBeLessThan(25 * 60);
    const [a, b, c] = await Promise.all([remaining(facilitator), remaining(laptop), remaining(phone)]);
    expect(Math.max(a, b, c) - Math.min(a, b, c)).toBeLessThanOrEqual(1);
  });

  it("a card sent from the phone appears on the canvas for everyone", async () => {
    await phone.getByRole("textbox").fill("Je sais réparer un vélo");
    await phone.getByRole("button", { name: t("contribute.send") }).click();
    await laptop.locator(".tl-canvas").getByText("Je sais réparer un vélo").first().waitFor();
    await facilitator.locator(".tl-canvas").getByText("Je sais réparer un vélo").first().waitFor();
    // Signed with the participant's pseudonym.
    await facilitator.locator(".board-card-author", { hasText: "Bilal" }).first().waitFor();
  });

  it("a dot vote gives anonymous counts that everyone sees live", async () => {
    await phone.getByRole("textbox").fill("Je sais cuisiner pour vingt");
    await phone.getByRole("button", { name: t("contribute.send") }).click();
    await laptop.locator(".tl-canvas").getByText("Je sais cuisiner pour vingt").first().waitFor();
    await facilitator
      .getByRole("region", { name: t("panel.vote.start") })
      .getByRole("button", { name: t("panel.start") })
      .click();
    const give = (text: string) => laptop.getByRole("button", { name: `Donner un point à l'idée : ${text}` });
    // The first point is given on the canvas, on the card's own counter (its top right corner).
    const card = await boxOf(laptop.locator(".tl-shape", { hasText: "Je sais réparer un vélo" }).first());
    const counters = laptop.locator(".board-vote-button");
    await counters.first().waitFor();
    let closest = 0;
    let best = Infinity;
    for (let i = 0; i < (await counters.count()); i++) {
      const box = await boxOf(counters.nth(i));
      const distance = Math.hypot(box.x + box.width - (card.x + card.width), box.y - card.y);
      if (distance < best) [best, closest] = [distance, i];
    }
    await counters.nth(closest).click();
    await laptop.getByText(t("contribute.vote.left", { count: 2 })).waitFor();
    await expect.poll(() => counters.nth(closest).textContent(), { timeout: 5_000 }).toBe("+1 · 1");
    await give("Je sais réparer un vélo").click();
    await laptop.getByText(t("contribute.vote.left", { count: 1 })).waitFor();
    // The phone votes too, from its own list.
    await phone
      .getByRole("button", { name: `${t("contribute.vote.give")} ${t("contribute.vote.to", { text: "Je sais cuisiner pour vingt" })}` })
      .click();
    const counts = facilitator.getByRole("region", { name: t("contribute.vote.title"), exact: true });
    await expect.poll(() => counts.locator("li", { hasText: "réparer un vélo" }).textContent(), { timeout: 5_000 }).toContain("2 point(s)");
    await expect.poll(() => counts.locator("li", { hasText: "cuisiner" }).textContent(), { timeout: 5_000 }).toContain("1 point(s)");
    // Three points each by default: the fourth is refused, with the reason.
    await give("Je sais réparer un vélo").click();
    await give("Je sais réparer un vélo").click();
    await laptop.getByText(t("facilitation.refused.no-votes-left")).waitFor();
    await expect.poll(() => counts.locator("li", { hasText: "réparer un vélo" }).textContent(), { timeout: 5_000 }).toContain("3 point(s)");
    await facilitator.getByRole("button", { name: t("panel.vote.close") }).click();
    await laptop.getByRole("heading", { name: t("contribute.vote.results") }).waitFor();
    await phone.getByRole("heading", { name: t("contribute.vote.results") }).waitFor();
  });

  it("private brainstorm hides cards from the others until the reveal", async () => {
    await facilitator
      .getByRole("region", { name: t("panel.private.title") })
      .getByRole("button", { name: t("panel.start") })
      .click();
    await laptop.getByText(t("facilitation.private.on")).first().waitFor();
    await phone.getByRole("textbox").fill("Une idée à moi");
    await phone.getByRole("button", { name: t("contribute.send") }).click();
    await facilitator
      .getByTestId("private-hidden")
      .getByText(t("facilitation.private.hidden", { count: 1, authors: 1 }))
      .waitFor();
    await phone.getByText("Une idée à moi").first().waitFor();
    // A card written on the canvas meanwhile stays on its author's screen.
    await laptop.keyboard.press("n");
    const box = await canvasBox(laptop);
    await laptop.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await laptop.locator('.tl-canvas [contenteditable="true"]:focus').waitFor();
    await laptop.keyboard.type("Idée de Awa");
    await laptop.keyboard.press("Escape");
    await facilitator
      .getByTestId("private-hidden")
      .getByText(/^2 carte/)
      .waitFor();
    expect(await canvasText(facilitator)).not.toContain("Idée de Awa");
    expect(await canvasText(laptop)).not.toContain("Une idée à moi");
    expect(await canvasText(facilitator)).not.toContain("Une idée à moi");
    await facilitator.getByRole("button", { name: t("panel.private.reveal") }).click();
    await laptop.locator(".tl-canvas").getByText("Une idée à moi").first().waitFor();
    await facilitator.locator(".tl-canvas").getByText("Idée de Awa").first().waitFor();
    // Revealed without names (anonymous is the default), and Awa's own hidden copy is gone.
    await expect.poll(async () => await laptop.locator(".tl-canvas").getByText("Idée de Awa").count(), { timeout: 5_000 }).toBe(1);
  });

  it("follow me: participants' screens follow the facilitator's until turned off; a summons brings them over once", async () => {
    await facilitator.getByRole("button", { name: t("panel.follow") }).click();
    await laptop.locator(".tlui-following-indicator").waitFor();
    await laptop.getByText(t("panel.following", { name: "Camille Martin" })).waitFor();
    await facilitator.getByRole("button", { name: t("panel.follow"), pressed: true }).click();
    await laptop.locator(".tlui-following-indicator").waitFor({ state: "detached" });

    // The facilitator looks at the last phase; the participant, elsewhere, is brought there.
    const lastTitle = laptop.locator(".tl-canvas").getByText("Je repars avec", { exact: true });
    expect(await lastTitle.isVisible()).toBe(false);
    // tldraw's "zoom to fit" shows the whole board.
    await facilitator.keyboard.press("Shift+1");
    await facilitator.locator(".tl-canvas").getByText("Je repars avec", { exact: true }).waitFor();
    await facilitator.getByRole("button", { name: t("panel.summon") }).click();
    await lastTitle.waitFor();
    await laptop.locator(".tlui-following-indicator").waitFor({ state: "detached" });
  });

  it("a participant's hand-crafted WebSocket messages cannot change the phase, the timer or private mode", async () => {
    const before = await panelPhase(facilitator).textContent();
    const answers = await laptop.evaluate(async (sessionId) => {
      const socket = new WebSocket(`${location.origin.replace(/^http/, "ws")}/yjs/${sessionId}?view=phone`);
      socket.binaryType = "arraybuffer";
      const refusals: string[] = [];
      const allRefused = new Promise<void>((resolve) => {
        socket.onmessage = (event) => {
          const text = new TextDecoder().decode(new Uint8Array(event.data as ArrayBuffer).subarray(2));
          if (text.includes('"refused"')) refusals.push(text);
          if (refusals.length === 4) resolve();
        };
      });
      await new Promise((resolve) => (socket.onopen = resolve));
      const frame = (command: object) => {
        const json = new TextEncoder().encode(JSON.stringify(command));
        // type 100, then the JSON's length as a varint, then the JSON
        const length: number[] = [];
        for (let n = json.length; ; n >>>= 7) {
          if (n < 0x80) {
            length.push(n);
            break;
          }
          length.push((n & 0x7f) | 0x80);
        }
        return new Uint8Array([100, ...length, ...json]);
      };
      socket.send(frame({ type: "phase", phaseId: "cloture", ref: "a" }));
      socket.send(frame({ type: "timer", action: "reset", minutes: 99, ref: "b" }));
      socket.send(frame({ type: "private-start", zoneId: "shape:phase.cloture.zone.prochaine-etape", anonymous: false, ref: "c" }));
      socket.send(frame({ type: "locks", frames: false, board: true, ref: "d" }));
      await allRefused;
      socket.close();
      return refusals;
    }, SESSION_ID);
    expect(answers).toHaveLength(4);
    for (const answer of answers) expect(answer).toContain("facilitator-only");
    expect(await panelPhase(facilitator).textContent()).toBe(before);
    expect(await panelPhase(laptop).textContent()).toBe(before);
    expect(await laptop.getByText(t("facilitation.private.on")).count()).toBe(0);
    expect(await remaining(laptop)).toBeLessThan(25 * 60);
  });
});
