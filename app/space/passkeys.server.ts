// Passkeys for the personal space (WebAuthn, through @simplewebauthn/server): she registers one once
// signed in, then comes back with her fingerprint or screen lock and types nothing (a discoverable
// credential). Every ceremony uses one challenge: a row of WebAuthnChallenge, single-use, five
// minutes, tied to the browser that asked by a cookie holding the row's id. What the library checks
// (challenge, origin, RP ID, signature, user verification, counter) is never re-implemented here.
import { createCookie } from "@remix-run/node";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import type { Db } from "../../prisma/db.js";
import { isHttps } from "../auth/auth.server.js";
import { t } from "../i18n/index.js";
import { passkeyResponseSchema } from "./space-forms.server.js";
import { ownOrigin } from "../lib/public-origin.js";

export const CHALLENGE_MINUTES = 5;
/** Passkeys one person may keep (a phone, a tablet, a spare). */
export const MAX_PASSKEYS = 10;

/** Who the passkeys belong to: the site's host name (RP ID) and the origin the browser must report. */
export interface RelyingParty {
  id: string;
  origin: string;
  name: string;
}

/** From PUBLIC_ORIGIN when set, else the request's own origin as the server sees it (TRUST_PROXY applies). */
export function relyingParty(request: Request, publicOrigin: string | null | undefined): RelyingParty {
  const origin = ownOrigin(request, publicOrigin);
  return { id: new URL(origin).hostname, origin, name: t("app.name") };
}

/** Why a ceremony was refused; the pages say it in plain words, the details stay on the server. */
export type PasskeyRefusal = "challenge" | "invalid" | "unknown" | "taken" | "full";

export class PasskeyRefused extends Error {
  constructor(readonly reason: PasskeyRefusal) {
    super(`passkey refused: ${reason}`);
  }
}

type Purpose = "registration" | "authentication";

const challengeCookie = createCookie("atelier_webauthn", {
  httpOnly: true,
  sameSite: "strict",
  path: "/espace",
  maxAge: CHALLENGE_MINUTES * 60,
});

async function issueChallenge(db: Db, request: Request, purpose: Purpose, challenge: string, personId: string | null, now: Date) {
  // Expired challenges have nothing left to do: each new one sweeps them (nobody else's row is live long).
  await db.webAuthnChallenge.deleteMany({ where: { expiresAt: { lt: now } } });
  const row = await db.webAuthnChallenge.create({
    data: { purpose, challenge, personId, expiresAt: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000) },
    select: { id: true },
  });
  return challengeCookie.serialize(row.id, { secure: isHttps(request) });
}

/** This browser's challenge for the purpose, taken (deleted) so it never serves twice; null when none is live. */
async function takeChallenge(db: Db, request: Request, purpose: Purpose, personId: string | null, now: Date): Promise<string | null> {
  const id: unknown = await challengeCookie.parse(request.headers.get("Cookie"));
  if (typeof id !== "string" || id.length === 0 || id.length > 64) return null;
  const row = await db.webAuthnChallenge.findFirst({
    where: { id, purpose },
    select: { challenge: true, personId: true, expiresAt: true },
  });
  if (!row) return null;
  const { count } = await db.webAuthnChallenge.deleteMany({ where: { id } });
  if (count !== 1 || row.expiresAt <= now || row.personId !== personId) return null;
  return row.challenge;
}

/** The Set-Cookie that forgets a spent challenge. */
export function clearChallengeCookie(request: Request): Promise<string> {
  return challengeCookie.serialize("", { maxAge: 0, secure: isHttps(request) });
}

function parseResponse(raw: string): unknown {
  try {
    return passkeyResponseSchema.parse(JSON.parse(raw));
  } catch {
    throw new PasskeyRefused("invalid");
  }
}

/** Options for navigator.credentials.create, for the signed-in person, and the cookie tying the challenge to this browser. */
export async function passkeyRegistrationOptions(
  db: Db,
  request: Request,
  rp: RelyingParty,
  person: { id: string; displayName: string },
  now: Date = new Date(),
) {
  const existing = await db.personPasskey.findMany({ where: { personId: person.id }, select: { credentialId: true, transports: true } });
  if (existing.length >= MAX_PASSKEYS) throw new PasskeyRefused("full");
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: person.displayName,
    userDisplayName: person.displayName,
    // The user handle is her id: a sign-in's answer must name the person its passkey belongs to.
    userID: new TextEncoder().encode(person.id),
    attestationType: "none",
    timeout: CHALLENGE_MINUTES * 60_000,
    excludeCredentials: existing.map((passkey) => ({ id: passkey.credentialId, transports: transportsOf(passkey.transports) })),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
  const cookie = await issueChallenge(db, request, "registration", options.challenge, person.id, now);
  return { options, cookie };
}

/** Checks the authenticator's answer against this browser's challenge and keeps the new passkey. */
export async function registerPasskey(
  db: Db,
  request: Request,
  rp: RelyingParty,
  personId: string,
  rawResponse: string,
  label: string,
  now = new Date(),
) {
  const response = parseResponse(rawResponse) as RegistrationResponseJSON;
  const challenge = await takeChallenge(db, request, "registration", personId, now);
  if (!challenge) throw new PasskeyRefused("challenge");
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
  } catch {
    throw new PasskeyRefused("invalid");
  }
  if (!verification.verified) throw new PasskeyRefused("invalid");
  const { credential } = verification.registrationInfo;
  if (await db.personPasskey.findUnique({ where: { credentialId: credential.id }, select: { id: true } }))
    throw new PasskeyRefused("taken");
  if ((await db.personPasskey.count({ where: { personId } })) >= MAX_PASSKEYS) throw new PasskeyRefused("full");
  return db.personPasskey.create({
    data: {
      personId,
      credentialId: credential.id,
      publicKey: credential.publicKey,
      counter: credential.counter,
      transports: credential.transports ? JSON.stringify(credential.transports) : null,
      label,
      createdAt: now,
    },
    select: { id: true, label: true },
  });
}

/** Options for navigator.credentials.get with no account named (she types nothing), and the challenge's cookie. */
export async function passkeySignInOptions(db: Db, request: Request, rp: RelyingParty, now: Date = new Date()) {
  const options = await generateAuthenticationOptions({ rpID: rp.id, userVerification: "required", timeout: CHALLENGE_MINUTES * 60_000 });
  const cookie = await issueChallenge(db, request, "authentication", options.challenge, null, now);
  return { options, cookie };
}

/** The person whose passkey signed this browser's challenge; its counter moves forward or the answer is refused. */
export async function verifyPasskeySignIn(
  db: Db,
  request: Request,
  rp: RelyingParty,
  rawResponse: string,
  now = new Date(),
): Promise<string> {
  const response = parseResponse(rawResponse) as AuthenticationResponseJSON;
  const challenge = await takeChallenge(db, request, "authentication", null, now);
  if (!challenge) throw new PasskeyRefused("challenge");
  const passkey = await db.personPasskey.findUnique({ where: { credentialId: response.id } });
  if (!passkey) throw new PasskeyRefused("unknown");
  // A discoverable credential names its user: it must be the person this credential was registered for.
  const handle = response.response.userHandle;
  if (handle !== undefined && !sameUser(handle, passkey.personId)) throw new PasskeyRefused("invalid");
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
      credential: {
        id: passkey.credentialId,
        publicKey: passkey.publicKey,
        counter: passkey.counter,
        transports: transportsOf(passkey.transports),
      },
    });
  } catch {
    throw new PasskeyRefused("invalid");
  }
  if (!verification.verified) throw new PasskeyRefused("invalid");
  // Only from the counter this check read: two answers racing cannot both move it.
  const moved = await db.personPasskey.updateMany({
    where: { id: passkey.id, counter: passkey.counter },
    data: { counter: verification.authenticationInfo.newCounter, lastUsedAt: now },
  });
  if (moved.count !== 1) throw new PasskeyRefused("invalid");
  return passkey.personId;
}

function sameUser(handle: string, personId: string): boolean {
  try {
    return new TextDecoder().decode(isoBase64URL.toBuffer(handle)) === personId;
  } catch {
    return false;
  }
}

function transportsOf(stored: string | null): string[] | undefined {
  if (!stored) return undefined;
  try {
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === "string") : undefined;
  } catch {
    return undefined;
  }
}

/** Her passkeys, newest first, for her page of devices. */
export function listPasskeys(db: Db, personId: string) {
  return db.personPasskey.findMany({
    where: { personId },
    orderBy: { createdAt: "desc" },
    select: { id: true, label: true, createdAt: true, lastUsedAt: true },
  });
}

/** Renames one of her passkeys; false when it is not hers. */
export async function renamePasskey(db: Db, personId: string, passkeyId: string, label: string): Promise<boolean> {
  return (await db.personPasskey.updateMany({ where: { id: passkeyId, personId }, data: { label } })).count === 1;
}

/** Deletes one of her passkeys (the phone cannot sign in with it any more); false when it is not hers. */
export async function deletePasskey(db: Db, personId: string, passkeyId: string): Promise<boolean> {
  return (await db.personPasskey.deleteMany({ where: { id: passkeyId, personId } })).count === 1;
}
