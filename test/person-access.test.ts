// The person's ways in besides passkeys (test/passkeys.test.ts): the e-mailed link, her sessions
// (sliding, listed, signed out one by one or everywhere), and her referent.
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findPerson, PERSON_SESSION_IDLE_DAYS, PERSON_SESSION_MAX_DAYS, signInPerson } from "../app/auth/auth.server.js";
import { redeemSignInCode } from "../app/diagnostic/sign-in-codes.server.js";
import type { Mailer } from "../app/registrations/outbox.server.js";
import { action as devicesAction } from "../app/routes/espace.appareils.js";
import { action as linkAction } from "../app/routes/espace.lien.$token.js";
import { action as signInPageAction, loader as signInPageLoader } from "../app/routes/espace.connexion.js";
import { action as referentAction } from "../app/routes/people.$personId.referent.js";
import { deviceName } from "../app/space/device-name.js";
import { exportPersonData } from "../app/diagnostic/export.server.js";
import { listDevices, signOutEverywhere } from "../app/space/devices.server.js";
import { personReferent, setReferent } from "../app/space/referent.server.js";
import { LINK_MAX_REQUESTS, LINK_VALID_MINUTES, redeemSignInLink, requestSignInLink } from "../app/space/sign-in-links.server.js";
import type { Db } from "../prisma/db.js";
import { createFacilitatorWithSession, createTestDatabase, professionalCookie, type TestDatabase } from "./support/fixtures.js";
import { formPost } from "./support/form-post.js";

const ORIGIN = "https://atelier.exemple.fr";
const ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database?.cleanup());

/** A mailer that keeps what it was handed. */
function fakeMailer() {
  const sent: { to: string; text: string }[] = [];
  const mailer: Mailer = { from: "test@exemple.fr", sendMail: async (message) => void sent.push({ to: message.to, text: message.text }) };
  return { mailer, sent };
}

let clients = 0;
const newClient = () => `203.0.113.${++clients}`;

async function newPerson(email: string | null = null) {
  const { structure, user } = await createFacilitatorWithSession(db);
  const person = await db.person.create({ data: { structureId: structure.id, displayName: "Awa", email } });
  return { structure, user, person };
}

const cookieOf = (setCookie: string) => setCookie.split(";")[0];
const signIn = async (personId: string, ua = ANDROID, now?: Date) =>
  cookieOf(await signInPerson(db, new Request(ORIGIN, { headers: { "User-Agent": ua } }), personId, "code", now));

function linkIn(text: string): string {
  const match = /\/espace\/lien\/([A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error("no link in the message");
  return match[1];
}

const postLink = (token: string) =>
  linkAction({
    request: new Request(`${ORIGIN}/espace/lien/${token}`, { method: "POST" }),
    context: { db } as AppLoadContext,
    params: { token },
  });

describe("a sign-in link by e-mail", () => {
  it("reaches her (any case of the address), opens her space once, and the stored message keeps no working link", async () => {
    const { person } = await newPerson("Awa.Diallo@Exemple.fr");
    const { mailer, sent } = fakeMailer();
    const answer = await requestSignInLink(db, { email: " awa.diallo@exemple.FR ", origin: ORIGIN, client: newClient(), mailer });
    expect(answer).toMatchObject({ sent: true });
    if ("delivery" in answer) await answer.delivery;
    expect(sent).toHaveLength(1);
    expect(sent[0].text).toContain(`${ORIGIN}/espace/lien/`);
    const token = linkIn(sent[0].text);
    const stored = await db.personSignInCode.findFirstOrThrow({ where: { personId: person.id, kind: "link" } });
    expect(stored.codeHash).not.toContain(token);
    const outbox = await db.outboxMessage.findFirstOrThrow({ where: { recipient: "awa.diallo@exemple.fr" } });
    expect(outbox.status).toBe("sent");
    expect(outbox.body).not.toContain(token);
    // A link is not a code: typed as one it opens nothing.
    expect(await redeemSignInCode(db, token)).toBeNull();
    const first = (await postLink(token)) as Response;
    expect(first.status).toBe(302);
    expect(first.headers.get("Set-Cookie")).toMatch(/^atelier_personne=/);
    const second = (await postLink(token)) as unknown as { init: { status: number } };
    expect(second.init.status).toBe(400);
  });

  it("expires after 15 minutes, and only the newest link works", async () => {
    const { person } = await newPerson("ben@exemple.fr");
    const { mailer, sent } = fakeMailer();
    const client = newClient();
    for (let i = 0; i < 2; i += 1) {
      const answer = await requestSignInLink(db, { email: "ben@exemple.fr", origin: ORIGIN, client, mailer });
      if ("delivery" in answer) await answer.delivery;
    }
    const [older, newer] = sent.map((message) => linkIn(message.text));
    expect(await redeemSignInLink(db, older)).toBeNull();
    const late = new Date(Date.now() + (LINK_VALID_MINUTES * 60 + 1) * 1000);
    expect(await redeemSignInLink(db, newer, late)).toBeNull();
    expect(await redeemSignInLink(db, newer)).toBe(person.id);
  });

  it("answers an unknown address exactly as a known one, sends nothing, and pauses after a few asks", async () => {
    await newPerson("connue@exemple.fr");
    const { mailer, sent } = fakeMailer();
    const client = newClient();
    const known = await requestSignInLink(db, { email: "connue@exemple.fr", origin: ORIGIN, client, mailer });
    const unknown = await requestSignInLink(db, { email: "inconnue@exemple.fr", origin: ORIGIN, client, mailer });
    if ("delivery" in known) await known.delivery;
    if ("delivery" in unknown) await unknown.delivery;
    expect(Object.keys(known)).toEqual(Object.keys(unknown));
    expect(sent.map((message) => message.to)).toEqual(["connue@exemple.fr"]);
    for (let i = 1; i < LINK_MAX_REQUESTS; i += 1)
      await requestSignInLink(db, { email: "inconnue@exemple.fr", origin: ORIGIN, client, mailer });
    expect(await requestSignInLink(db, { email: "inconnue@exemple.fr", origin: ORIGIN, client, mailer })).toMatchObject({
      waitSeconds: expect.any(Number),
    });
  });

  it("over HTTP: offered only with a mail sender; a known and an unknown address get the same answer", async () => {
    const context = { db, clientIp: newClient(), publicOrigin: ORIGIN } as AppLoadContext;
    const page = () => signInPageLoader({ request: new Request(`${ORIGIN}/espace/connexion`), context, params: {} });
    const ask = async (email: string) => {
      const answer = (await signInPageAction({
        request: formPost(`${ORIGIN}/espace/connexion`, { intent: "link", email }),
        context,
        params: {},
      })) as unknown as { data: unknown; init: { status?: number } | null };
      return { data: answer.data, status: answer.init?.status ?? 200 };
    };
    const saved = process.env.SMTP_URL;
    delete process.env.SMTP_URL;
    try {
      expect(await page()).toEqual({ linkAvailable: false });
      expect((await ask("connue2@exemple.fr")).status).toBe(400);
      // A mail server that refuses every connection: the answer does not wait for it, nor tell it.
      process.env.SMTP_URL = "smtp://127.0.0.1:9";
      expect(await page()).toEqual({ linkAvailable: true });
      const { person } = await newPerson("connue2@exemple.fr");
      const known = await ask("connue2@exemple.fr");
      const unknown = await ask("personne2@exemple.fr");
      expect(known).toEqual({ data: { link: "sent" }, status: 200 });
      expect(unknown).toEqual(known);
      expect(await ask("pas-une-adresse")).toMatchObject({ status: 400, data: { link: "invalid" } });
      await vi.waitFor(
        async () => expect((await db.outboxMessage.findFirst({ where: { recipient: "connue2@exemple.fr" } }))?.status).toBe("failed"),
        {
          timeout: 10_000,
        },
      );
      expect(await db.personSignInCode.count({ where: { personId: person.id, kind: "link" } })).toBe(1);
      expect(await db.outboxMessage.count({ where: { recipient: "personne2@exemple.fr" } })).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.SMTP_URL;
      else process.env.SMTP_URL = saved;
    }
  });

  it("a forged or truncated link opens nothing", async () => {
    for (const token of ["", "abc", "x".repeat(43), "x".repeat(500), "../../espace"]) expect(await redeemSignInLink(db, token)).toBeNull();
  });
});

describe("her sessions", () => {
  it("slide: each use pushes the end back 30 days, never past 90 days after signing in", async () => {
    const { person } = await newPerson();
    const start = new Date("2026-01-05T10:00:00Z");
    const cookie = await signIn(person.id, ANDROID, start);
    const days = (n: number) => new Date(start.getTime() + n * 86_400_000);
    expect(await findPerson(db, cookie, days(PERSON_SESSION_IDLE_DAYS - 1))).not.toBeNull();
    // Used on day 29: open until day 59, so day 50 still works although 30 days passed since signing in.
    expect(await findPerson(db, cookie, days(50))).not.toBeNull();
    expect(await findPerson(db, cookie, days(79))).not.toBeNull();
    // Used every few weeks, it still ends 90 days after signing in.
    expect(await findPerson(db, cookie, days(PERSON_SESSION_MAX_DAYS - 1))).not.toBeNull();
    expect(await findPerson(db, cookie, days(PERSON_SESSION_MAX_DAYS + 1))).toBeNull();
    // Left alone for more than 30 days, it ends.
    const idle = await signIn(person.id, ANDROID, start);
    expect(await findPerson(db, idle, days(PERSON_SESSION_IDLE_DAYS + 1))).toBeNull();
  });

  it("are listed with a coarse device name, this one first; another device signed out opens nothing; everywhere ends them all", async () => {
    const { person } = await newPerson();
    const phone = await signIn(person.id, ANDROID);
    const other = await signIn(person.id, IPHONE);
    const here = (await findPerson(db, phone))!;
    const devices = await listDevices(db, person.id, here.sessionId);
    expect(devices.map((device) => [device.device, device.current])).toEqual([
      ["Chrome sur Android", true],
      ["Safari sur iPhone", false],
    ]);
    expect(JSON.stringify(await db.personSession.findMany({ where: { personId: person.id } }))).not.toContain("Mozilla");

    const context = { db } as AppLoadContext;
    const post = (cookie: string, fields: Record<string, string>) =>
      devicesAction({
        request: formPost(`${ORIGIN}/espace/appareils`, fields, cookie),
        context,
        params: {},
      });
    await post(phone, { intent: "signOut", sessionId: devices[1].id });
    expect(await findPerson(db, other)).toBeNull();
    expect(await findPerson(db, phone)).not.toBeNull();

    // Someone else's session id is not hers to close: 404, and it stays open.
    const stranger = await newPerson();
    const strangers = await signIn(stranger.person.id);
    const strangerSession = (await findPerson(db, strangers))!.sessionId;
    await expect(post(phone, { intent: "signOut", sessionId: strangerSession })).rejects.toMatchObject({ status: 404 });
    expect(await findPerson(db, strangers)).not.toBeNull();

    const third = await signIn(person.id, IPHONE);
    const everywhere = (await post(phone, { intent: "signOutEverywhere" })) as Response;
    expect(everywhere.status).toBe(302);
    expect(everywhere.headers.get("Set-Cookie")).toMatch(/Max-Age=0/);
    expect(await findPerson(db, phone)).toBeNull();
    expect(await findPerson(db, third)).toBeNull();
    expect(await signOutEverywhere(db, person.id)).toBe(0);
  });

  it("her export lists her devices and passkeys by name and date, never a token nor a key", async () => {
    const { person } = await newPerson();
    await signIn(person.id, ANDROID);
    await db.personPasskey.create({
      data: { personId: person.id, credentialId: "cred-export", publicKey: new Uint8Array([1, 2, 3]), label: "Mon téléphone" },
    });
    const { waysIn } = await exportPersonData(db, person.id);
    expect(waysIn.passkeys).toEqual([{ label: "Mon téléphone", createdAt: expect.any(Date), lastUsedAt: null }]);
    expect(waysIn.sessions).toMatchObject([{ method: "code", device: "Chrome sur Android" }]);
    expect(JSON.stringify(waysIn)).not.toMatch(/tokenHash|cred-export|publicKey/);
  });

  it("names devices coarsely", () => {
    expect(deviceName(ANDROID)).toBe("Chrome sur Android");
    expect(deviceName(IPHONE)).toBe("Safari sur iPhone");
    expect(deviceName("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0")).toBe("Firefox sur Windows");
    expect(
      deviceName(
        "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0 Mobile Safari/537.36",
      ),
    ).toBe("Samsung Internet sur Android");
    expect(deviceName(null)).toBeNull();
    expect(deviceName("curl/8.0")).toBeNull();
  });
});

describe("her referent", () => {
  it("a member of her structure names a colleague; her space shows the name, the structure and how to reach them", async () => {
    const { structure, user, person } = await newPerson();
    const colleague = await db.user.create({
      data: { email: `collegue-${Date.now()}@exemple.fr`, displayName: "Claire Martin", passwordHash: "x" },
    });
    await db.membership.create({ data: { userId: colleague.id, structureId: structure.id } });
    expect(await personReferent(db, person.id)).toEqual({ structure: structure.name, referent: null });
    expect(await setReferent(db, user.id, person.id, colleague.id)).toBe("saved");
    expect(await personReferent(db, person.id)).toEqual({
      structure: structure.name,
      referent: { name: "Claire Martin", role: null, email: colleague.email, phone: null },
    });
    // Her contact card in that structure, when she keeps one, says more.
    await db.contactCard.create({
      data: {
        userId: colleague.id,
        structureId: structure.id,
        name: "Claire M.",
        role: "Conseillère emploi",
        email: "claire@structure.fr",
        phone: "06 12 34 56 78",
        helpWith: "l'emploi",
      },
    });
    expect((await personReferent(db, person.id)).referent).toEqual({
      name: "Claire M.",
      role: "Conseillère emploi",
      email: "claire@structure.fr",
      phone: "06 12 34 56 78",
    });
  });

  it("refuses another structure's user as referent, and another structure's professional setting it", async () => {
    const { user, person } = await newPerson();
    const elsewhere = await createFacilitatorWithSession(db);
    expect(await setReferent(db, user.id, person.id, elsewhere.user.id)).toBe("not-a-member");
    expect(await setReferent(db, elsewhere.user.id, person.id, elsewhere.user.id)).toBe("not-found");
    expect((await db.person.findUniqueOrThrow({ where: { id: person.id } })).referentUserId).toBeNull();

    const post = async (userId: string, referentUserId: string) =>
      referentAction({
        request: new Request(`${ORIGIN}/people/${person.id}/referent`, {
          method: "POST",
          headers: { Cookie: await professionalCookie(db, userId), "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ referentUserId }),
        }),
        context: { db } as AppLoadContext,
        params: { personId: person.id },
      });
    const refused = (await post(user.id, elsewhere.user.id)) as Response;
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/pas membre/);
    await expect(post(elsewhere.user.id, elsewhere.user.id)).rejects.toMatchObject({ status: 404 });
    await expect(post(elsewhere.user.id, "")).rejects.toMatchObject({ status: 404 });
    const saved = (await post(user.id, user.id)) as Response;
    expect(saved.status).toBe(302);
    expect((await db.person.findUniqueOrThrow({ where: { id: person.id } })).referentUserId).toBe(user.id);
    // A referent who left her structure no longer shows: the structure does.
    await db.membership.deleteMany({ where: { userId: user.id } });
    expect((await personReferent(db, person.id)).referent).toBeNull();
  });
});
