import type { Page } from "playwright-core";

/** Writes a note with tldraw's own note tool at (x, y) of the canvas, as a person would. */
export async function writeNote(page: Page, x: number, y: number, text: string): Promise<void> {
  const box = (await page.locator(".tl-canvas").boundingBox())!;
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
