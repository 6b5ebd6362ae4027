// The browser turns zod's compiled parsers off without importing zod (app/lib/zod-jitless.ts): it
// writes the global settings zod reads. If a zod upgrade moved them, the flag would silently stop
// working and the board would report CSP violations again; this says so first.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { makeZodJitless } from "../app/lib/zod-jitless.js";

describe("zod without its eval probe in the browser", () => {
  it("zod reads the jitless flag where the page writes it", () => {
    expect(z.config().jitless).not.toBe(true);
    try {
      makeZodJitless(globalThis as Parameters<typeof makeZodJitless>[0]);
      expect(z.config().jitless).toBe(true);
      // And parsing still works without compiled parsers.
      expect(z.object({ a: z.string() }).parse({ a: "x" })).toEqual({ a: "x" });
    } finally {
      z.config({ jitless: false });
    }
  });
});
