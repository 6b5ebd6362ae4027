// The board as a facilitator meets it: long cards readable and apart, on a 360 px phone (the canvas
// keeps the screen, the panel opens from a bar), in an English-speaking browser (tldraw's
// interface speaks French anyway).
import type { BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO } from "../../prisma/seed.js";
import { violations } from "./axe.js";
import { CARD_TEXT_MAX } from "../../board-core/facilitation-protocol.js";
import { connectFacilitation } from "../support/facilitation.js";
import { ANDROID_PHONE } from "./browser.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { canvasBox, boxOf } from "./canvas.js";
import { t } from "../../app/i18n/index.js";

const BOARD = "/board/demo-pairs";
type Box = { x: number; y: number; w: number; h: number };

describe("the board: long cards, a phone, French", () => {
  let product: RunningProduct;
  beforeAll(async () => {
    product = await startProduct();
  });
  afterAll(() => product?.close());

  /** The demo facilitator, signed in on a browser of this kind, on the demo board. */
  async function facilitatorOn(options: BrowserContextOptions, watch?: (page: Page) => void): Promise<Page> {
    const page = await (await product.browser.newContext(options)).newPage();
    watch?.(page);
    page.setDefaultTimeout(20_000);
    await page.goto(`${product.base}/login?redirectTo=${encodeURIComponent(BOARD)}`);
    await page.getByLabel(t("login.email")).fill(DEMO.email);
    await page.getByLabel(t("login.password")).fill(DEMO.password);
    await page.getByRole("button", { name: t("login.submit") }).click();
    await page.waitForURL(`${product.base}${BOARD}`);
    // tldraw mounts a bare canvas first, then again inside its interface, toolbar included.
    await page.getByTestId("tools.select").waitFor();
    return page;
  }

  it("long cards posted from phones and typed on the canvas keep their text inside, and do not cover each other", async () => {
    const page = await facilitatorOn({ viewport: { width: 1280, height: 800 } });
    const cookie = (await page.context().cookies()).map((item) => `${item.name}=${item.value}`).join("; ");
    const phones = await connectFacilitation(`${product.base.replace(/^http/, "ws")}/yjs`, "demo-pairs", cookie);
    const long = (start: string) =>
      `${start} ${"j'ai travaillé dix ans en cuisine, puis je me suis occupée de ma mère ; ".repeat(8)}`.slice(0, CARD_TEXT_MAX);
    const texts = [long("Premier récit."), long("Deuxième récit."), "Courte", long("Troisième récit.")];
    try {
      for (const text of texts) expect(await phones.client.send({ type: "post", text })).toEqual({ ok: true });
    } finally {
      phones.close();
    }
    // The short card, typed over on the canvas into a long one: it would cover the card posted
    // below it, which the facilitator's canvas pushes down.
    await page.locator(".tl-canvas").getByText("Courte", { exact: true }).first().dblclick();
    await page.locator('.tl-canvas [contenteditable="true"]:focus').waitFor();
    await page.keyboard.press("Control+A");
    await page.keyboard.type(long("Tapé au clavier."));
    await page.keyboard.press("Escape");
    // The whole board in view, so that no card is culled.
    await page.keyboard.press("Shift+1");

    const notes = page.locator('.tl-shape[data-shape-type="note"]');
    await expect.poll(() => notes.count()).toBe(texts.length);
    await page.locator(".tl-canvas").getByText("Tapé au clavier.", { exact: false }).first().waitFor();
    const boxes = await notes.evaluateAll((elements) =>
      elements.map((element) => {
        const box = element.getBoundingClientRect();
        const text = element.querySelector(".tl-rich-text")!.getBoundingClientRect();
        return { note: { x: box.x, y: box.y, w: box.width, h: box.height }, text: { x: text.x, y: text.y, w: text.width, h: text.height } };
      }),
    );
    const inside = (inner: Box, outer: Box) =>
      inner.x >= outer.x - 1 &&
      inner.y >= outer.y - 1 &&
      inner.x + inner.w <= outer.x + outer.w + 1 &&
      inner.y + inner.h <= outer.y + outer.h + 1;
    const apart = (a: Box, b: Box) => a.x + a.w <= b.x + 1 || b.x + b.w <= a.x + 1 || a.y + a.h <= b.y + 1 || b.y + b.h <= a.y + 1;
    boxes.forEach(({ note, text }, index) => expect(inside(text, note), `text of card ${index} inside it`).toBe(true));
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) expect(apart(boxes[i].note, boxes[j].note), `cards ${i} and ${j} apart`).toBe(true);
    }
    await page.context().close();
  });

  it("on a 360 px phone the canvas has the screen; a bar opens the panel over it and gives the screen back", async () => {
    const page = await facilitatorOn(ANDROID_PHONE);
    const bar = page.getByRole("button", { name: /^Animation · Étape 1 sur/ });
    const panel = page.locator("#facilitation-panel");
    await bar.waitFor();
    expect(await bar.getAttribute("aria-expanded")).toBe("false");
    expect(await bar.getAttribute("aria-controls")).toBe("facilitation-panel");
    expect(await panel.isVisible()).toBe(false);

    // Most of the screen is canvas, and what is in its middle is the canvas, not a panel.
    const viewport = ANDROID_PHONE.viewport;
    // Measured once the board shows its first zone (the canvas mounts, then settles).
    await page.locator(".tl-canvas").getByText("Ce qui me fait du bien", { exact: true }).first().waitFor();
    const canvas = await canvasBox(page);
    expect((canvas.width * canvas.height) / (viewport.width * viewport.height)).toBeGreaterThan(0.7);
    const middle = await page.evaluate(
      ([x, y]) => Boolean(document.elementFromPoint(x, y)?.closest(".tl-container")),
      [viewport.width / 2, viewport.height / 2],
    );
    expect(middle).toBe(true);
    // A target a thumb can hit (WCAG 2.2 asks 24 px at least; we keep 44).
    const target = await boxOf(bar);
    expect(target.height).toBeGreaterThanOrEqual(44);
    expect(target.width).toBeGreaterThanOrEqual(44);

    // Opened by a tap: the panel shows, takes the focus, leaves the bar in sight.
    await bar.tap();
    expect(await bar.getAttribute("aria-expanded")).toBe("true");
    await panel.getByRole("button", { name: t("panel.next") }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("facilitation-panel");
    expect(await bar.isVisible()).toBe(true);
    expect(await violations(page, { exclude: [".tl-container"] }), "open panel on a phone").toEqual([]);

    // Escape closes it and puts the keyboard back on the bar; Enter on the bar opens it again.
    await page.keyboard.press("Escape");
    await panel.waitFor({ state: "hidden" });
    expect(await bar.getAttribute("aria-expanded")).toBe("false");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-controls"))).toBe("facilitation-panel");
    expect(await violations(page, { exclude: [".tl-container"] }), "folded panel on a phone").toEqual([]);
    await page.keyboard.press("Enter");
    await panel.waitFor({ state: "visible" });
    await page.context().close();
  });

  it("on a wide screen the panel is open beside the canvas from the start", async () => {
    const page = await facilitatorOn({ viewport: { width: 1280, height: 800 } });
    const toggle = page.getByRole("button", { name: t("panel.hide") });
    expect(await toggle.getAttribute("aria-expanded")).toBe("true");
    await page
      .locator("#facilitation-panel")
      .getByRole("button", { name: t("panel.next") })
      .waitFor();
    await page.context().close();
  });

  it("tldraw's interface is in French in a browser set to English: tools, shape names, context menu", async () => {
    const page = await facilitatorOn({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
    const ui = page.locator(".tlui-layout");
    // tldraw's toolbar and its shape names, from its French file and our additions to it.
    await ui.getByRole("button", { name: "Sélection — V" }).waitFor();
    await ui.getByRole("button", { name: `${t("tldraw.tool.note")} — N` }).waitFor();
    // The shapes past the toolbar's end, behind its "Plus" button: one is named in English by tldraw's file.
    await ui.getByRole("button", { name: "Plus", exact: true }).click();
    await page.getByRole("button", { name: t("tldraw.tool.x-box"), exact: true }).waitFor();
    await page.getByRole("button", { name: `${t("tldraw.tool.laser")} — K` }).waitFor();
    await page.keyboard.press("Escape");

    // The context menu of a card.
    await page.keyboard.press("n");
    const box = await canvasBox(page);
    await page.mouse.click(box.x + 200, box.y + 500);
    await page.locator('.tl-canvas [contenteditable="true"]:focus').waitFor();
    await page.keyboard.type("Une carte");
    await page.keyboard.press("Escape");
    await page.locator('.tl-canvas [contenteditable="true"]:focus').waitFor({ state: "detached" });
    await page.locator(".tl-canvas").getByText("Une carte", { exact: true }).first().click({ button: "right" });
    const menu = page.locator(".tlui-menu");
    await menu.getByRole("menuitem", { name: /^Supprimer/ }).waitFor();

    // Nothing the interface names or says (text, labels, tooltips) is in English.
    const said = await page.evaluate(() => {
      const parts: string[] = [];
      for (const element of document.querySelectorAll(".tlui-layout *, .tlui-menu *, [data-radix-popper-content-wrapper] *")) {
        for (const attribute of ["aria-label", "title", "data-tooltip"]) {
          const value = element.getAttribute(attribute);
          if (value) parts.push(value);
        }
        if (element.children.length === 0 && element.textContent) parts.push(element.textContent);
      }
      return parts;
    });
    expect(said.length).toBeGreaterThan(10);
    for (const english of [
      /^Delete\b/,
      /\bX box\b/i,
      /^Select\b/,
      /^Draw\b/,
      /^Eraser\b/,
      /^Duplicate\b/,
      /^Copy\b/,
      /^More\b/,
      /^Large$/,
      /^Laser$/,
    ]) {
      expect(
        said.filter((text) => english.test(text.trim())),
        String(english),
      ).toEqual([]);
    }
    await page.context().close();
  });

  it("the page asks for the canvas's modules and tldraw's translations itself, and the canvas uses what it was given", async () => {
    // Chromium says so in the console when a request could not use what was preloaded for it (other
    // credentials, another kind), and fetches it again: the preload then only cost bytes. (Its other
    // warning, a preload not used within seconds of the load event, depends on the machine's speed.)
    const unused: string[] = [];
    const page = await facilitatorOn({ viewport: { width: 1280, height: 800 } }, (opened) =>
      opened.on("console", (message) => {
        if (/preload.*not used because/i.test(message.text())) unused.push(message.text());
      }),
    );
    await page.locator(".tl-canvas .tl-shape").first().waitFor({ state: "attached" });
    // The French interface is shown once both of tldraw's translation files were read.
    await page.locator(".tlui-layout").getByRole("button", { name: "Sélection — V" }).waitFor();
    const links = await page.$$eval('link[rel="modulepreload"], link[rel="preload"][as="fetch"]', (elements) =>
      elements.map((element) => ({ rel: element.getAttribute("rel"), href: element.getAttribute("href") ?? "" })),
    );
    const boardModule = links.filter((link) => link.rel === "modulepreload" && /^\/build\/_shared\/Board\.client-\w+\.js$/.test(link.href));
    expect(boardModule).toHaveLength(1);
    const fetches = links.filter((link) => link.rel === "preload").map((link) => link.href);
    expect(fetches).toEqual(expect.arrayContaining(["/tldraw-assets/translations/en.json", "/tldraw-assets/translations/fr.json"]));
    // The canvas's module came once, from the preload: a second request would be a preload missed.
    const fetched = await page.evaluate(() => performance.getEntriesByType("resource").map((entry) => new URL(entry.name).pathname));
    expect(fetched.filter((path) => path.includes("/Board.client-"))).toEqual([boardModule[0].href]);
    expect(unused).toEqual([]);
    await page.context().close();
  });

  it("tldraw's hatch tiles are drawn only once a shape is hatched, and then the hatch shows", async () => {
    const page = await facilitatorOn({ viewport: { width: 1280, height: 800 } });
    await page.locator(".tl-canvas .tl-shape").first().waitFor({ state: "attached" });
    const tiles = page.locator('.tl-canvas pattern[id*="hash_pattern"]');
    // tldraw would have drawn them (as one-pixel stand-ins at first) with the canvas's first render.
    expect(await tiles.count()).toBe(0);

    // A rectangle drawn with tldraw's own tool, then hatched from its style panel.
    const box = await canvasBox(page);
    await page.mouse.click(box.x + box.width - 120, box.y + box.height - 120);
    await page.keyboard.press("Escape");
    await page.keyboard.press("r");
    await page.mouse.move(box.x + box.width - 200, box.y + box.height - 200);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width - 150, box.y + box.height - 150, { steps: 5 });
    await page.mouse.move(box.x + box.width - 100, box.y + box.height - 100, { steps: 5 });
    await page.mouse.up();
    await page.getByTestId("style.fill-extra").click();
    await page.getByTestId("style.fill-extra.pattern").click();
    await page.locator('[data-testid="ready-pattern-fill-defs"]').waitFor({ state: "attached" });
    expect(await tiles.count()).toBeGreaterThan(0);
    // The hatched rectangle points at a tile that exists.
    const missing = await page.evaluate(() => {
      const used = [...document.querySelectorAll(".tl-canvas path[fill^='url(#']")].map((path) => path.getAttribute("fill")!.slice(5, -1));
      return { used: used.length, missing: used.filter((id) => !document.getElementById(id)) };
    });
    expect(missing.used).toBeGreaterThan(0);
    expect(missing.missing).toEqual([]);
    await page.context().close();
  });
});
