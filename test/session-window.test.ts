// When a session stops taking newcomers and when its participants' tokens stop opening it: counted
// from the end of the session's day in Paris, whatever the season.
import { describe, expect, it } from "vitest";
import { acceptsJoins, endOfSessionDay, participantTokenExpiresAt } from "../app/sessions/session-window.server.js";

describe("a session's window", () => {
  it("its day ends at midnight in Paris, in winter and in summer time", () => {
    expect(endOfSessionDay(new Date("2026-12-01T13:00:00Z")).toISOString()).toBe("2026-12-01T23:00:00.000Z");
    expect(endOfSessionDay(new Date("2026-07-01T21:30:00Z")).toISOString()).toBe("2026-07-01T22:00:00.000Z");
    // 23:30 in Paris is still that day, although it is the next day in UTC… and 00:30 is the next one.
    expect(endOfSessionDay(new Date("2026-07-01T21:59:00Z")).toISOString()).toBe("2026-07-01T22:00:00.000Z");
    expect(endOfSessionDay(new Date("2026-07-01T22:30:00Z")).toISOString()).toBe("2026-07-02T22:00:00.000Z");
    // The night the clocks go back: a 25-hour day.
    expect(endOfSessionDay(new Date("2026-10-25T09:00:00Z")).toISOString()).toBe("2026-10-25T23:00:00.000Z");
  });

  it("takes newcomers until noon the next day, unless closed; tokens open it two days longer", () => {
    const startsAt = new Date("2026-12-01T13:00:00Z");
    expect(acceptsJoins({ startsAt, closedAt: null }, new Date("2026-11-20T08:00:00Z"))).toBe(true);
    expect(acceptsJoins({ startsAt, closedAt: null }, new Date("2026-12-02T10:59:00Z"))).toBe(true);
    expect(acceptsJoins({ startsAt, closedAt: null }, new Date("2026-12-02T11:00:00Z"))).toBe(false);
    expect(acceptsJoins({ startsAt, closedAt: new Date("2026-11-30T10:00:00Z") }, new Date("2026-11-30T10:01:00Z"))).toBe(false);
    expect(participantTokenExpiresAt(startsAt).toISOString()).toBe("2026-12-03T23:00:00.000Z");
  });
});
