import type { Locator, Page } from "playwright-core";

/**
 * The box of an element that a re-render may replace: tldraw remounts its canvas while a board loads, so a
 * box read between two renders is null. Asks again until the element is laid out (10 s at most).
 */
export async function boxOf(target: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    // Only "not there yet" is waited out; anything else (two matches, a closed page) fails at once.
    const box = await target.boundingBox({ timeout: Math.max(1, deadline - Date.now()) }).catch((error: unknown) => {
      if (error instanceof Error && error.name === "TimeoutError") return null;
      throw error;
    });
    if (box && box.width > 0 && box.height > 0) return box;
    if (Date.now() > deadline) throw new Error("the element never got a box on screen");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The canvas's box, once it is on screen. */
export const canvasBox = (page: Page) => boxOf(page.locator(".tl-canvas"));

/** Writes a note with tldraw's own note tool at (x, y) of the canvas, as a person would. */
export async function writeNote(page: Page, x: number, y: number, text: string): Promise<void> {
  const box = await canvasBox(page);
  const editing = page.locator('.tl-canvas [contenteditable="true"]:focus');
  // A gesture on a busy canvas is sometimes swallowed (the note tool not yet active when the click lands):
  // a person would simply try again, and so does this, three times at most.
  for (let attempt = 1; ; attempt++) {
    // A click on the canvas first, so that tldraw's keyboard shortcuts reach it.
    await page.mouse.click(box.x + x, box.y + y);
    await page.keyboard.press("Escape");
    await page.keyboard.press("n");
    await page.mouse.click(box.x + x, box.y + y);
    // The new note opens in edit mode: type once its editor has the focus.
    const focused = await editing
      .waitFor({ timeout: 7_000 })
      .then(() => true)
      .catch(() => false);
    if (focused) break;
    if (attempt === 3) {
      await page.screenshot({ path: "/tmp/writenote.png" });
      throw new Error(`no note editor took the focus after ${attempt} tries at (${x}, ${y})`);
    }
    await page.keyboard.press("Escape");
  }
  await page.keyboard.type(text);
  await page.keyboard.press("Escape");
}
