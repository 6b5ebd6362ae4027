// Every address a visitor can hand us to be sent to afterwards: only paths of this site pass, in
// whatever encoding an attacker wraps another site.
import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "../app/lib/safe-redirect.js";

const ANOTHER_SITE = [
  "//evil.example",
  "///evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "/\\/evil.example",
  "https://evil.example/sessions",
  "http:evil.example",
  "HTTPS://evil.example",
  "javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "evil.example",
  " //evil.example",
  "/%2F%2Fevil.example",
  "%2F%2Fevil.example",
  "/%2f/evil.example",
  "/%5Cevil.example",
  "/%5cevil.example",
  "/%255Cevil.example",
  "/%252F%252Fevil.example",
  "/%25252F%25252Fevil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "/%09/evil.example",
  "/%0d%0aSet-Cookie:%20x=1",
  "/\u0000/evil.example",
  "/\u202e/elpmaxe.live",
  "/.//evil.example",
  "/sessions/..//evil.example",
  "/%2e//evil.example",
  "/%E0%A4%A",
  "/%",
  "",
  `/${"a".repeat(3000)}`,
];

const OUR_PATHS: [string, string][] = [
  ["/sessions", "/sessions"],
  ["/sessions/abc?onglet=1#cartes", "/sessions/abc?onglet=1#cartes"],
  ["/people/%C3%A9lodie", "/people/%C3%A9lodie"],
  ["/structures?retour=//ailleurs", "/structures?retour=//ailleurs"],
  ["/sessions/../people", "/people"],
];

describe("a redirect target is followed only when it is a path of this site", () => {
  it.each(ANOTHER_SITE)("refuses %j and falls back to the default", (target) => {
    expect(safeRedirectPath(target, "/sessions")).toBe("/sessions");
  });

  it.each(OUR_PATHS)("follows %j", (target, expected) => {
    expect(safeRedirectPath(target, "/sessions")).toBe(expected);
  });

  it("ignores anything that is not text", () => {
    for (const value of [null, undefined, 42, ["/sessions"], { toString: () => "/sessions" }]) {
      expect(safeRedirectPath(value, "/")).toBe("/");
    }
  });
});
