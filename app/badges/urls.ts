// The public addresses of the badges' documents: a credential names them, our server serves them,
// and the verifier resolves them locally (app/badges/document-loader.server.ts).
const base = (origin: string) => new URL(origin).origin;

/** The issuing structure: its Profile and controller document (the keys that sign for it). */
export const issuerUrl = (origin: string, structureId: string) => `${base(origin)}/badges/emetteurs/${encodeURIComponent(structureId)}`;
/** One public key, as a Multikey. */
export const keyUrl = (origin: string, keyId: string) => `${base(origin)}/badges/cles/${encodeURIComponent(keyId)}`;
/** The credential's id: its public verification page. */
export const verifyUrl = (origin: string, awardId: string) => `${base(origin)}/badges/verifier/${encodeURIComponent(awardId)}`;
/** The badge class (the Achievement). */
export const achievementUrl = (origin: string, badgeClassId: string) =>
  `${base(origin)}/badges/modeles/${encodeURIComponent(badgeClassId)}`;

/** The id in one of our URLs of that kind, or null when the URL is not ours or not of that kind. */
export function ourId(origin: string, url: string, kind: "emetteurs" | "cles" | "verifier" | "modeles"): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.origin !== base(origin) || parsed.search || parsed.hash) return null;
  const match = new RegExp(`^/badges/${kind}/([^/]+)$`).exec(parsed.pathname);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}
