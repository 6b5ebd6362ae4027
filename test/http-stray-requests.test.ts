// Browsers and bots ask for /favicon.ico on every visit, and strangers type any address: the icon
// is served, and an unknown address is a 404 that the server logs in one line (its request line,
// server/http/request-log.ts), without a trace.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/fixtures.js";
import { freePort, startServerProcess, stopGracefully, type ServerProcess } from "./support/server-process.js";

describe("the icon and unknown addresses", () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let base: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    const port = await freePort();
    server = await startServerProcess({ DATABASE_URL: database.url, PORT: String(port) });
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await stopGracefully(server);
    await database.cleanup();
  });

  /** What the server wrote while `run` went on (stdout and stderr together). */
  async function loggedDuring(run: () => Promise<void>): Promise<string> {
    const before = server.output().length;
    await run();
    // A marker request: once its line is in, everything logged before it is in too.
    await fetch(`${base}/adresse-repere-${before}`);
    const marker = `/adresse-repere-${before}`;
    while (!server.output().includes(marker)) await new Promise((resolve) => server.child.stdout!.once("data", resolve));
    return server.output().slice(before);
  }

  it("/favicon.ico is an icon, and the page links to it", async () => {
    const logged = await loggedDuring(async () => {
      const icon = await fetch(`${base}/favicon.ico`);
      expect(icon.status).toBe(200);
      expect(icon.headers.get("Content-Type")).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
      const bytes = new Uint8Array(await icon.arrayBuffer());
      expect([...bytes.slice(0, 4)]).toEqual([0, 0, 1, 0]); // an ICO header
      const svg = await fetch(`${base}/favicon.svg`);
      expect(svg.headers.get("Content-Type")).toMatch(/^image\/svg\+xml/);
      const home = await (await fetch(`${base}/join`)).text();
      expect(home).toMatch(/<link rel="icon" href="\/favicon\.ico"/);
    });
    // Its request line, and nothing else: no warning about it.
    const about = logged.split("\n").filter((line) => line.includes("/favicon.ico"));
    expect(about.map((line) => JSON.parse(line) as { path: string; status: number; level: string })).toEqual([
      expect.objectContaining({ path: "/favicon.ico", status: 200, level: "info" }),
    ]);
  });

  it("unknown addresses answer 404, each logged in one line with no stack trace", async () => {
    const paths = ["/nulle-part", "/wp-login.php", "/sessions/x/y/z", "/%E2%9C%93-inconnu", "/apple-touch-icon.png", "/nulle-part.data"];
    const logged = await loggedDuring(async () => {
      for (const path of paths) expect((await fetch(`${base}${path}`)).status, path).toBe(404);
    });
    expect(logged).not.toMatch(/^\s+at /m);
    expect(logged).not.toContain("Error:");
    expect(logged).not.toContain("No route matches");
    for (const path of ["/nulle-part", "/wp-login.php", "/sessions/x/y/z"]) {
      const about = logged.split("\n").filter((line) => line.includes(`"${path}"`));
      expect(about, path).toHaveLength(1);
      expect(JSON.parse(about[0]!), path).toMatchObject({ method: "GET", path, status: 404, level: "info" });
    }
  });
});
