// Structured logs (server/log.ts): one line per HTTP request, named by its route pattern, never with
// its query string; errors caught by the board server are logged by kind and place, never with the
// text they carry (a JSON.parse message quotes its input: a card, a name).
import express from "express";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { commandKind } from "../server/board/budgets.js";
import { requestLog, routePatterns } from "../server/http/request-log.js";
import { boardWarningAtMostEvery, createLogger, errorFields, logLevelOf, redirectLog } from "../server/log.js";

const ROUTES = {
  root: { id: "root", path: "" },
  "routes/invitation.$token": { id: "routes/invitation.$token", parentId: "root", path: "invitation/:token" },
  "routes/join.$code": { id: "routes/join.$code", parentId: "root", path: "join/:code" },
  "routes/join._index": { id: "routes/join._index", parentId: "root", path: "join", index: true },
  "routes/people.new": { id: "routes/people.new", parentId: "root", path: "people/new" },
  "routes/people.$personId._index": { id: "routes/people.$personId._index", parentId: "root", path: "people/:personId", index: true },
};

async function served(lines: string[], paths: string[]): Promise<void> {
  const logger = createLogger("info", { write: (line: string) => void lines.push(line) });
  const app = express();
  app.use(requestLog(logger, routePatterns(ROUTES)));
  app.get("/boom", () => {
    throw new Error("no");
  });
  app.use((_request, response) => void response.status(404).send("absent"));
  app.use(((_error, _request, response, _next) => void response.status(500).send("panne")) as express.ErrorRequestHandler);
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  for (const path of paths) await (await fetch(`http://127.0.0.1:${port}${path}`)).text();
  await new Promise((resolve) => server.close(resolve));
}

describe("request log", () => {
  it("writes one line per request: method, route pattern, status, duration; no token, no query string", async () => {
    const lines: string[] = [];
    await served(lines, ["/invitation/jeton-secret-abc?code=MOTDEPASSE&nom=Dupont"]);
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: "info", msg: "request", method: "GET", route: "/invitation/:token", status: 404 });
    expect(typeof line.ms).toBe("number");
    expect(lines[0]).not.toMatch(/jeton-secret|MOTDEPASSE|Dupont|\?/);
  });

  it("names a request no page matches by its path alone, and a failure at error level", async () => {
    const lines: string[] = [];
    await served(lines, ["/wp-login.php?user=admin", "/people/new", "/people/p-123", "/join", "/boom?x=1", "/%FF?y"]);
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed.map((line) => line.route ?? line.path)).toEqual([
      "/wp-login.php",
      "/people/new",
      "/people/:personId",
      "/join",
      "/boom",
      "/%FF",
    ]);
    expect(parsed[4]).toMatchObject({ level: "error", status: 500 });
    expect(lines.join("")).not.toMatch(/admin|p-123|\?/);
  });
});

describe("errors the board server catches", () => {
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());

  it("are logged by kind and place, without the text they quote", () => {
    const lines: string[] = [];
    restore = redirectLog((line) => void lines.push(line), "debug");
    // A card's text that is not quite JSON: JSON.parse's message quotes it.
    expect(commandKind('{"type":"post","text":"Ma situation : dettes, Mme Durand')).toBe("command");
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as { module: string; err: { name: string; at: string } };
    expect(line.module).toBe("board");
    expect(line.err.name).toBe("SyntaxError");
    expect(line.err.at).toMatch(/budgets/);
    expect(lines[0]).not.toMatch(/dettes|Durand|Ma situation/);
  });

  it("that a client can set off again and again are written at most once per interval, with the count left unsaid", () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const lines: string[] = [];
      restore = redirectLog((line) => void lines.push(line), "debug");
      const warn = boardWarningAtMostEvery(60_000);
      for (let i = 0; i < 500; i++) warn("board store: a participant token could not be read here", new Error("délai dépassé"));
      expect(lines).toHaveLength(1);
      vi.setSystemTime(59_999);
      warn("board store: a participant token could not be read here");
      expect(lines).toHaveLength(1);
      vi.setSystemTime(60_000);
      warn("board store: a participant token could not be read here");
      expect(lines).toHaveLength(2);
      expect((JSON.parse(lines[1]!) as { msg: string }).msg).toContain("(500 more since the last such line)");
      expect(lines.join("")).not.toContain("délai");
    } finally {
      vi.useRealTimers();
    }
  });

  it("keep an error's code but not its message", () => {
    const error = Object.assign(new Error("insert of 'Mme Durand' failed"), { code: "SQLITE_BUSY" });
    const fields = errorFields(error);
    expect(fields).toMatchObject({ name: "Error", code: "SQLITE_BUSY" });
    expect(JSON.stringify(fields)).not.toContain("Durand");
  });
});

describe("log level", () => {
  it("comes from LOG_LEVEL; unset, info, and silent under vitest", () => {
    expect(logLevelOf({ LOG_LEVEL: "debug" })).toBe("debug");
    expect(logLevelOf({})).toBe("info");
    expect(logLevelOf({ VITEST: "true" })).toBe("silent");
    expect(logLevelOf({ VITEST: "true", LOG_LEVEL: "warn" })).toBe("warn");
    expect(logLevelOf({ LOG_LEVEL: "bavard" })).toBe("info");
  });
});
