// An authenticator written as an attacker would write one: real P-256 keys and real signatures, with
// every field of the answer under the test's control (challenge, origin, RP ID, counter, user handle).
// Only the encodings come from @simplewebauthn/server's helpers; the checks under test are the library's.
import { createHash, createSign, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import { isoBase64URL, isoCBOR } from "@simplewebauthn/server/helpers";

const b64 = (bytes: Uint8Array) => isoBase64URL.fromBuffer(new Uint8Array(bytes));
const sha256 = (data: Uint8Array | string) => new Uint8Array(createHash("sha256").update(data).digest());

export interface Overrides {
  challenge?: string;
  origin?: string;
  rpId?: string;
  counter?: number;
  userHandle?: string | null;
  type?: string;
  userVerified?: boolean;
}

export class FakeAuthenticator {
  readonly credentialId = new Uint8Array(randomBytes(32));
  readonly id = b64(this.credentialId);
  private readonly privateKey: KeyObject;
  private readonly cosePublicKey: Uint8Array;
  counter = 0;

  constructor(
    readonly rpId: string,
    readonly origin: string,
  ) {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    this.privateKey = privateKey;
    const jwk = publicKey.export({ format: "jwk" });
    const cose = new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, isoBase64URL.toBuffer(jwk.x!)],
      [-3, isoBase64URL.toBuffer(jwk.y!)],
    ]);
    this.cosePublicKey = isoCBOR.encode(cose);
  }

  private authData(rpId: string, counter: number, userVerified: boolean, attested: boolean): Uint8Array {
    const flags = 0x01 | (userVerified ? 0x04 : 0) | (attested ? 0x40 : 0);
    const count = new Uint8Array(4);
    new DataView(count.buffer).setUint32(0, counter);
    const parts: Uint8Array[] = [sha256(rpId), new Uint8Array([flags]), count];
    if (attested) {
      const length = new Uint8Array(2);
      new DataView(length.buffer).setUint16(0, this.credentialId.length);
      parts.push(new Uint8Array(16), length, this.credentialId, this.cosePublicKey);
    }
    return concat(parts);
  }

  private clientData(type: string, challenge: string, origin: string): Uint8Array {
    return new TextEncoder().encode(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  /** The answer to navigator.credentials.create, as @simplewebauthn/browser posts it. */
  register(challenge: string, overrides: Overrides = {}) {
    const authData = this.authData(overrides.rpId ?? this.rpId, 0, overrides.userVerified ?? true, true);
    const attestation = isoCBOR.encode(
      new Map<string, unknown>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authData],
      ]) as never,
    );
    const clientDataJSON = this.clientData(
      overrides.type ?? "webauthn.create",
      overrides.challenge ?? challenge,
      overrides.origin ?? this.origin,
    );
    return JSON.stringify({
      id: this.id,
      rawId: this.id,
      type: "public-key",
      response: { clientDataJSON: b64(clientDataJSON), attestationObject: b64(attestation), transports: ["internal"] },
      clientExtensionResults: {},
    });
  }

  /** The answer to navigator.credentials.get; the counter moves forward unless the test sets it. */
  signIn(challenge: string, userHandle: string | null, overrides: Overrides = {}) {
    const counter = overrides.counter ?? ++this.counter;
    const authData = this.authData(overrides.rpId ?? this.rpId, counter, overrides.userVerified ?? true, false);
    const clientDataJSON = this.clientData(
      overrides.type ?? "webauthn.get",
      overrides.challenge ?? challenge,
      overrides.origin ?? this.origin,
    );
    const signer = createSign("sha256");
    signer.update(concat([authData, sha256(clientDataJSON)]));
    const signature = new Uint8Array(signer.sign(this.privateKey));
    const handle = overrides.userHandle === undefined ? userHandle : overrides.userHandle;
    return JSON.stringify({
      id: this.id,
      rawId: this.id,
      type: "public-key",
      response: {
        clientDataJSON: b64(clientDataJSON),
        authenticatorData: b64(authData),
        signature: b64(signature),
        ...(handle === null ? {} : { userHandle: b64(new TextEncoder().encode(handle)) }),
      },
      clientExtensionResults: {},
    });
  }
}

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
