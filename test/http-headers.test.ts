// The headers every answer carries and the refusal of changes asked from another site, against the
// real server: the nonce in the policy is the one on every inline script, personal pages are never
// stored, HSTS only over HTTPS (as a trusted proxy says), and a cross-site POST changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInPerson } from "../app/auth/auth.server.js";
import { createFacilitatorWithSession, createTestDatabase, professionalCookie, type TestDatabase } from "./support/fixtures.js";
import { rawRequest } from "./support/raw-http.js";
import { freePort, startServerProcess, stopGracefully, type ServerProcess } from "./support/server-process.js";

const CROSS_SITE = "Cette demande vient d'un autre site : elle est refusée.";

describe("security headers and same-site changes", () => {
  let database: TestDatabase;
  const servers: ServerProcess[] = [];
  let base: string;
  let port: number;
  let proxied: string; // TRUST_PROXY=loopback, ALLOWED_ORIGINS=https://atelier.example
  let pro: Awaited<ReturnType<typeof createFacilitatorWithSession>>;
  let personCookie: string;
  let documentId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    pro = await createFacilitatorWithSession(database.db);
    const personId = (await database.db.person.create({ data: { structureId: pro.structure.id, displayName: "Awa" } })).id;
    personCookie = (await signInPerson(database.db, new Request("http://localhost/"), personId)).split(";")[0]!;
    documentId = (
      await database.db.personDocument.create({
        data: {
          personId,
          kind: "cv",
          title: "CV",
          fileName: "cv\u202Efdp.exe",
          mimeType: "application/pdf",
          size: 5,
          content: new Uint8Array([37, 80, 68, 70, 45]),
        },
      })
    ).id;
    const start = async (env: Record<string, string>) => {
      const chosen = await freePort();
      servers.push(await startServerProcess({ DATABASE_URL: database.url, PORT: String(chosen), ...env }));
      return chosen;
    };
    const [first, second] = await Promise.all([start({}), start({ TRUST_PROXY: "loopback", ALLOWED_ORIGINS: "https://atelier.example" })]);
    port = first;
    base = `http://127.0.0.1:${first}`;
    proxied = `http://127.0.0.1:${second}`;
  }, 60_000);
  afterAll(async () => {
    await Promise.all(servers.map(stopGracefully));
    await database.cleanup();
  });

  const directives = (response: Response) =>
    Object.fromEntries(
      (response.headers.get("content-security-policy") ?? "").split(";").map((directive) => {
        const [name, ...sources] = directive.trim().split(/\s+/);
        return [name, sources];
      }),
    ) as Record<string, string[]>;

  describe("Content-Security-Policy", () => {
    it("allows inline scripts only by this answer's nonce, and every inline script carries it", async () => {
      const [first, second] = await Promise.all([fetch(`${base}/login`), fetch(`${base}/login`)]);
      const policy = directives(first);
      const nonce = policy["script-src"]!.find((source) => source.startsWith("'nonce-"))!.slice(7, -1);
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(directives(second)["script-src"]).not.toContain(`'nonce-${nonce}'`);
      expect(policy["script-src"]).not.toContain("'unsafe-inline'");
      expect(policy["script-src"]).not.toContain("'unsafe-eval'");
      const scripts = (await first.text()).match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(2);
      for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    });

    it("forbids framing, plugins, foreign forms and base changes; the board socket is this host", async () => {
      const policy = directives(await fetch(`${base}/join`));
      expect(policy["frame-ancestors"]).toEqual(["'none'"]);
      expect(policy["object-src"]).toEqual(["'none'"]);
      expect(policy["base-uri"]).toEqual(["'self'"]);
      expect(policy["form-action"]).toEqual(["'self'"]);
      expect(policy["default-src"]).toEqual(["'self'"]);
      expect(policy["connect-src"]).toEqual(["'self'", `ws://127.0.0.1:${port}`]);
    });

    it("a forged Host does not put another site in the policy", async () => {
      for (const host of ["evil.example;script-src *", "evil.example 'unsafe-inline'"]) {
        const answer = await rawRequest(port, `GET /join HTTP/1.1\nHost: ${host}\nConnection: close\n`);
        expect(answer.headers["content-security-policy"]).not.toMatch(/evil|\*|unsafe-inline';? *script/);
      }
    });
  });

  it("asks browsers to keep the camera, microphone, position and the like off (dictation is the phone keyboard's)", async () => {
    const policy = (await fetch(`${base}/join`)).headers.get("permissions-policy") ?? "";
    for (const feature of ["camera=()", "geolocation=()", "payment=()", "usb=()", "microphone=()"]) expect(policy).toContain(feature);
  });

  describe("HSTS only over HTTPS", () => {
    it("is absent over plain HTTP, and a client's own X-Forwarded-Proto is not believed", async () => {
      expect((await fetch(`${base}/join`)).headers.get("strict-transport-security")).toBeNull();
      const forged = await fetch(`${base}/join`, { headers: { "X-Forwarded-Proto": "https" } });
      expect(forged.headers.get("strict-transport-security")).toBeNull();
      expect(directives(forged)["connect-src"]).toContain(`ws://127.0.0.1:${port}`);
    });

    it("is sent when a trusted proxy says the request came over HTTPS, with a wss: board socket", async () => {
      const secure = await fetch(`${proxied}/join`, { headers: { "X-Forwarded-Proto": "https" } });
      expect(secure.headers.get("strict-transport-security")).toMatch(/^max-age=\d{7,}/);
      expect(directives(secure)["connect-src"]!.some((source) => source.startsWith("wss://"))).toBe(true);
      expect((await fetch(`${proxied}/join`)).headers.get("strict-transport-security")).toBeNull();
    });
  });

  describe("caching", () => {
    it("signed-in pages, the personal space and their .data twins are never stored", async () => {
      const facilitator = await professionalCookie(database.db, pro.user.id);
      const asked: [string, string][] = [
        ["/sessions", facilitator],
        ["/sessions.data", facilitator],
        ["/people", facilitator],
        ["/espace", personCookie],
        ["/espace.data", personCookie],
        ["/espace/documents", personCookie],
        [`/espace/documents/${documentId}`, personCookie],
      ];
      for (const [path, cookie] of asked) {
        const answer = await fetch(`${base}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
        expect(answer.status, path).toBe(200);
        expect(answer.headers.get("cache-control"), path).toContain("no-store");
      }
    });

    it("build assets stay immutable", async () => {
      const stylesheet = /href="(\/build\/[^"]+\.css)"/.exec(await (await fetch(`${base}/join`)).text())![1];
      const answer = await fetch(`${base}${stylesheet}`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get("cache-control")).toMatch(/immutable/);
    });

    it("build files and board assets carry what applies to a subresource, not the documents' policies", async () => {
      const page = await fetch(`${base}/join`);
      const html = await page.text();
      expect(page.headers.get("content-security-policy")).toBeTruthy();
      // The join page runs no Remix script (a light page, decision 024): it preloads the phone screen's file.
      const signInPage = await (await fetch(`${base}/login`)).text();
      const files = [
        /href="(\/build\/[^"]+\.css)"/.exec(html)![1],
        /href="(\/build\/light\/[^"]+\.js)"/.exec(html)![1],
        /src="(\/build\/[^"]+\.js)"/.exec(signInPage)?.[1] ?? /"(\/build\/entry[^"]+\.js)"/.exec(signInPage)![1],
      ];
      for (const file of files) {
        const answer = await fetch(`${base}${file}`);
        expect(answer.status, file).toBe(200);
        expect(answer.headers.get("x-content-type-options"), file).toBe("nosniff");
        expect(answer.headers.get("cross-origin-resource-policy"), file).toBe("same-origin");
        for (const documentOnly of ["content-security-policy", "permissions-policy", "x-frame-options", "cross-origin-opener-policy"]) {
          expect(answer.headers.get(documentOnly), `${file}: ${documentOnly}`).toBeNull();
        }
      }
      // Decided on the file served, not on the path asked: a page behind a look-alike path keeps its policy.
      for (const lookalike of ["/build/%2e%2e/join", "/build/..%2fjoin", "/tldraw-assets/%2e%2e/join", "/join?x=/build/a.js"]) {
        const answer = await fetch(`${base}${lookalike}`, { redirect: "manual" });
        const html = (answer.headers.get("content-type") ?? "").includes("text/html");
        if (html) expect(answer.headers.get("content-security-policy"), lookalike).toBeTruthy();
      }
      // A board icon is an SVG, which can act as a document: it keeps the policy.
      const icon = await fetch(`${base}/tldraw-assets/icons/icon/0_merged.svg`);
      expect(icon.status).toBe(200);
      expect(icon.headers.get("content-security-policy")).toBeTruthy();
    });
  });

  it("a downloaded file is named from its detected type and sent as an attachment", async () => {
    const answer = await fetch(`${base}/espace/documents/${documentId}`, { headers: { Cookie: personCookie } });
    const disposition = answer.headers.get("content-disposition") ?? "";
    expect(disposition).toMatch(/^attachment; filename="cv_fdp\.pdf"; filename\*=UTF-8''cv_fdp\.pdf$/);
    expect(answer.headers.get("content-type")).toBe("application/pdf");
  });

  describe("a change asked from another site is refused", () => {
    const foreign: [string, Record<string, string>][] = [
      ["another site's Origin", { Origin: "https://evil.example" }],
      ["a look-alike host", { Origin: `http://127.0.0.1.evil.example:${3000}` }],
      ["another port of this host", { Origin: "http://127.0.0.1:1" }],
      ["an opaque origin (sandboxed frame, data: page)", { Origin: "null" }],
      ["no Origin, Sec-Fetch-Site cross-site", { "Sec-Fetch-Site": "cross-site" }],
      ["no Origin, Sec-Fetch-Site same-site (a sibling subdomain)", { "Sec-Fetch-Site": "same-site" }],
    ];
    it.each(foreign)("POST /logout with %s: 403, still signed in", async (_name, headers) => {
      const cookie = await professionalCookie(database.db, pro.user.id);
      const answer = await fetch(`${base}/logout`, { method: "POST", headers: { Cookie: cookie, ...headers }, redirect: "manual" });
      expect(answer.status).toBe(403);
      expect(await answer.text()).toContain(CROSS_SITE);
      expect((await fetch(`${base}/sessions`, { headers: { Cookie: cookie }, redirect: "manual" })).status).toBe(200);
    });

    it.each(foreign)("a page action (/people/new, /logout.data) with %s: 403", async (_name, headers) => {
      const cookie = await professionalCookie(database.db, pro.user.id);
      for (const path of ["/people/new", "/logout.data", "/structures"]) {
        const body = new URLSearchParams({ displayName: "Intrus", structureId: pro.structure.id });
        const answer = await fetch(`${base}${path}`, { method: "POST", body, headers: { Cookie: cookie, ...headers }, redirect: "manual" });
        expect(answer.status, path).toBe(403);
      }
      expect(await database.db.person.count({ where: { displayName: "Intrus" } })).toBe(0);
    });

    it("two Origin headers at once are refused", async () => {
      const answer = await rawRequest(
        port,
        `POST /logout HTTP/1.1\nHost: 127.0.0.1:${port}\nOrigin: ${base}\nOrigin: https://evil.example\nContent-Length: 0\nConnection: close\n`,
      );
      expect(answer.status).toBe(403);
    });

    it("other methods are held to the same rule", async () => {
      for (const method of ["PUT", "DELETE", "PATCH"]) {
        expect((await fetch(`${base}/logout`, { method, headers: { Origin: "https://evil.example" } })).status).toBe(403);
      }
    });
  });

  describe("the same change from our own pages works", () => {
    it.each([
      ["its own Origin", (url: string) => ({ Origin: url })],
      ["no Origin, Sec-Fetch-Site same-origin", () => ({ "Sec-Fetch-Site": "same-origin" })],
    ])("POST /logout with %s signs out", async (_name, headers) => {
      const cookie = await professionalCookie(database.db, pro.user.id);
      const answer = await fetch(`${base}/logout`, { method: "POST", headers: { Cookie: cookie, ...headers(base) }, redirect: "manual" });
      expect(answer.status).toBe(302);
      expect((await fetch(`${base}/sessions`, { headers: { Cookie: cookie }, redirect: "manual" })).status).toBe(302);
    });

    it("an origin listed in ALLOWED_ORIGINS (the public address behind a proxy) is ours too", async () => {
      const cookie = await professionalCookie(database.db, pro.user.id);
      const answer = await fetch(`${proxied}/logout`, {
        method: "POST",
        headers: { Cookie: cookie, Origin: "https://atelier.example" },
        redirect: "manual",
      });
      expect(answer.status).toBe(302);
    });
  });
});
