// The login-protection rules themselves, with small numbers (the HTTP side is in http-sign-in.test.ts;
// there each wrong password costs a bcrypt comparison, too slow to try a hundred accounts).
import { describe, expect, it } from "vitest";
import { createLoginProtection } from "../app/auth/login-throttle.server.js";

const DAY = 24 * 60 * 60;
const protection = () =>
  createLoginProtection({ name: `test-${Math.random()}`, maxConsecutiveFailures: 3, pauseSeconds: 15 * 60, maxFailuresPerDay: 5 });

describe("login protection", () => {
  it("pauses an account for one address after its run of misses, not for another address", async () => {
    const guard = protection();
    for (let miss = 0; miss < 3; miss++) {
      expect(await guard.pausedFor("awa@exemple.fr", "203.0.113.7")).toBeNull();
      await guard.recordFailure("awa@exemple.fr", "203.0.113.7");
    }
    expect(await guard.pausedFor("awa@exemple.fr", "203.0.113.7")).toBeGreaterThan(14 * 60);
    expect(await guard.pausedFor("awa@exemple.fr", "198.51.100.20")).toBeNull();
    expect(await guard.pausedFor("bilal@exemple.fr", "203.0.113.7")).toBeNull();
  });

  it("a success forgets the run of misses but not the address's daily count", async () => {
    const guard = protection();
    for (let round = 0; round < 2; round++) {
      await guard.recordFailure("awa@exemple.fr", "203.0.113.7");
      await guard.recordFailure("awa@exemple.fr", "203.0.113.7");
      await guard.recordSuccess("awa@exemple.fr", "203.0.113.7");
      expect(await guard.pausedFor("awa@exemple.fr", "203.0.113.7")).toBeNull();
    }
    // Four misses today from this address; a fifth, on any account, pauses the address for a day.
    await guard.recordFailure("chloe@exemple.fr", "203.0.113.7");
    const wait = await guard.pausedFor("dana@exemple.fr", "203.0.113.7");
    expect(wait).toBeGreaterThan(DAY - 60);
    expect(await guard.pausedFor("dana@exemple.fr", "198.51.100.20")).toBeNull();
  });

  it("an address trying many accounts once each is paused for a day", async () => {
    const guard = protection();
    for (let account = 0; account < 5; account++) await guard.recordFailure(`inconnu-${account}@exemple.fr`, "203.0.113.99");
    expect(await guard.pausedFor("awa@exemple.fr", "203.0.113.99")).toBeGreaterThan(DAY - 60);
    expect(await guard.pausedFor("awa@exemple.fr", "203.0.113.100")).toBeNull();
  });

  it("misses racing past the limit keep the pause, they do not fail", async () => {
    const guard = protection();
    await Promise.all(Array.from({ length: 10 }, () => guard.recordFailure("awa@exemple.fr", "203.0.113.7")));
    expect(await guard.pausedFor("awa@exemple.fr", "203.0.113.7")).toBeGreaterThan(0);
  });
});
