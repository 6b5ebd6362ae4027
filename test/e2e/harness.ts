import type { Browser, Page } from "playwright-core";
import { DEMO, seedDemo } from "../../prisma/seed.js";
import type { Db } from "../../prisma/db.js";
import { createTestDatabase } from "../support/fixtures.js";
import { freePort, killHard, startServerProcess, stopGracefully, type ServerProcess } from "../support/server-process.js";
import { launchChromium } from "./browser.js";
import { allowConsoleErrors, watchBrowser } from "./console-watch.js";

/** The product as a user meets it: its own seeded database, the real server process, Chromium. */
export interface RunningProduct {
  base: string;
  /** The product's own database, for a test to set up data or check what the product stored. */
  db: Db;
  /** Every page opened from it is watched for console errors (console-watch.ts). */
  browser: Browser;
  /** For the running test only: console errors it provokes on purpose, named narrowly. */
  allowConsoleErrors(...patterns: RegExp[]): void;
  /** Signs the demo facilitator in, in a fresh browser context, and lands on `redirectTo`. */
  signIn(redirectTo?: string): Promise<Page>;
  /** SIGKILL, then start again on the same port and database. */
  killAndRestart(): Promise<void>;
  /** SIGKILL only: the product is down until `start()`. */
  kill(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startProduct(): Promise<RunningProduct> {
  const database = await createTestDatabase();
  await seedDemo(database.db);
  const port = await freePort();
  const start = () => startServerProcess({ DATABASE_URL: database.url, PORT: String(port) });
  let server: ServerProcess = await start();
  const browser = watchBrowser(await launchChromium());
  const base = `http://localhost:${port}`;
  return {
    base,
    db: database.db,
    browser,
    allowConsoleErrors,
    async signIn(redirectTo = "/sessions") {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${base}/login?redirectTo=${encodeURIComponent(redirectTo)}`);
      await page.getByLabel("Adresse e-mail").fill(DEMO.email);
      await page.getByLabel("Mot de passe").fill(DEMO.password);
      await page.getByRole("button", { name: "Se connecter" }).click();
      await page.waitForURL(`${base}${redirectTo}`);
      return page;
    },
    async killAndRestart() {
      await killHard(server);
      server = await start();
    },
    async kill() {
      await killHard(server);
    },
    async start() {
      server = await start();
    },
    async close() {
      await browser.close();
      await stopGracefully(server);
      await database.cleanup();
    },
  };
}
