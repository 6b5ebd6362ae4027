// A structure's Ed25519 keys for the badges it issues. The newest key not retired signs; retired
// keys stay published so that what they signed still verifies. The private key is sealed with
// AES-256-GCM under a key derived (HKDF) from the server's secret; it never leaves this module.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, randomUUID } from "node:crypto";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import type { Db } from "../../prisma/db.js";
import { issuerUrl, keyUrl } from "./urls.js";

/** What app/badges needs to sign: the server's secret, and the address the credentials name. */
export interface Issuing {
  secret: () => Promise<string>;
  origin: string;
}

const SEAL_INFO = "atelier badge signing key v1";

function sealingKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "", SEAL_INFO, 32));
}

/** iv.ciphertext.tag, base64url; the key's id is bound as associated data (a sealed key cannot be moved to another row). */
export function seal(secret: string, plain: string, keyId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(secret), iv);
  cipher.setAAD(Buffer.from(keyId));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [iv, body, cipher.getAuthTag()].map((part) => part.toString("base64url")).join(".");
}

export function unseal(secret: string, sealed: string, keyId: string): string {
  const [iv, body, tag] = sealed.split(".").map((part) => Buffer.from(part, "base64url"));
  if (!iv || !body || !tag) throw new Error("sealed key: bad format");
  const decipher = createDecipheriv("aes-256-gcm", sealingKey(secret), iv);
  decipher.setAAD(Buffer.from(keyId));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
}

/** Creates a new signing key for the structure; the previous ones are retired (they keep verifying). */
export async function createSigningKey(db: Db, issuing: Issuing, structureId: string) {
  const secret = await issuing.secret();
  const keyPair = await Ed25519Multikey.generate();
  const publicJwk = JSON.stringify(await Ed25519Multikey.toJwk({ keyPair }));
  const { secretKeyMultibase, publicKeyMultibase } = await keyPair.export({ publicKey: true, secretKey: true });
  const id = randomUUID();
  const privateKeySealed = seal(secret, JSON.stringify({ publicKeyMultibase, secretKeyMultibase }), id);
  await db.$transaction([
    db.signingKey.updateMany({ where: { structureId, retiredAt: null }, data: { retiredAt: new Date() } }),
    db.signingKey.create({ data: { id, structureId, publicJwk, privateKeySealed } }),
  ]);
  return id;
}

/** The key that signs now, created on first need, ready to sign as the structure. */
export async function activeSigner(db: Db, issuing: Issuing, structureId: string) {
  let key = await db.signingKey.findFirst({
    where: { structureId, retiredAt: null },
    orderBy: { createdAt: "desc" },
    select: { id: true, privateKeySealed: true },
  });
  if (!key) {
    await createSigningKey(db, issuing, structureId);
    key = await db.signingKey.findFirstOrThrow({
      where: { structureId, retiredAt: null },
      orderBy: { createdAt: "desc" },
      select: { id: true, privateKeySealed: true },
    });
  }
  const opened = JSON.parse(unseal(await issuing.secret(), key.privateKeySealed, key.id)) as Record<string, string>;
  const keyPair = await Ed25519Multikey.from({
    "@context": "https://w3id.org/security/multikey/v1",
    type: "Multikey",
    id: keyUrl(issuing.origin, key.id),
    controller: issuerUrl(issuing.origin, structureId),
    ...opened,
  });
  return { keyId: key.id, signer: keyPair.signer() };
}

/** A published key as a Multikey verification method, or null when there is no such key. */
export async function verificationMethod(db: Db, origin: string, keyId: string) {
  const key = await db.signingKey.findUnique({ where: { id: keyId }, select: { id: true, structureId: true, publicJwk: true } });
  if (!key) return null;
  const keyPair = await Ed25519Multikey.fromJwk({
    jwk: JSON.parse(key.publicJwk) as Record<string, string>,
    id: keyUrl(origin, key.id),
    controller: issuerUrl(origin, key.structureId),
  });
  return { structureId: key.structureId, document: await keyPair.export({ publicKey: true, includeContext: true }) };
}

/** The issuer's controller document: every key it ever signed with, as assertion methods. */
export async function controllerDocument(db: Db, origin: string, structureId: string) {
  const keys = await db.signingKey.findMany({
    where: { structureId },
    orderBy: { createdAt: "asc" },
    select: { id: true },
  });
  return {
    "@context": "https://w3id.org/security/v2",
    id: issuerUrl(origin, structureId),
    assertionMethod: keys.map((key) => keyUrl(origin, key.id)),
  };
}

/** The structure's keys for its admin page: which signs, which are retired. */
export function listSigningKeys(db: Db, structureId: string) {
  return db.signingKey.findMany({
    where: { structureId },
    orderBy: { createdAt: "desc" },
    select: { id: true, createdAt: true, retiredAt: true },
  });
}
