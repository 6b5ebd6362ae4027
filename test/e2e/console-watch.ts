import type { Browser, BrowserContext, ConsoleMessage, Page } from "playwright-core";

// Every page an e2e test opens is watched: a console error, a React hydration warning or an
// uncaught page error fails the test that was running (see console-setup.ts, wired in
// vitest.config.ts). A test that provokes an error on purpose allows it, narrowly, for itself only.

const problems: string[] = [];
let allowances: RegExp[] = [];

// React's words for a server/browser mismatch (development builds warn, production ones throw #418…).
const HYDRATION =
  /hydrat|did not match|server rendered|expected server html|validateDOMNesting|minified react error #(418|419|421|422|423|425)/i;

function record(page: Page, what: string) {
  if (allowances.some((allowed) => allowed.test(what))) return;
  problems.push(`${page.url() || "(blank page)"}: ${what}`);
}

function describeConsole(message: ConsoleMessage): string {
  const { url, lineNumber } = message.location();
  return `console.${message.type()}: ${message.text()}${url ? ` (${url}:${lineNumber})` : ""}`;
}

function watchPage(page: Page) {
  page.on("console", (message) => {
    const type = message.type();
    if (type === "error" || (type === "warning" && HYDRATION.test(message.text()))) record(page, describeConsole(message));
  });
  page.on("pageerror", (error) => record(page, `uncaught ${error.name}: ${error.message}`));
}

function watchContext(context: BrowserContext) {
  context.on("page", watchPage);
  for (const page of context.pages()) watchPage(page);
}

/** Makes every context (and so every page) opened from this browser watched. */
export function watchBrowser(browser: Browser): Browser {
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const context = await newContext(...args);
    watchContext(context);
    return context;
  };
  // Browser.newPage goes through newContext, patched above.
  return browser;
}

/**
 * Lets console errors matching one of these patterns through, for the running test only
 * (the setup file forgets them after each test). Name the exact message, not a family.
 */
export function allowConsoleErrors(...patterns: RegExp[]) {
  allowances.push(...patterns);
}

/**
 * The console line Chromium writes when our server answers `status` at a path matching `path`
 * (a form sent with errors answers 400, an unknown page 404: on purpose, and the test checks the
 * page that comes with it). Anything else on the console still fails the test.
 */
export function refusal(status: number, path: string | RegExp): RegExp {
  const pattern = typeof path === "string" ? path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : path.source;
  return new RegExp(
    `^console\\.error: Failed to load resource: the server responded with a status of ${status} \\([^)]*\\) \\(https?://[^/]+${pattern}[?:]`,
  );
}

/** What Chromium writes while the server is down on purpose (a test that kills and restarts it). */
export const SERVER_AWAY: RegExp[] = [
  /^console\.error: WebSocket connection to 'ws:\/\/[^']+\/yjs\/[\w-]+(\?[\w=&]+)?' failed: Error in connection establishment: net::ERR_CONNECTION_REFUSED/,
  /^console\.error: Failed to load resource: net::ERR_CONNECTION_REFUSED/,
];

/** What was seen since the last call; forgets it, and the running test's allowances. */
export function takeConsoleProblems(): string[] {
  allowances = [];
  return problems.splice(0);
}
