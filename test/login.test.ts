// Signing in through the real server: wrong passwords are told plainly, and an account that keeps
// getting them from one place is paused there for a while, without locking out anyone else.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOGIN_MAX_FAILURES } from "../app/auth/login-throttle.server.js";
import { createFacilitatorWithSession, createTestDatabase, type TestDatabase } from "./support/fixtures.js";
import { freePort, startServerProcess, stopGracefully, type ServerProcess } from "./support/server-process.js";

describe("facilitator sign-in", () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let base: string;
  let target: { email: string; password: string };
  let bystander: { email: string; password: string };

  beforeAll(async () => {
    database = await createTestDatabase();
    target = await createFacilitatorWithSession(database.db);
    bystander = await createFacilitatorWithSession(database.db);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = await startServerProcess({ DATABASE_URL: database.url, PORT: String(port) });
  });
  afterAll(async () => {
    await stopGracefully(server);
    await database.cleanup();
  });

  const signIn = (email: string, password: string) =>
    fetch(`${base}/login`, {
      method: "POST",
      body: new URLSearchParams({ email, password }),
      headers: { Origin: base },
      redirect: "manual",
    });

  it("pauses an account after repeated wrong passwords, even for the right one, and leaves others alone", async () => {
    for (let attempt = 0; attempt < LOGIN_MAX_FAILURES; attempt++) {
      const wrong = await signIn(target.email, `pas-le-bon-${attempt}`);
      expect(wrong.status).toBe(400);
      expect(await wrong.text()).toContain("Adresse e-mail ou mot de passe incorrect.");
    }
    // The same account, whatever the letter case, with the right password this time.
    const paused = await signIn(target.email.toUpperCase(), target.password);
    expect(paused.status).toBe(429);
    expect(paused.headers.get("set-cookie")).toBeNull();
    expect(paused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await paused.text()).toMatch(/Trop d&#x27;essais pour ce compte depuis cet appareil\. Réessayez dans 1[45] min\./);

    const other = await signIn(bystander.email, bystander.password);
    expect(other.status).toBe(302);
    expect(other.headers.get("location")).toBe("/sessions");
    expect(other.headers.get("set-cookie")).toMatch(/^atelier_session=/);
  });

  it("forgets earlier misses once the right password is given", async () => {
    const person = await createFacilitatorWithSession(database.db);
    for (let round = 0; round < 2; round++) {
      for (let attempt = 0; attempt < LOGIN_MAX_FAILURES - 1; attempt++) {
        expect((await signIn(person.email, "faux")).status).toBe(400);
      }
      expect((await signIn(person.email, person.password)).status).toBe(302);
    }
  });
});
