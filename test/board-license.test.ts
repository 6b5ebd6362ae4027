// tldraw's licence key (issue 13, point 14): set, it reaches the editor (the board route hands it to
// <Tldraw licenseKey>, which then shows no "Get a license for production" button); unset, tldraw
// runs unlicensed only where it allows it (plain http or a loopback host, with its own watermark,
// docs/decisions/012), and elsewhere the page says in French that the key is missing.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loader as boardLoader } from "../app/routes/board.$sessionId.js";
import { createAppLoadContext } from "../server/load-context.js";
import { parseEnv } from "../server/env.js";
import { createFacilitatorWithSession, createTestDatabase, professionalCookie, type TestDatabase } from "./support/fixtures.js";
import { answerOf } from "./support/route-answer.js";

describe("the board's tldraw licence key", () => {
  let database: TestDatabase;
  let sessionId: string;
  let cookie: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    const setup = await createFacilitatorWithSession(database.db);
    sessionId = setup.sessionId;
    cookie = await professionalCookie(database.db, setup.user.id);
  });
  afterAll(() => database?.cleanup());

  const open = (origin: string, key: string | undefined) =>
    answerOf(() =>
      boardLoader({
        request: new Request(`${origin}/board/${sessionId}`, { headers: { Cookie: cookie } }),
        params: { sessionId },
        // The whole configuration a process with only this variable would read (the limits need their numbers).
        context: createAppLoadContext(database.db, parseEnv({ NODE_ENV: "test", ...(key ? { TLDRAW_LICENSE_KEY: key } : {}) })),
      } as never),
    );

  it("reaches the editor when TLDRAW_LICENSE_KEY is set, on any host", async () => {
    for (const origin of ["https://atelier.example.org", "http://localhost:3000"]) {
      const answer = await open(origin, "tldraw-key-from-env");
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ licenseKey: "tldraw-key-from-env", licenseMissing: false });
    }
    // And the board hands it to tldraw itself.
    expect(readFileSync("app/board/Board.client.tsx", "utf8")).toMatch(/<Tldraw[^>]*\blicenseKey=\{licenseKey\}/s);
  });

  it("without a key: tldraw's own development mode on http and loopback hosts, our French message elsewhere", async () => {
    expect((await open("http://localhost:3000", undefined)).body).toMatchObject({ licenseKey: null, licenseMissing: false });
    // A production build (tldraw's development mode is also any non-production build).
    vi.stubEnv("NODE_ENV", "production");
    try {
      expect((await open("http://localhost:3000", undefined)).body).toMatchObject({ licenseKey: null, licenseMissing: false });
      expect((await open("https://atelier.example.org", undefined)).body).toMatchObject({ licenseKey: null, licenseMissing: true });
      expect((await open("https://atelier.example.org", "tldraw-key-from-env")).body).toMatchObject({ licenseMissing: false });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
