import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { findParticipant, signInPerson } from "../app/auth/auth.server.js";
import { createPrismaBoardStore } from "../app/board/stored-board.server.js";
import { professionalViewer } from "../app/diagnostic/access.server.js";
import { addEntry } from "../app/diagnostic/diagnostic.server.js";
import { exportPersonData } from "../app/diagnostic/export.server.js";
import { grantAccess } from "../app/diagnostic/grants.server.js";
import { createShareLink, openByToken } from "../app/documents/shares.server.js";
import { createSignInCode } from "../app/diagnostic/sign-in-codes.server.js";
import { erasePerson, ErasureNeedsBoardsError, phoneVariants } from "../app/privacy/erase-person.server.js";
import { erasurePreview } from "../app/privacy/person-footprint.server.js";
import { ANONYMOUS_NAME } from "../app/privacy/purge-batches.server.js";
import { passkeyRegistrationOptions, registerPasskey, relyingParty } from "../app/space/passkeys.server.js";
import { acceptBadge, awardBadge } from "../app/badges/awards.server.js";
import { awardableBadges } from "../app/badges/catalogue.server.js";
import { verifyCredentialText } from "../app/badges/verification.server.js";
import { boardAuthors, boardRecords } from "../board-core/shared-doc.js";
import { openBoardStore } from "../server/board/board-store.js";
import { RoomRegistry } from "../server/board/room-registry.js";
import type { Db } from "../prisma/db.js";
import { noteText, putNote } from "./support/board-notes.js";
import { FakeAuthenticator } from "./support/fake-authenticator.js";
import { startBoardServer, type InProcessBoardServer } from "./support/board-server.js";
import { connectBoardClient, until, type BoardClient } from "./support/clients.js";
import { connectFacilitation } from "./support/facilitation.js";
import {
  createFacilitatorWithSession,
  createTestDatabase,
  participantCookie,
  professionalCookie,
  type TestDatabase,
} from "./support/fixtures.js";

// A person's erasure reaches everything linked to her (docs/decisions/015): then no table, no column
// and no stored board (snapshot and log, decoded with Yjs and read as raw bytes) holds her name, her
// pseudonym on the boards, her contact details or the words of her cards.

let database: TestDatabase;
let db: Db;
let server: InProcessBoardServer;
const open: BoardClient[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  server = await startBoardServer(database);
});
afterAll(async () => {
  for (const client of open.splice(0)) client.destroy();
  await server?.close();
  await database?.cleanup();
});

let counter = 0;

/** A person the structure accompanies, who joined a workshop under a pseudonym and wrote there (from the phone and on the canvas). */
async function personWhoWrote() {
  counter += 1;
  const tag = `${counter}q${Date.now().toString(36)}`;
  const setup = await createFacilitatorWithSession(db);
  const secrets = {
    name: `Quelmane Vartigny ${tag}`,
    pseudonym: `Zephyrine${tag}`,
    email: `Quelmane.Vartigny.${tag}@Exemple.fr`,
    phone: `06 12 34 ${String(counter).padStart(2, "0")} 78`,
    phoneCard: `Mon dos me fait souffrir ${tag}`,
    anonymousCard: `Je n'ose pas le dire ${tag}`,
    canvasCard: `Je cherche un logement ${tag}`,
  };
  const person = await db.person.create({
    data: { structureId: setup.structure.id, displayName: secrets.name, email: secrets.email, phone: secrets.phone },
  });
  const herCookie = await participantCookie(db, setup.sessionId, secrets.pseudonym);
  const her = (await findParticipant(db, herCookie, setup.sessionId))!;
  await db.participant.update({ where: { id: her.id }, data: { personId: person.id } });
  const bilalCookie = await participantCookie(db, setup.sessionId, "Bilal");
  const facilitator = await professionalCookie(db, setup.user.id);

  // What stays: the facilitator's and another participant's cards.
  const phone = await connectFacilitation(server.wsBase, setup.sessionId, herCookie, { phone: true });
  const bilalPhone = await connectFacilitation(server.wsBase, setup.sessionId, bilalCookie, { phone: true });
  try {
    expect(await phone.client.send({ type: "post", text: secrets.phoneCard })).toEqual({ ok: true });
    expect(await bilalPhone.client.send({ type: "post", text: "Je sais cuisiner pour dix" })).toEqual({ ok: true });
    // An anonymous step: her card there carries no name; only the server knows it is hers.
    const controls = await connectFacilitation(server.wsBase, setup.sessionId, facilitator);
    try {
      expect(await controls.client.send({ type: "phase", phaseId: "je-sais-faire" })).toEqual({ ok: true });
      expect(await controls.client.send({ type: "anonymous", phaseId: "je-sais-faire", anonymous: true })).toEqual({ ok: true });
    } finally {
      controls.close();
    }
    await phone.until((client) => client.view?.anonymous === true);
    expect(await phone.client.send({ type: "post", text: secrets.anonymousCard, anonymous: true })).toEqual({ ok: true });
  } finally {
    phone.close();
    bilalPhone.close();
  }
  const herCanvas = canvas(setup.sessionId, herCookie);
  const watcher = canvas(setup.sessionId, facilitator);
  await Promise.all([herCanvas.synced, watcher.synced]);
  putNote(herCanvas.doc, `carte-${tag}`, secrets.canvasCard, { x: 2000, y: 2000 });
  putNote(watcher.doc, `accueil-${tag}`, "Bienvenue à toutes et à tous", { x: 2400, y: 2000 });
  await until(watcher.doc, () => boardAuthors(watcher.doc).get(`shape:carte-${tag}`)?.name === secrets.pseudonym);

  // Her personal space, and the rows about her elsewhere.
  const viewer = await professionalViewer(db, setup.user.id);
  await addEntry(db, viewer, person.id, { dimension: "health", kind: "obstacle", text: `Douleurs au dos ${tag}` });
  const partner = await db.structure.create({ data: { name: `Partenaire ${tag}` } });
  await grantAccess(db, person.id, { structureId: partner.id, dimensions: [], until: new Date(Date.now() + 86_400_000) });
  await createSignInCode(db, viewer, person.id);
  await signInPerson(db, new Request("http://localhost/"), person.id);
  const cv = await db.personDocument.create({
    data: { personId: person.id, kind: "cv", title: `CV ${tag}`, fileName: "cv.pdf", content: new Uint8Array([37, 80, 68, 70]) },
  });
  // Shown to her structure and by a link, opened once each.
  const shown = await db.documentShare.create({
    data: { documentId: cv.id, personId: person.id, structureId: setup.structure.id, expiresAt: new Date(Date.now() + 86_400_000) },
  });
  const link = await createShareLink(db, person.id, cv.id, 7);
  await db.documentShareOpen.create({ data: { shareId: shown.id, personId: person.id, actorUserId: setup.user.id } });
  await openByToken(db, link!.token);
  await db.readTrace.create({
    data: { actorUserId: setup.user.id, structureId: setup.structure.id, what: "person.page", personId: person.id },
  });
  const registration = await db.registration.create({
    data: {
      sessionId: setup.sessionId,
      name: secrets.name,
      email: secrets.email.toLowerCase(),
      phone: null,
      attendance: "present",
      token: `suivi-${tag}`,
    },
  });
  const bySms = await db.registration.create({
    data: { sessionId: setup.sessionId, name: `${secrets.pseudonym} V.`, phone: secrets.phone.replace(/\s/g, ""), status: "cancelled" },
  });
  const someoneElse = await db.registration.create({
    data: { sessionId: setup.sessionId, name: "Bilal Kaci", email: `bilal.${tag}@exemple.fr` },
  });
  await db.outboxMessage.create({
    data: {
      structureId: setup.structure.id,
      registrationId: registration.id,
      channel: "email",
      recipient: secrets.email.toLowerCase(),
      subject: `Invitation pour ${secrets.name}`,
      body: `Bonjour ${secrets.name}`,
    },
  });
  await db.outboxMessage.create({
    data: {
      structureId: setup.structure.id,
      channel: "sms",
      recipient: `+3361234${String(counter).padStart(2, "0")}78`,
      subject: "Rappel",
      body: "À demain",
    },
  });
  await db.outboxMessage.create({
    data: {
      structureId: setup.structure.id,
      registrationId: someoneElse.id,
      channel: "email",
      recipient: `bilal.${tag}@exemple.fr`,
      subject: "Invitation",
      body: "Bonjour Bilal",
    },
  });
  return { ...setup, tag, person, her, herCanvas, watcher, facilitator, secrets, registration, bySms, someoneElse };
}

function canvas(sessionId: string, cookie: string): BoardClient {
  const client = connectBoardClient(server.wsBase, sessionId, cookie);
  open.push(client);
  return client;
}

/** Every value of every row of every table, as text (bytes read as UTF-8). */
async function everyStoredValue(): Promise<string[]> {
  const tables = await db.$queryRawUnsafe<{ name: string }[]>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'",
  );
  expect(tables.map((table) => table.name)).toEqual(
    expect.arrayContaining(["Person", "Participant", "Board", "BoardUpdate", "Registration"]),
  );
  const values: string[] = [];
  for (const { name } of tables) {
    const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${name}"`);
    for (const row of rows) {
      for (const value of Object.values(row)) {
        if (value instanceof Uint8Array) values.push(Buffer.from(value).toString("utf8"));
        else if (value !== null && value !== undefined) values.push(typeof value === "object" ? JSON.stringify(value) : String(value));
      }
    }
  }
  return values;
}

/** Every stored board, decoded with Yjs (snapshot and log), as JSON. */
async function everyStoredBoard(): Promise<string[]> {
  const sessions = await db.groupSession.findMany({ select: { id: true } });
  const boards: string[] = [];
  for (const { id } of sessions) {
    const stored = await createPrismaBoardStore(db).load(id);
    if (!stored) continue;
    const doc = new Y.Doc();
    for (const update of [stored.snapshot, ...stored.updates]) if (update) Y.applyUpdate(doc, update);
    boards.push(JSON.stringify(doc.toJSON()), JSON.stringify(stored.facilitation ?? null));
    doc.destroy();
  }
  return boards;
}

async function findSecrets(secrets: Record<string, string>): Promise<string[]> {
  const haystack = [...(await everyStoredValue()), ...(await everyStoredBoard())];
  const needles = Object.entries(secrets).flatMap(([what, value]) => {
    const forms = what === "phone" ? phoneVariants(value) : what === "email" ? [value, value.toLowerCase()] : [value];
    return forms.map((form) => [what, form] as const);
  });
  return needles.filter(([, needle]) => haystack.some((text) => text.includes(needle))).map(([what, needle]) => `${what}: ${needle}`);
}

describe("a person's erasure reaches everything linked to her", () => {
  it("before erasure, the scan finds her everywhere it should look (so the scan can fail)", async () => {
    const setup = await personWhoWrote();
    expect(await findSecrets(setup.secrets)).toEqual(
      expect.arrayContaining([
        `name: ${setup.secrets.name}`,
        `pseudonym: ${setup.secrets.pseudonym}`,
        `phoneCard: ${setup.secrets.phoneCard}`,
        `canvasCard: ${setup.secrets.canvasCard}`,
        `anonymousCard: ${setup.secrets.anonymousCard}`,
      ]),
    );
  });

  it("says what will go and what will stay, and exports her participations, cards, registrations and messages", async () => {
    const setup = await personWhoWrote();
    const preview = await erasurePreview(db, setup.person.id);
    expect(preview).toMatchObject({
      removed: { entries: 1, documents: 1, grants: 1, cards: 3, registrations: 2, messages: 2 },
      remains: { sessions: 1, registrations: 2, acceptedOutcomes: 0 },
    });
    const exported = await exportPersonData(db, setup.person.id);
    expect(exported.participations).toEqual([
      expect.objectContaining({
        sessionId: setup.sessionId,
        name: setup.secrets.pseudonym,
        cards: expect.arrayContaining([
          expect.objectContaining({ text: setup.secrets.phoneCard }),
          expect.objectContaining({ text: setup.secrets.canvasCard }),
          expect.objectContaining({ text: setup.secrets.anonymousCard }),
        ]),
      }),
    ]);
    expect(exported.participations[0].cards).toHaveLength(3);
    expect(exported.registrations.map((registration) => registration.id).sort()).toEqual([setup.registration.id, setup.bySms.id].sort());
    expect(exported.messages.map((message) => message.subject)).toContain(`Invitation pour ${setup.secrets.name}`);
    expect(exported.messages.map((message) => message.body)).not.toContain("Bonjour Bilal");
  });

  it("a live board: her cards leave every screen and the stored board; nothing in the database names her; counts stay", async () => {
    const setup = await personWhoWrote();
    const participantsBefore = await db.participant.count({ where: { sessionId: setup.sessionId } });
    const now = new Date();

    const counts = await erasePerson({ db, boards: server.registry }, setup.person.id, now);

    expect(counts).toMatchObject({
      person: 1,
      participations: 1,
      boardRecords: 3,
      registrations: 2,
      outboxMessages: 2,
      documents: 1,
      documentShares: 2,
      grants: 1,
      diagnosticEntries: 1,
      readTraces: 1,
    });
    expect(await db.documentShare.count({ where: { personId: setup.person.id } })).toBe(0);
    expect(await db.documentShareOpen.count({ where: { personId: setup.person.id } })).toBe(0);
    await until(setup.watcher.doc, () => ![...boardRecords(setup.watcher.doc).keys()].some((id) => id.includes(`carte-${setup.tag}`)));
    const texts = [...boardRecords(setup.watcher.doc).values()].map((record) => JSON.stringify(record)).join("\n");
    expect(texts).not.toContain(setup.secrets.phoneCard);
    expect(texts).toContain("Je sais cuisiner pour dix");
    expect(noteText(setup.watcher.doc, `accueil-${setup.tag}`)).toBe("Bienvenue à toutes et à tous");

    expect(await findSecrets(setup.secrets)).toEqual([]);
    // The server-only ledger of the anonymous step no longer says she wrote anything.
    const board = await db.board.findUniqueOrThrow({ where: { sessionId: setup.sessionId }, select: { id: true } });
    expect(await db.hiddenAuthorship.count({ where: { boardId: board.id } })).toBe(0);
    // What stays is a count: the participation (no name, no token that opens anything), the registrations' status and attendance.
    expect(await db.participant.count({ where: { sessionId: setup.sessionId } })).toBe(participantsBefore);
    expect(await db.participant.findUniqueOrThrow({ where: { id: setup.her.id } })).toMatchObject({
      displayName: ANONYMOUS_NAME,
      personId: null,
      revokedAt: now,
    });
    expect(await db.registration.findUniqueOrThrow({ where: { id: setup.registration.id } })).toMatchObject({
      name: ANONYMOUS_NAME,
      email: null,
      phone: null,
      token: null,
      status: "registered",
      attendance: "present",
    });
    expect(await db.registration.findUniqueOrThrow({ where: { id: setup.someoneElse.id } })).toMatchObject({ name: "Bilal Kaci" });
    expect(await db.outboxMessage.count({ where: { registrationId: setup.someoneElse.id } })).toBe(1);
    expect(await db.readTrace.count({ where: { structureId: setup.structure.id, what: "person.page" } })).toBe(1);
  });

  it("a stored board no server holds in memory: her cards leave its snapshot and log", async () => {
    const setup = await personWhoWrote();
    for (const client of open.splice(0)) client.destroy();
    // Another registry, as after a restart: the board exists only as stored.
    const store = openBoardStore(db, database.url);
    const registry = new RoomRegistry(store, {}, () => undefined);
    try {
      expect(registry.loadedRooms).toBe(0);
      const counts = await erasePerson({ db, boards: registry }, setup.person.id, new Date());
      expect(counts.boardRecords).toBe(3);
      expect(registry.loadedRooms).toBe(0);
    } finally {
      await registry.close();
      await store.close();
    }
    expect(await findSecrets(setup.secrets)).toEqual([]);
    const stored = await createPrismaBoardStore(db).load(setup.sessionId);
    const doc = new Y.Doc();
    for (const update of [stored!.snapshot, ...stored!.updates]) if (update) Y.applyUpdate(doc, update);
    expect(noteText(doc, `accueil-${setup.tag}`)).toBe("Bienvenue à toutes et à tous");
    expect(JSON.stringify(doc.toJSON())).toContain("Je sais cuisiner pour dix");
  });

  it("refuses to start without the boards when she wrote on one, and touches nothing then", async () => {
    const setup = await personWhoWrote();
    await expect(erasePerson({ db }, setup.person.id, new Date())).rejects.toBeInstanceOf(ErasureNeedsBoardsError);
    expect(await db.person.count({ where: { id: setup.person.id } })).toBe(1);
    expect(await db.registration.findUniqueOrThrow({ where: { id: setup.registration.id } })).toMatchObject({ name: setup.secrets.name });
  });

  it("a person already erased: nothing to do, counts are zero", async () => {
    expect(await erasePerson({ db }, "no-such-person", new Date())).toMatchObject({ person: 0, boardRecords: 0 });
  });

  it("a phone two people share (a family's phone) exports and erases neither one's registrations or messages", async () => {
    const setup = await createFacilitatorWithSession(db);
    const tag = `p${Date.now().toString(36)}`;
    const awa = await db.person.create({ data: { structureId: setup.structure.id, displayName: `Awa ${tag}`, phone: "06 98 76 54 32" } });
    await db.person.create({ data: { structureId: setup.structure.id, displayName: `Moussa ${tag}`, phone: "+33 6 98 76 54 32" } });
    const his = await db.registration.create({ data: { sessionId: setup.sessionId, name: `Moussa ${tag}`, phone: "0698765432" } });
    const preview = await erasurePreview(db, awa.id);
    expect(preview?.removed.registrations).toBe(0);
    await erasePerson({ db }, awa.id, new Date());
    expect(await db.registration.findUniqueOrThrow({ where: { id: his.id } })).toMatchObject({
      name: `Moussa ${tag}`,
      phone: "0698765432",
    });
  });

  it("a phone is matched in the forms people write it, and only those", () => {
    expect(phoneVariants("06 12 34 56 78")).toEqual(expect.arrayContaining(["0612345678", "+33612345678", "06 12 34 56 78"]));
    expect(phoneVariants("+33 6 12 34 56 78")).toEqual(expect.arrayContaining(["0612345678", "+33612345678"]));
    expect(phoneVariants("06 12 34 56 78")).not.toContain("0612345679");
    expect(phoneVariants(null)).toEqual([]);
  });
});

describe("a person's erasure reaches her ways in (issue 17)", () => {
  it("deletes her passkeys, her pending passkey challenges, her sign-in links and her sessions; nobody else's", async () => {
    const rp = relyingParty(new Request("https://atelier.exemple.fr/"), null);
    const { structure } = await createFacilitatorWithSession(db);
    const [her, other] = await Promise.all(
      ["Awa", "Ben"].map((displayName) => db.person.create({ data: { structureId: structure.id, displayName } })),
    );
    for (const person of [her, other]) {
      const authenticator = new FakeAuthenticator(rp.id, rp.origin);
      const first = await passkeyRegistrationOptions(db, new Request(rp.origin), rp, person);
      const cookie = first.cookie.split(";")[0];
      await registerPasskey(
        db,
        new Request(rp.origin, { headers: { Cookie: cookie } }),
        rp,
        person.id,
        authenticator.register(first.options.challenge),
        "mon téléphone",
      );
      // A registration she started and never finished: a challenge row that names her.
      await passkeyRegistrationOptions(db, new Request(rp.origin), rp, person);
      await signInPerson(db, new Request(rp.origin), person.id, "passkey");
      await db.personSignInCode.create({
        data: { personId: person.id, kind: "link", codeHash: `hash-${person.id}`, expiresAt: new Date(Date.now() + 60_000) },
      });
    }
    const hers = { personId: her.id };
    expect(await db.personPasskey.count({ where: hers })).toBe(1);
    expect(await db.webAuthnChallenge.count({ where: hers })).toBe(1);
    const result = await erasePerson({ db }, her.id, new Date());
    expect(result.personAccess).toBe(3);
    expect(await db.personPasskey.count({ where: hers })).toBe(0);
    expect(await db.webAuthnChallenge.count({ where: hers })).toBe(0);
    expect(await db.personSession.count({ where: hers })).toBe(0);
    expect(await db.personSignInCode.count({ where: hers })).toBe(0);
    const his = { personId: other.id };
    expect([
      await db.personPasskey.count({ where: his }),
      await db.webAuthnChallenge.count({ where: his }),
      await db.personSession.count({ where: his }),
    ]).toEqual([1, 1, 1]);
  });
});

describe("a person's erasure reaches her badges (issue 17.3)", () => {
  it("deletes her awards, proposed and issued, and their documents; the credential she kept no longer verifies as recognised", async () => {
    const issuing = { origin: "https://atelier.exemple.fr", secret: () => Promise.resolve("secret de test des badges") };
    const setup = await createFacilitatorWithSession(db);
    const [her, other] = await Promise.all(
      ["Awa Badge", "Ben Badge"].map((displayName) => db.person.create({ data: { structureId: setup.structure.id, displayName } })),
    );
    const [first, second] = await awardableBadges(db, setup.structure.id);
    for (const person of [her, other]) {
      const cookie = await participantCookie(db, setup.sessionId, person.displayName);
      const participant = (await findParticipant(db, cookie, setup.sessionId))!;
      await db.participant.update({ where: { id: participant.id }, data: { personId: person.id } });
      for (const badge of [first!, second!]) {
        expect(await awardBadge(db, setup.user.id, setup.sessionId, { participantId: participant.id, badgeClassId: badge.id })).toBe("ok");
      }
      const issued = await db.badgeAward.findFirstOrThrow({ where: { personId: person.id, badgeClassId: first!.id } });
      expect(await acceptBadge(db, issuing, person.id, issued.id)).not.toBeNull();
    }
    const kept = await db.badgeAward.findFirstOrThrow({ where: { personId: her.id, status: "accepted" } });
    const herFile = kept.credential!;
    expect(await verifyCredentialText(db, issuing.origin, herFile)).toMatchObject({ valid: true });

    await erasePerson({ db, boards: server.registry }, her.id, new Date());
    expect(await db.badgeAward.count({ where: { personId: her.id } })).toBe(0);
    expect(await db.personDocument.count({ where: { badgeAwardId: kept.id } })).toBe(0);
    expect(await db.personDocument.count({ where: { personId: her.id } })).toBe(0);
    // Nothing stored names her any more, not even inside a signed credential.
    expect((await everyStoredValue()).some((value) => value.includes("Awa Badge"))).toBe(false);
    // The file she downloaded is still signed, but the structure no longer knows it.
    expect(await verifyCredentialText(db, issuing.origin, herFile)).toMatchObject({ valid: false, problem: "withdrawn" });
    // His stay.
    expect(await db.badgeAward.count({ where: { personId: other.id } })).toBe(2);
    expect(await db.personDocument.count({ where: { personId: other.id, kind: "badge" } })).toBe(1);
  });
});
