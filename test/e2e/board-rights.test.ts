import type { TLRecord } from "@tldraw/tlschema";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plainText } from "../../board-core/cards.js";
import { boardAuthors, boardRecords } from "../../board-core/shared-doc.js";
import { zoneFrameShapeId } from "../../board-core/template-layout.js";
import { connectBoardClient, until, type BoardClient } from "../support/clients.js";
import { writeNote } from "./canvas.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { t } from "../../app/i18n/index.js";

// The demo peer workshop (prisma/seed.ts): template "forces-et-reconnaissance".
const SESSION_ID = "demo-pairs";
const JOIN_CODE = "PAR7AG";
const ZONE = zoneFrameShapeId("brise-glace", "ce-qui-fait-du-bien");
type Shape = Extract<TLRecord, { typeName: "shape" }>;

describe("on the canvas, a participant changes only what is theirs", () => {
  let product: RunningProduct;
  let facilitator: Page;
  let awa: Page;
  let stored: BoardClient;

  beforeAll(async () => {
    product = await startProduct();
    facilitator = await product.signIn(`/board/${SESSION_ID}`);
    await facilitator.getByTestId("facilitation-panel").waitFor();
    const cookie = (await facilitator.context().cookies()).map((item) => `${item.name}=${item.value}`).join("; ");
    // What the server holds, seen through a client that only watches.
    stored = connectBoardClient(`${product.base.replace(/^http/, "ws")}/yjs`, SESSION_ID, cookie);
    await stored.synced;
    awa = await join("Awa");
  });

  afterAll(async () => {
    stored?.destroy();
    await product?.close();
  });

  async function join(name: string): Promise<Page> {
    const page = await (await product.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${product.base}/join/${JOIN_CODE}`);
    await page.getByLabel(t("join.name")).fill(name);
    await page.getByRole("button", { name: t("contribute.join.board") }).click();
    await page.waitForURL(/\/board\//);
    await page.getByTestId("facilitation-panel").waitFor();
    // tldraw mounts a bare canvas first, then again inside its interface, toolbar included.
    await page.getByTestId("tools.select").waitFor();
    return page;
  }

  const shape = (id: string) => boardRecords(stored.doc).get(id) as Shape | undefined;
  const noteWith = (text: string) =>
    [...boardRecords(stored.doc).values()].find(
      (record): record is Extract<Shape, { type: "note" }> =>
        record.typeName === "shape" && record.type === "note" && plainText(record.props.richText) === text,
    );

  /** Waits for `done`, naming the step that never came. */
  function step<T>(label: string, done: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`never happened: ${label}`)), 30_000)));
    return Promise.race([done, late]).finally(() => clearTimeout(timer));
  }

  /** Drags from the middle of what shows `text` on `page`'s canvas, by (dx, dy) screen pixels. */
  async function drag(page: Page, text: string, dx: number, dy: number, selector = ".tl-canvas"): Promise<void> {
    const target = page.locator(selector).getByText(text, { exact: true }).filter({ visible: true }).first();
    const box = await target.boundingBox().catch(() => null);
    if (!box) {
      await page.screenshot({ path: `/tmp/drag-${text.slice(0, 12).replace(/\W/g, "_")}.png` });
      throw new Error(`nothing shows "${text}" on the canvas`);
    }
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let step = 1; step <= 10; step++) await page.mouse.move(x + (dx * step) / 10, y + (dy * step) / 10);
    await page.mouse.up();
  }

  it("a locked frame and another person's card do not move or change under her hand", async () => {
    // Bilal's card, written from the facilitator's own board for him would not be his: he posts it himself.
    const bilal = await join("Bilal");
    await writeNote(bilal, 700, 420, "Carte de Bilal");
    await step(
      "Bilal's card stored under his name",
      until(stored.doc, () => {
        const card = noteWith("Carte de Bilal");
        return card !== undefined && boardAuthors(stored.doc).get(card.id)?.name === "Bilal";
      }),
    );
    const card = noteWith("Carte de Bilal")!;
    await awa.locator(".tl-canvas").getByText("Carte de Bilal").first().waitFor();

    const frame = shape(ZONE)!;
    const title = String((frame.props as { name: string }).name);
    await drag(awa, title, 250, 120, ".tl-canvas .tl-frame-heading");
    // The frame stays selected after her try: without Escape the next drag would move the frame again.
    await awa.keyboard.press("Escape");
    await drag(awa, "Carte de Bilal", 300, 0);
    await awa.locator(".tl-canvas").getByText("Carte de Bilal").first().dblclick();
    await awa.keyboard.type(" modifiée");
    await awa.keyboard.press("Escape");
    await awa.keyboard.press("Delete");

    // Her own card is hers: she writes it, moves it; the server files it under her name.
    await writeNote(awa, 320, 620, "Carte de Awa");
    await step(
      "Awa's card stored",
      until(stored.doc, () => noteWith("Carte de Awa") !== undefined),
    );
    const mine = noteWith("Carte de Awa")!;
    await step(
      "Awa's card filed under her name",
      until(stored.doc, () => boardAuthors(stored.doc).get(mine.id)?.name === "Awa"),
    );
    await drag(awa, "Carte de Awa", 0, 150);
    await step(
      "Awa's card moved",
      until(stored.doc, () => (shape(mine.id)?.y ?? 0) !== mine.y),
    );

    // Nothing of the others' moved or changed, on the server or on her screen.
    expect(shape(ZONE)).toEqual(frame);
    expect(shape(card.id)).toEqual(card);
    await expect.poll(() => awa.locator(".tl-canvas").getByText("Carte de Bilal", { exact: true }).count()).toBe(1);
    await facilitator.locator(".board-card-author", { hasText: "Awa" }).first().waitFor();
    await bilal.context().close();
  });

  it("with tri collectif open, she may move another person's card, still not change it", async () => {
    const card = noteWith("Carte de Bilal")!;
    // The box shows what the server decided: it changes once the facilitation state comes back.
    await facilitator.getByLabel(t("panel.sorting")).click();
    await awa.getByText(t("facilitation.sorting.open")).waitFor();
    await drag(awa, "Carte de Bilal", 0, 200);
    await until(stored.doc, () => (shape(card.id)?.y ?? card.y) !== card.y);
    expect(plainText((shape(card.id) as typeof card).props.richText)).toBe("Carte de Bilal");
    await facilitator.getByLabel(t("panel.sorting")).click();
    await awa.getByText(t("facilitation.sorting.open")).waitFor({ state: "detached" });
  });

  it("a space she types as her card's editor opens does not leave her board panning", async () => {
    // tldraw pans while Space is held, and does not hear a key let go inside a card's editor: a
    // space pressed on the canvas and released once the editor has the focus used to leave every
    // later click panning the board, so that the note tool created nothing where she clicked.
    await writeNote(awa, 160, 470, "Carte au clavier");
    await awa.keyboard.down("Space");
    await awa.keyboard.press("Enter"); // opens the selected card's editor
    await awa.locator('.tl-canvas [contenteditable="true"]:focus').waitFor();
    await awa.keyboard.up("Space");
    await awa.keyboard.press("Escape");

    await writeNote(awa, 450, 470, "Carte après l'espace");
    await step(
      "the next card stored",
      until(stored.doc, () => noteWith("Carte après l'espace") !== undefined),
    );
  });
});
