// The console check itself: what it catches, what a test may allow, and that the allowance ends
// with the test.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./browser.js";
import { allowConsoleErrors, refusal, takeConsoleProblems, watchBrowser } from "./console-watch.js";

describe("the console check on every e2e page", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = watchBrowser(await launchChromium());
  });
  afterAll(() => browser?.close());

  it("records console errors, React's hydration warnings and uncaught errors, and nothing else", async () => {
    const page = await browser.newPage();
    await page.setContent("<p>page</p>");
    await page.evaluate(() => {
      console.log("bonjour");
      console.warn("un avertissement quelconque");
      console.error("quelque chose a échoué");
      console.warn("Warning: Expected server HTML to contain a matching <form> in <p>.");
      setTimeout(() => {
        throw new Error("Minified React error #418");
      });
    });
    await page.waitForEvent("pageerror");
    const problems = takeConsoleProblems();
    expect(problems, problems.join("\n")).toHaveLength(3);
    expect(problems[0]).toContain("console.error: quelque chose a échoué");
    expect(problems[1]).toContain("matching <form> in <p>");
    expect(problems[2]).toContain("uncaught Error: Minified React error #418");
    await page.context().close();
  });

  it("a test's allowance lets only what it names through, and is forgotten after it", async () => {
    const page = await (await browser.newContext()).newPage();
    await page.setContent("<p>page</p>");
    allowConsoleErrors(/^console\.error: attendu ici$/);
    await page.evaluate(() => {
      console.error("attendu ici");
      console.error("pas attendu");
    });
    await expect.poll(() => takeConsoleProblems()).toEqual([expect.stringContaining("console.error: pas attendu")]);
    // The allowance went with takeConsoleProblems (the end of a test): the same error now counts.
    await page.evaluate(() => console.error("attendu ici"));
    await expect.poll(() => takeConsoleProblems().length).toBe(1);
    await page.context().close();
  });

  it("names a server refusal by status and path only", () => {
    const line = (status: number, url: string) =>
      `console.error: Failed to load resource: the server responded with a status of ${status} (Bad Request) (${url}:0)`;
    expect(refusal(400, "/join.data").test(line(400, "http://localhost:1234/join.data?index"))).toBe(true);
    expect(refusal(400, "/join.data").test(line(500, "http://localhost:1234/join.data?index"))).toBe(false);
    expect(refusal(400, "/join.data").test(line(400, "http://localhost:1234/join.data.evil?index"))).toBe(false);
    expect(refusal(404, "/people/x").test(line(404, "http://localhost:1234/people/x"))).toBe(true);
    expect(refusal(404, "/people/x").test(line(404, "http://localhost:1234/people/xy"))).toBe(false);
  });
});
