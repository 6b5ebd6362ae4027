// The French catalogue (app/i18n/fr.ts) holds what the product says, and only that: every key is used
// somewhere in app/ or server/, and every key the code asks for exists. Keys built at run time are
// allowed through an explicit list of prefixes, each of which must itself be in use and match keys.
// It is written in two files, the participant's part (fr-participant.ts) and the rest, each key in one
// of them (test/client-bundle.test.ts checks which part the participant's pages carry).
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fr } from "../app/i18n/fr.js";
import { frParticipant } from "../app/i18n/fr-participant.js";
import { builtPrefixes as builtPrefixesOf, quotedKeys } from "./support/catalogue-keys.js";

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

const CATALOGUE_FILES = [path.join("app", "i18n", "fr.ts"), path.join("app", "i18n", "fr-participant.ts")];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "generated" ? [] : sourceFiles(full);
    return /\.(ts|tsx|mjs)$/.test(name) && !CATALOGUE_FILES.includes(full) ? [full] : [];
  });
}

const keys = Object.keys(fr);
const code = [...sourceFiles("app"), ...sourceFiles("server")].map((file) => readFileSync(file, "utf8")).join("\n");
const literals = quotedKeys(code);
const builtPrefixes = builtPrefixesOf(code);

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

  it("writes each key once, in the participant's part or in the rest", () => {
    // fr.ts spreads the participant's part into `fr`: a key written in both would silently win there.
    const rest = readFileSync(path.join("app", "i18n", "fr.ts"), "utf8");
    const writtenInRest = [...rest.matchAll(/^\s*"([^"]+)":/gm)].map((match) => match[1]!);
    expect(writtenInRest.length).toBeGreaterThan(1000);
    expect(writtenInRest.filter((key) => Object.hasOwn(frParticipant, key))).toEqual([]);
    expect(Object.keys(frParticipant).filter((key) => !Object.hasOwn(fr, key))).toEqual([]);
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
