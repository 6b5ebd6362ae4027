// People own their words (issue 15, point 4): from the phone, a participant finds their cards under
// "Mes cartes", rewrites one and withdraws another, which leaves the facilitator's board.
import type { TLRecord } from "@tldraw/tlschema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Y from "yjs";
import { plainText } from "../../board-core/cards.js";
import { MESSAGE_FACILITATION } from "../../board-core/facilitation-protocol.js";
import { boardRecords } from "../../board-core/shared-doc.js";
import { connectBoardClient, until, type BoardClient } from "../support/clients.js";
import { violations } from "./axe.js";
import { ANDROID_PHONE as PHONE } from "./browser.js";
import { startProduct, type RunningProduct } from "./harness.js";
import { t } from "../../app/i18n/index.js";

const hasNote = (doc: Y.Doc, text: string) =>
  [...boardRecords(doc).values()].some(
    (record: TLRecord) => record.typeName === "shape" && record.type === "note" && plainText(record.props.richText) === text,
  );

describe("a participant's own cards, from the phone", () => {
  let product: RunningProduct;
  let board: BoardClient;

  beforeAll(async () => {
    product = await startProduct();
    const facilitator = await product.signIn("/sessions");
    const cookie = (await facilitator.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    await facilitator.context().close();
    board = connectBoardClient(`${product.base.replace(/^http/, "ws")}/yjs`, "demo-pairs", cookie);
    board.provider.messageHandlers[MESSAGE_FACILITATION] = () => undefined;
    await board.synced;
  });
  afterAll(async () => {
    board?.destroy();
    await product?.close();
  });

  it("writes two cards, rewrites one and withdraws the other: the facilitator's board follows", async () => {
    const context = await product.browser.newContext(PHONE);
    try {
      const page = await context.newPage();
      await page.goto(`${product.base}/join`);
      await page.getByLabel(t("join.code")).fill("par7ag");
      await page.getByLabel(t("join.name")).fill("Chloé");
      await page.getByRole("button", { name: t("contribute.join.phone") }).tap();
      await page.waitForURL(`${product.base}/contribute/demo-pairs`);
      await page
        .getByTestId("contribute-connection")
        .filter({ hasText: t("contribute.connection.online") })
        .waitFor();

      const mine = page.getByTestId("my-cards");
      await mine.getByText(t("mine.none")).waitFor();
      const box = page.getByRole("textbox", { name: t("contribute.text.label") });
      for (const text of ["Le jardin partagé", "Une carte à retirer"]) {
        await box.fill(text);
        await page.getByRole("button", { name: t("contribute.send") }).tap();
        await page
          .getByTestId("contribute-sent")
          .filter({ hasText: t("contribute.sent") })
          .waitFor();
      }
      await mine.getByRole("heading", { level: 2, name: t("mine.title", { count: 2 }) }).waitFor();
      expect(await violations(page), "Mes cartes").toEqual([]);
      await until(board.doc, () => hasNote(board.doc, "Une carte à retirer") && hasNote(board.doc, "Le jardin partagé"));

      // Rewrite the first one.
      const garden = mine.getByTestId("my-card").filter({ hasText: "Le jardin partagé" });
      await garden.getByRole("button", { name: t("mine.edit") }).tap();
      // The card being rewritten shows its text in the box only (a box's value is not the card's text content).
      const editing = mine.getByTestId("my-card").filter({ has: page.getByLabel(t("mine.edit.label")) });
      expect(await editing.getByLabel(t("mine.edit.label")).inputValue()).toBe("Le jardin partagé");
      await editing.getByLabel(t("mine.edit.label")).fill("Le jardin partagé du quartier");
      await editing.getByRole("button", { name: t("mine.save") }).tap();
      await mine.getByText(t("mine.saved")).waitFor();
      await until(board.doc, () => hasNote(board.doc, "Le jardin partagé du quartier"));
      expect(hasNote(board.doc, "Le jardin partagé")).toBe(false);

      // Withdraw the second, after saying yes to the question.
      const other = mine.getByTestId("my-card").filter({ hasText: "Une carte à retirer" });
      await other.getByRole("button", { name: t("mine.withdraw") }).tap();
      await other.getByText(t("mine.withdraw.confirm")).waitFor();
      expect(await violations(page), "the confirmation").toEqual([]);
      expect(hasNote(board.doc, "Une carte à retirer")).toBe(true);
      await other.getByRole("button", { name: t("mine.withdraw.yes") }).tap();
      await mine.getByText(t("mine.withdrawn")).waitFor();
      await until(board.doc, () => !hasNote(board.doc, "Une carte à retirer"));
      await mine.getByRole("heading", { level: 2, name: t("mine.title", { count: 1 }) }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    } finally {
      await context.close();
    }
  });
});
