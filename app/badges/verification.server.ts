// Is this badge genuine? The public answer, for a pasted credential or one of ours by its id:
// signed by a key of the structure named as issuer (the library's check, app/badges/credential.server.ts),
// issued by one of our structures, not revoked by it, within its dates.
import type { Db } from "../../prisma/db.js";
import { CREDENTIALS_CONTEXT_V2, OPEN_BADGES_CONTEXT, verifySignature } from "./credential.server.js";
import { ourId } from "./urls.js";

/** Why a credential is not valid, in the order they are checked. */
export const VERIFICATION_PROBLEMS = [
  "unreadable",
  "notBadge",
  "otherIssuer",
  "signature",
  "notYetValid",
  "expired",
  "withdrawn",
  "revoked",
] as const;
export type VerificationProblem = (typeof VERIFICATION_PROBLEMS)[number];

export interface VerificationResult {
  valid: boolean;
  problem: VerificationProblem | null;
  /** What the credential says, once its signature holds. */
  badge: { name: string; description: string; issuer: string; validFrom: string } | null;
  revoked: { at: string; reason: string } | null;
}

const fail = (problem: VerificationProblem, badge: VerificationResult["badge"] = null): VerificationResult => ({
  valid: false,
  problem,
  badge,
  revoked: null,
});

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown) => (typeof value === "string" ? value : "");
const list = (value: unknown) => (Array.isArray(value) ? value : [value]);

/** The largest credential we read: an Open Badge of ours is a few kilobytes. */
export const CREDENTIAL_MAX_BYTES = 64 * 1024;

/** Verifies a credential given as text (pasted or uploaded). Never throws on what it is given. */
export async function verifyCredentialText(db: Db, origin: string, raw: string, now = new Date()): Promise<VerificationResult> {
  if (raw.length > CREDENTIAL_MAX_BYTES) return fail("unreadable");
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return fail("unreadable");
  }
  return verifyCredentialObject(db, origin, parsed, now);
}

export async function verifyCredentialObject(db: Db, origin: string, credential: unknown, now = new Date()): Promise<VerificationResult> {
  if (!isObject(credential)) return fail("unreadable");
  const contexts = list(credential["@context"]);
  if (
    contexts[0] !== CREDENTIALS_CONTEXT_V2 ||
    !contexts.includes(OPEN_BADGES_CONTEXT) ||
    !list(credential.type).includes("OpenBadgeCredential") ||
    !isObject(credential.issuer) ||
    !isObject(credential.credentialSubject) ||
    !isObject(credential.proof)
  ) {
    return fail("notBadge");
  }
  const issuerId = text(credential.issuer.id);
  const structureId = ourId(origin, issuerId, "emetteurs");
  if (!structureId) return fail("otherIssuer");
  const achievement = isObject(credential.credentialSubject.achievement) ? credential.credentialSubject.achievement : {};
  const validFrom = text(credential.validFrom);
  const validUntil = text(credential.validUntil);
  // The signature is checked at the credential's own start, so that dates give their own answer below.
  const signedAt = Number.isNaN(Date.parse(validFrom)) ? now : new Date(Date.parse(validFrom));
  const signed = await verifySignature(db, origin, credential, signedAt).catch(() => false);
  if (!signed) return fail("signature");
  const badge = {
    name: text(achievement.name),
    description: text(achievement.description),
    issuer: text(credential.issuer.name),
    validFrom,
  };
  if (Date.parse(validFrom) > now.getTime()) return fail("notYetValid", badge);
  if (validUntil && Date.parse(validUntil) <= now.getTime()) return fail("expired", badge);
  const awardId = ourId(origin, text(credential.id), "verifier");
  const award = awardId
    ? await db.badgeAward.findFirst({
        where: { id: awardId, structureId, status: "accepted" },
        select: { revokedAt: true, revokedReason: true },
      })
    : null;
  // Signed by the structure but no longer known to it (her record was erased): not to be trusted any more.
  if (!award) return fail("withdrawn", badge);
  if (award.revokedAt) {
    return { valid: false, problem: "revoked", badge, revoked: { at: award.revokedAt.toISOString(), reason: award.revokedReason ?? "" } };
  }
  return { valid: true, problem: null, badge, revoked: null };
}

/** One of our issued badges by its id (the link in the credential): what anyone may check. */
export async function verifyAward(db: Db, origin: string, awardId: string, now = new Date()): Promise<VerificationResult | null> {
  const award = await db.badgeAward.findFirst({ where: { id: awardId, status: "accepted" }, select: { credential: true } });
  if (!award?.credential) return null;
  return verifyCredentialText(db, origin, award.credential, now);
}
