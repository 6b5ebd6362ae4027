// Passkeys attacked with crafted answers: real signatures from a fake authenticator, every field
// chosen by the test. The verification under test is @simplewebauthn/server's, called by ours.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CHALLENGE_MINUTES,
  deletePasskey,
  listPasskeys,
  passkeyRegistrationOptions,
  PasskeyRefused,
  passkeySignInOptions,
  registerPasskey,
  relyingParty,
  verifyPasskeySignIn,
  type PasskeyRefusal,
} from "../app/space/passkeys.server.js";
import { action as signInAction } from "../app/routes/espace.connexion.cle.js";
import { SIGN_IN_CHALLENGES_PER_MINUTE } from "../app/space/passkey-limits.server.js";
import { parseEnv } from "../server/env.js";
import { action as registerAction } from "../app/routes/espace.cle.js";
import { findPerson, signInPerson } from "../app/auth/auth.server.js";
import type { Db } from "../prisma/db.js";
import { createFacilitatorWithSession, createTestDatabase, type TestDatabase } from "./support/fixtures.js";
import { FakeAuthenticator } from "./support/fake-authenticator.js";
import { formPost } from "./support/form-post.js";
import type { AppLoadContext } from "@remix-run/node";

const ORIGIN = "https://atelier.exemple.fr";
const rp = relyingParty(new Request(`${ORIGIN}/espace/cle`), null);
let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database?.cleanup());

async function newPerson(name = "Awa") {
  const { structure } = await createFacilitatorWithSession(db);
  return db.person.create({ data: { structureId: structure.id, displayName: name } });
}

/** A browser: it keeps the cookies the server sets, and sends them back. */
function browser() {
  const jar = new Map<string, string>();
  return {
    keep(setCookie: string) {
      const [pair] = setCookie.split(";");
      const [name, value] = pair.split("=");
      jar.set(name, value ?? "");
    },
    request(path = "/espace/cle") {
      const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
      return new Request(`${ORIGIN}${path}`, { method: "POST", headers: { Cookie: cookie } });
    },
    cookies: jar,
  };
}

async function registered(personId: string, name = "Awa") {
  const phone = browser();
  const authenticator = new FakeAuthenticator(rp.id, rp.origin);
  const { options, cookie } = await passkeyRegistrationOptions(db, phone.request(), rp, { id: personId, displayName: name });
  phone.keep(cookie);
  await registerPasskey(db, phone.request(), rp, personId, authenticator.register(options.challenge), "mon téléphone");
  return { phone, authenticator };
}

async function signInChallenge(phone: ReturnType<typeof browser>, now?: Date) {
  const { options, cookie } = await passkeySignInOptions(db, phone.request("/espace/connexion/cle"), rp, now);
  phone.keep(cookie);
  return options.challenge;
}

async function refusal(promise: Promise<unknown>): Promise<PasskeyRefusal | "accepted"> {
  try {
    await promise;
    return "accepted";
  } catch (error) {
    if (error instanceof PasskeyRefused) return error.reason;
    throw error;
  }
}

describe("a person registers a passkey and comes back with it", () => {
  it("registers, then signs in typing nothing: the answer names her, the counter moves forward", async () => {
    const person = await newPerson();
    const { phone, authenticator } = await registered(person.id);
    const [passkey] = await listPasskeys(db, person.id);
    expect(passkey.label).toBe("mon téléphone");
    const challenge = await signInChallenge(phone);
    expect(await verifyPasskeySignIn(db, phone.request(), rp, authenticator.signIn(challenge, person.id))).toBe(person.id);
    const stored = await db.personPasskey.findUniqueOrThrow({ where: { credentialId: authenticator.id } });
    expect(stored.counter).toBe(1);
    expect(stored.lastUsedAt).not.toBeNull();
    expect(await db.webAuthnChallenge.count()).toBe(0);
  });

  it("refuses an answer to another challenge than the one this browser was given", async () => {
    const person = await newPerson();
    const { phone, authenticator } = await registered(person.id);
    await signInChallenge(phone);
    const forged = authenticator.signIn("Y2hhbGxlbmdlLWludmVudGU", person.id);
    expect(await refusal(verifyPasskeySignIn(db, phone.request(), rp, forged))).toBe("invalid");
  });

  it("refuses a replayed answer: the challenge served once", async () => {
    const person = await newPerson();
    const { phone, authenticator } = await registered(person.id);
    const challenge = await signInChallenge(phone);
    const answer = authenticator.signIn(challenge, person.id);
    expect(await verifyPasskeySignIn(db, phone.request(), rp, answer)).toBe(person.id);
    expect(await refusal(verifyPasskeySignIn(db, phone.request(), rp, answer))).toBe("challenge");
  });

  it("refuses an answer to an expired challenge", async () => {
    const person = await newPerson();
    const { phone, authenticator } = await registered(person.id);
    const challenge = await signInChallenge(phone);
    const later = new Date(Date.now() + (CHALLENGE_MINUTES * 60 + 1) * 1000);
    expect(await refusal(verifyPasskeySignIn(db, phone.request(), rp, authenticator.signIn(challenge, person.id), later))).toBe(
      "challenge",
    );
  });

  it("refuses an answer posted from another browser than the one the challenge was given to", async () => {
    const person = await newPerson();
    const { phone, authenticator } = await registered(person.id);
    const challenge = await signInChallenge(phone);
    const thief = browser();
    expect(await refusal(verifyPasskeySignIn(db, thief.request(), rp, authenticator.signIn(challenge, person.id)))).toBe("challenge");
  });

  it("refuses a counter that goes back (a cloned authenticator)", async () => {
    const person = await newPerson();
    const { phone, authenticator } = await registered(person.id);
    let challenge = await signInChallenge(phone);
    await verifyPasskeySignIn(db, phone.request(), rp, authenticator.signIn(challenge, person.id, { counter: 5 }));
    challenge = await signInChallenge(phone);
    expect(await refusal(verifyPasskeySignIn(db, phone.request(), rp, authenticator.signIn(challenge, person.id, { counter: 3 })))).toBe(
      "invalid",
    );
    challenge = await signInChallenge(phone);
    expect(await refusal(verifyPasskeySignIn(db, phone.request(), rp, authenticator.signIn(challenge, person.id, { counter: 5 })))).toBe(
      "invalid",
    );
  });

  it("refuses an answer made for another origin or another RP ID, and one without user verification", async () => {
    const person = await newPerson();
    const { phone, authenticator } = await registered(person.id);
    for (const overrides of [
      { origin: "https://atelier.exemple.fr.evil.test" },
      { rpId: "evil.test" },
      { userVerified: false },
      { type: "webauthn.create" },
    ]) {
      const challenge = await signInChallenge(phone);
      expect(await refusal(verifyPasskeySignIn(db, phone.request(), rp, authenticator.signIn(challenge, person.id, overrides)))).toBe(
        "invalid",
      );
    }
    // Registration checks the same: a passkey made for another site is not kept.
    const other = new FakeAuthenticator("evil.test", "https://evil.test");
    const { options, cookie } = await passkeyRegistrationOptions(db, phone.request(), rp, { id: person.id, displayName: "Awa" });
    phone.keep(cookie);
    expect(await refusal(registerPasskey(db, phone.request(), rp, person.id, other.register(options.challenge), "x"))).toBe("invalid");
    expect(await listPasskeys(db, person.id)).toHaveLength(1);
  });

  it("refuses another person's credential: her user handle on his passkey, his passkey registered again for her", async () => {
    const awa = await newPerson("Awa");
    const ben = await newPerson("Ben");
    const { phone, authenticator: bens } = await registered(ben.id, "Ben");
    const challenge = await signInChallenge(phone);
    expect(await refusal(verifyPasskeySignIn(db, phone.request(), rp, bens.signIn(challenge, awa.id)))).toBe("invalid");
    // Her registration cannot take over a credential that is already his.
    const hers = browser();
    const { options, cookie } = await passkeyRegistrationOptions(db, hers.request(), rp, { id: awa.id, displayName: "Awa" });
    hers.keep(cookie);
    expect(await refusal(registerPasskey(db, hers.request(), rp, awa.id, bens.register(options.challenge), "pris"))).toBe("taken");
    // A registration challenge given to his session does not serve hers.
    const { options: his, cookie: hisCookie } = await passkeyRegistrationOptions(db, phone.request(), rp, {
      id: ben.id,
      displayName: "Ben",
    });
    phone.keep(hisCookie);
    const fresh = new FakeAuthenticator(rp.id, rp.origin);
    expect(await refusal(registerPasskey(db, phone.request(), rp, awa.id, fresh.register(his.challenge), "x"))).toBe("challenge");
    // And she cannot delete his passkey.
    const [hisPasskey] = await listPasskeys(db, ben.id);
    expect(await deletePasskey(db, awa.id, hisPasskey.id)).toBe(false);
    expect(await listPasskeys(db, ben.id)).toHaveLength(1);
  });

  it("a deleted passkey opens nothing", async () => {
    const person = await newPerson();
    const { phone, authenticator } = await registered(person.id);
    const [passkey] = await listPasskeys(db, person.id);
    expect(await deletePasskey(db, person.id, passkey.id)).toBe(true);
    const challenge = await signInChallenge(phone);
    expect(await refusal(verifyPasskeySignIn(db, phone.request(), rp, authenticator.signIn(challenge, person.id)))).toBe("unknown");
  });

  it("over HTTP: garbage, a forged answer and a wrong origin are 400s with a French reason; a good one opens her space", async () => {
    const person = await newPerson();
    const context = { db, publicOrigin: ORIGIN } as unknown as AppLoadContext;
    const post = async (phone: ReturnType<typeof browser>, fields: Record<string, string>) => {
      const request = phone.request("/espace/connexion/cle");
      const response = await signInAction({
        request: formPost(request.url, fields, request.headers.get("Cookie") ?? ""),
        context,
        params: {},
      });
      const setCookie = response.headers.getSetCookie();
      for (const cookie of setCookie) phone.keep(cookie);
      return { status: response.status, body: (await response.json()) as { error?: string; options?: { challenge: string } } };
    };
    const { phone, authenticator } = await registered(person.id);
    for (const response of ["", "{", '{"id":"x"}', JSON.stringify({ id: "a b", rawId: "x", type: "public-key", response: {} })]) {
      const answer = await post(phone, { intent: "verify", response });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatch(/Cela n'a pas marché/);
    }
    const start = await post(phone, { intent: "options" });
    const wrongOrigin = await post(phone, {
      intent: "verify",
      response: authenticator.signIn(start.body.options!.challenge, person.id, { origin: "http://localhost:3000" }),
    });
    expect(wrongOrigin.status).toBe(400);
    const again = await post(phone, { intent: "options" });
    const good = await post(phone, { intent: "verify", response: authenticator.signIn(again.body.options!.challenge, person.id) });
    expect(good.status).toBe(200);
    const session = await findPerson(db, `atelier_personne=${phone.cookies.get("atelier_personne")}`);
    expect(session?.id).toBe(person.id);
    expect((await db.personSession.findUniqueOrThrow({ where: { id: session!.sessionId } })).method).toBe("passkey");
  });

  it("registering over HTTP needs her session; a name too long is refused in French", async () => {
    const person = await newPerson();
    const context = { db, publicOrigin: ORIGIN } as unknown as AppLoadContext;
    const signedIn = (await signInPerson(db, new Request(ORIGIN), person.id)).split(";")[0];
    const post = (cookie: string, fields: Record<string, string>) =>
      registerAction({
        request: formPost(`${ORIGIN}/espace/cle`, fields, cookie),
        context,
        params: {},
      });
    await expect(post("", { intent: "options" })).rejects.toMatchObject({ status: 302 });
    const tooLong = await post(signedIn, { intent: "verify", label: "x".repeat(61), response: "{}" });
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as { error: string }).error).toMatch(/1 à 60 caractères/);
  });
});

describe("asking for sign-in challenges", () => {
  it("one address may ask a few a minute; then it waits (429, in French), others do not", async () => {
    const ask = (clientIp: string) =>
      signInAction({
        request: formPost(`${ORIGIN}/espace/connexion/cle`, { intent: "options" }),
        context: { db, clientIp } as unknown as AppLoadContext,
        params: {},
      });
    for (let i = 0; i < SIGN_IN_CHALLENGES_PER_MINUTE; i += 1) expect((await ask("198.51.100.7")).status).toBe(200);
    const refused = await ask("198.51.100.7");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect(((await refused.json()) as { error: string }).error).toMatch(/trop d'essais/);
    expect((await ask("198.51.100.8")).status).toBe(200);
  });
});

describe("the relying party", () => {
  it("is PUBLIC_ORIGIN when set, else the request's own origin", () => {
    expect(relyingParty(new Request("http://10.0.0.5:3000/espace"), "https://atelier.exemple.fr")).toMatchObject({
      id: "atelier.exemple.fr",
      origin: "https://atelier.exemple.fr",
    });
    expect(relyingParty(new Request("http://localhost:3000/espace"), null)).toMatchObject({
      id: "localhost",
      origin: "http://localhost:3000",
    });
  });

  it("PUBLIC_ORIGIN is read at boot as an origin: a path, a query or another scheme stops the start", () => {
    expect(parseEnv({ NODE_ENV: "test", PUBLIC_ORIGIN: "https://atelier.exemple.fr/" }).PUBLIC_ORIGIN).toBe("https://atelier.exemple.fr");
    expect(parseEnv({ NODE_ENV: "test" }).PUBLIC_ORIGIN).toBeUndefined();
    for (const bad of [
      "atelier.exemple.fr",
      "https://atelier.exemple.fr/espace",
      "https://atelier.exemple.fr/?a=1",
      "ftp://atelier.exemple.fr",
    ]) {
      expect(() => parseEnv({ NODE_ENV: "test", PUBLIC_ORIGIN: bad }), bad).toThrow(/PUBLIC_ORIGIN/);
    }
  });
});
