import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const AXE_PATH = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** Runs axe-core in the page and lists each WCAG A/AA violation with the elements at fault. */
export async function violations(page: Page, options: { exclude?: string[] } = {}): Promise<string[]> {
  // Evaluated through the DevTools protocol, not added as an inline <script>: the pages' CSP (nonces) would refuse that.
  await page.evaluate(readFileSync(AXE_PATH, "utf8"));
  const result = await page.evaluate(
    async ({ tags, exclude }) => {
      const axe = (
        window as unknown as {
          axe: { run: (context: object, options: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> };
        }
      ).axe;
      return axe.run({ include: [["body"]], exclude: exclude.map((selector) => [selector]) }, { runOnly: { type: "tag", values: tags } });
    },
    { tags: WCAG_AA, exclude: options.exclude ?? [] },
  );
  return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}
