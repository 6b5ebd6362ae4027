// How the catalogue tests tell which keys some code uses, read from its text: the keys it writes out
// and the prefixes it builds keys from. Shared by test/i18n-catalogue.test.ts (all of app/ and
// server/) and test/client-bundle.test.ts (what the participant's pages import).

/** Every quoted dotted word in the code: a key written out, wherever it is (t(), a zod message, a map). */
export function quotedKeys(code: string): Set<string> {
  return new Set([...code.matchAll(/["'`]([a-zA-Z][\w-]*(?:\.[\w-]+)+)["'`]/g)].map((match) => match[1]!));
}

/** Prefixes the code builds keys from: `prefix.${…}` and "prefix." handed to a helper. */
export function builtPrefixes(code: string): Set<string> {
  return new Set([
    ...[...code.matchAll(/`([a-zA-Z][\w-]*(?:\.[\w-]+)*\.)\$\{/g)].map((match) => match[1]!),
    ...[...code.matchAll(/["'`]([a-zA-Z][\w-]*(?:\.[\w-]+)*\.)["'`]/g)].map((match) => match[1]!),
  ]);
}
