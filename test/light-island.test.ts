// The light pages' data travels in the page itself (docs/decisions/024): whatever a participant typed
// (a name, a card) must come back out of it exactly, and never end the script element it sits in.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { scriptJson, LightRoot } from "../app/lib/light/island.js";
import { lightManifest } from "../app/lib/light/light-assets.server.js";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const HOSTILE = [
  "</script><script>alert(1)</script>",
  "</SCRIPT ><img src=x onerror=alert(1)>",
  "<!--<script>",
  "\u2028\u2029 line separators",
  "&lt;/script&gt; already escaped",
  "\\u003c/script> a backslash before",
];

function islandOf(html: string): string {
  const match = /<script type="application\/json" id="light-data">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error("no island");
  return match[1];
}

describe("a light page's island", () => {
  it("gives back every hostile string as it was, and holds no way out of its script element", () => {
    const value = { data: { title: HOSTILE[0], names: HOSTILE, nested: { card: HOSTILE[1] } }, answer: { answered: HOSTILE[2] } };
    const html = renderToString(createElement(LightRoot, { island: value }, createElement("p", null, "x")));
    const inside = islandOf(html);
    expect(inside.toLowerCase()).not.toContain("</script");
    expect(inside).not.toContain("<!--");
    expect(inside).not.toMatch(/[\u2028\u2029]/);
    expect(JSON.parse(inside)).toEqual(value);
    // The whole page holds exactly one closing tag for it.
    expect(html.match(/<\/script>/g)).toHaveLength(1);
  });

  it("escapes the same way whichever encoding of '<' a value uses", () => {
    for (const text of HOSTILE) expect(JSON.parse(scriptJson(text))).toBe(text);
    expect(scriptJson("<")).toBe('"\\u003c"');
  });
});

describe("the light files of a build", () => {
  it("are read from public/build/light/manifest.json, and a build without them gives none", () => {
    const withFiles = mkdtempSync(path.join(tmpdir(), "light-"));
    mkdirSync(path.join(withFiles, "build/light"), { recursive: true });
    writeFileSync(path.join(withFiles, "build/light/manifest.json"), JSON.stringify({ phone: "/build/light/phone-AB12.js" }));
    expect(lightManifest(withFiles)).toEqual({ phone: "/build/light/phone-AB12.js" });
    expect(lightManifest(mkdtempSync(path.join(tmpdir(), "light-none-")))).toEqual({});
  });
});
