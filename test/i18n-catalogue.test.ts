// The French catalogue (app/i18n/fr.ts) holds what the product says, and only that: every key is used
// somewhere in app/ or server/, and every key the code asks for exists. Keys built at run time are
// allowed through an explicit list of prefixes, each of which must itself be in use and match keys.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fr } from "../app/i18n/fr.js";

/** Prefixes of keys the code builds (`facilitation.refused.${reason}`, labelOf("espace.entry.kind.", kind)…). */
const DYNAMIC_PREFIXES = [
  "closing.kind.",
  "color.",
  "dimension.",
  "espace.documents.kind.",
  "espace.entry.kind.",
  "espace.entry.status.",
  "espace.historique.action.",
  "espace.partage.field.scope.",
  "espace.partage.state.",
  "facilitation.refused.",
  "feedback.face.",
  "join.notice.",
  "kind.",
  "pro.history.action.",
  "pro.kind.",
  "pro.status.",
  "privacy.from.",
  "privacy.kind.",
  "privacy.purge.outcome.",
  "registrations.attendance.",
  "registrations.csv.",
  "registrations.kind.",
  "registrations.source.",
  "registrations.status.",
  "tldraw.",
  "zoneKind.",
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "generated" ? [] : sourceFiles(full);
    return /\.(ts|tsx|mjs)$/.test(name) && full !== path.join("app", "i18n", "fr.ts") ? [full] : [];
  });
}

const keys = Object.keys(fr);
const code = [...sourceFiles("app"), ...sourceFiles("server")].map((file) => readFileSync(file, "utf8")).join("\n");
/** Every quoted dotted word in the code: a key written out, wherever it is (t(), a zod message, a map). */
const literals = new Set([...code.matchAll(/["'`]([a-zA-Z][\w-]*(?:\.[\w-]+)+)["'`]/g)].map((match) => match[1]!));
/** Prefixes the code builds keys from: `prefix.${…}` and "prefix." handed to a helper. */
const builtPrefixes = new Set([
  ...[...code.matchAll(/`([a-zA-Z][\w-]*(?:\.[\w-]+)*\.)\$\{/g)].map((match) => match[1]!),
  ...[...code.matchAll(/["'`]([a-zA-Z][\w-]*(?:\.[\w-]+)*\.)["'`]/g)].map((match) => match[1]!),
]);

describe("the French catalogue", () => {
  it("has no key that nothing uses", () => {
    const unused = keys.filter((key) => !literals.has(key) && !DYNAMIC_PREFIXES.some((prefix) => key.startsWith(prefix)));
    expect(unused).toEqual([]);
  });

  it("has every key the code asks t() for", () => {
    const asked = [...code.matchAll(/\bt\(\s*["']([^"']+)["']/g)].map((match) => match[1]!);
    expect(asked.length).toBeGreaterThan(100);
    expect(asked.filter((key) => !Object.hasOwn(fr, key))).toEqual([]);
  });

  it("lists only prefixes the code builds keys from, each matching keys", () => {
    for (const prefix of DYNAMIC_PREFIXES) {
      expect(builtPrefixes.has(prefix), `${prefix} is not built anywhere: drop it from the list`).toBe(true);
      expect(
        keys.some((key) => key.startsWith(prefix)),
        `no key starts with ${prefix}`,
      ).toBe(true);
    }
  });
});
