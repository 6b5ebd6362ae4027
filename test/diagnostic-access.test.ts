import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { professionalViewer, type DiagnosticViewer } from "../app/diagnostic/access.server.js";
import {
  addEntry,
  diagnosticHistory,
  DiagnosticNotFound,
  readDiagnostic,
  setSummary,
  updateEntry,
} from "../app/diagnostic/diagnostic.server.js";
import { grantAccess, revokeGrant } from "../app/diagnostic/grants.server.js";
import { createSignInCode, redeemSignInCode } from "../app/diagnostic/sign-in-codes.server.js";
import { createFacilitatorWithSession, createTestDatabase, type TestDatabase } from "./support/fixtures.js";

type Role =
  | "referent professional"
  | "other structure, no grant"
  | "other structure, active grant"
  | "other structure, grant on mobility only"
  | "other structure, expired grant"
  | "other structure, revoked grant"
  | "the person"
  | "another person";

const ROLES: Role[] = [
  "referent professional",
  "other structure, no grant",
  "other structure, active grant",
  "other structure, grant on mobility only",
  "other structure, expired grant",
  "other structure, revoked grant",
  "the person",
  "another person",
];

/** What each role may do with the person's diagnostic, exactly as issue 5 says. */
const EXPECTED: Record<Role, { read: boolean; write: boolean; history: boolean; signInCode: boolean }> = {
  "referent professional": { read: true, write: true, history: true, signInCode: true },
  "other structure, no grant": { read: false, write: false, history: false, signInCode: false },
  "other structure, active grant": { read: true, write: false, history: false, signInCode: false },
  "other structure, grant on mobility only": { read: true, write: false, history: false, signInCode: false },
  "other structure, expired grant": { read: false, write: false, history: false, signInCode: false },
  "other structure, revoked grant": { read: false, write: false, history: false, signInCode: false },
  "the person": { read: true, write: true, history: true, signInCode: false },
  "another person": { read: false, write: false, history: false, signInCode: false },
};

describe("who may see and change a person's diagnostic", () => {
  let database: TestDatabase;
  let personId: string;
  let entryId: string;
  const viewers = new Map<Role, DiagnosticViewer>();
  const professionalIds = new Map<Role, string>();

  beforeAll(async () => {
    database = await createTestDatabase();
    const { db } = database;
    const referent = await createFacilitatorWithSession(db);
    const person = await db.person.create({ data: { structureId: referent.structure.id, displayName: "Awa" } });
    const other = await db.person.create({ data: { structureId: referent.structure.id, displayName: "Bilal" } });
    personId = person.id;
    viewers.set("referent professional", await professionalViewer(db, referent.user.id));
    professionalIds.set("referent professional", referent.user.id);
    viewers.set("the person", { kind: "person", personId });
    viewers.set("another person", { kind: "person", personId: other.id });

    const tomorrow = new Date(Date.now() + 86_400_000);
    for (const role of ROLES.filter((candidate) => candidate.startsWith("other structure"))) {
      const pro = await createFacilitatorWithSession(db);
      viewers.set(role, await professionalViewer(db, pro.user.id));
      professionalIds.set(role, pro.user.id);
      const structureId = pro.structure.id;
      if (role === "other structure, active grant") await grantAccess(db, personId, { structureId, dimensions: [], until: tomorrow });
      if (role === "other structure, grant on mobility only") {
        await grantAccess(db, personId, { structureId, dimensions: ["mobility"], until: tomorrow });
      }
      if (role === "other structure, expired grant") {
        await db.consentGrant.create({ data: { personId, structureId, expiresAt: new Date(Date.now() - 1000) } });
      }
      if (role === "other structure, revoked grant") {
        const grant = await grantAccess(db, personId, { structureId, dimensions: [], until: tomorrow });
        expect(await revokeGrant(db, personId, grant.id)).toBe(true);
      }
    }
    const referentViewer = viewers.get("referent professional")!;
    entryId = (await addEntry(db, referentViewer, personId, { dimension: "skills", kind: "strength", text: "Sait accueillir le public" }))
      .id;
    await addEntry(db, referentViewer, personId, { dimension: "mobility", kind: "obstacle", text: "Pas de permis" });
    await setSummary(db, referentViewer, personId, "Reprendre confiance, passer le permis");
  });

  afterAll(() => database?.cleanup());

  const allowed = async (run: () => Promise<unknown>) => {
    try {
      await run();
      return true;
    } catch (error) {
      if (error instanceof DiagnosticNotFound) return false;
      throw error;
    }
  };

  for (const role of ROLES) {
    it(`${role}: read ${EXPECTED[role].read ? "allowed" : "refused"}, write ${EXPECTED[role].write ? "allowed" : "refused"}`, async () => {
      const { db } = database;
      const viewer = viewers.get(role)!;
      expect(await allowed(() => readDiagnostic(db, viewer, personId))).toBe(EXPECTED[role].read);
      expect(await allowed(() => addEntry(db, viewer, personId, { dimension: "health", kind: "note", text: `écrit par ${role}` }))).toBe(
        EXPECTED[role].write,
      );
      expect(await allowed(() => updateEntry(db, viewer, personId, entryId, { personWords: "mes mots" }))).toBe(EXPECTED[role].write);
      expect(await allowed(() => setSummary(db, viewer, personId, `résumé par ${role}`))).toBe(EXPECTED[role].write);
      expect(await allowed(() => diagnosticHistory(db, viewer, personId))).toBe(EXPECTED[role].history);
      expect(await allowed(() => createSignInCode(db, viewer, personId))).toBe(EXPECTED[role].signInCode);
    });
  }

  it("a grant on one dimension shows that dimension only, and not the summary", async () => {
    const seen = await readDiagnostic(database.db, viewers.get("other structure, grant on mobility only")!, personId);
    expect(seen.entries.map((entry) => entry.text)).toEqual(["Pas de permis"]);
    expect(seen.summary).toBeNull();
    expect(seen.basis).toBe("grant");
  });

  it("strengths come first", async () => {
    const seen = await readDiagnostic(database.db, viewers.get("the person")!, personId);
    expect(seen.entries[0]).toMatchObject({ kind: "strength", text: "Sait accueillir le public" });
  });

  it("every professional read and change is in the audit log, the person's own are not", async () => {
    const { db } = database;
    const before = await db.diagnosticAudit.count({ where: { personId } });
    await readDiagnostic(db, viewers.get("other structure, active grant")!, personId);
    await readDiagnostic(db, viewers.get("the person")!, personId);
    const events = await db.diagnosticAudit.findMany({ where: { personId }, orderBy: { createdAt: "asc" } });
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({ action: "read", part: "all", actorUserId: professionalIds.get("other structure, active grant") });
    expect(events.some((event) => event.action === "write" && event.actorUserId === professionalIds.get("referent professional"))).toBe(
      true,
    );
  });

  it("every change is kept as a version with who made it", async () => {
    const history = await diagnosticHistory(database.db, viewers.get("the person")!, personId);
    expect(history.some((version) => version.action === "update" && version.byPerson)).toBe(true);
    expect(
      history.some((version) => version.action === "create" && version.actorUserId === professionalIds.get("referent professional")),
    ).toBe(true);
  });

  it("revoking a grant takes effect at once", async () => {
    const { db } = database;
    const pro = await createFacilitatorWithSession(db);
    const viewer = await professionalViewer(db, pro.user.id);
    const grant = await grantAccess(db, personId, {
      structureId: pro.structure.id,
      dimensions: [],
      until: new Date(Date.now() + 86_400_000),
    });
    expect(await allowed(() => readDiagnostic(db, viewer, personId))).toBe(true);
    await revokeGrant(db, personId, grant.id);
    expect(await allowed(() => readDiagnostic(db, viewer, personId))).toBe(false);
    // Someone else cannot revoke (or learn of) the person's grants.
    expect(await revokeGrant(db, "someone-else", grant.id)).toBe(false);
  });

  it("a one-time code opens the personal space once, and never after it expires", async () => {
    const { db } = database;
    const { code } = await createSignInCode(db, viewers.get("referent professional")!, personId);
    expect(await redeemSignInCode(db, code.toLowerCase())).toBe(personId);
    expect(await redeemSignInCode(db, code)).toBeNull();
    const { code: late } = await createSignInCode(db, viewers.get("referent professional")!, personId);
    await db.personSignInCode.updateMany({ where: { personId, usedAt: null }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await redeemSignInCode(db, late)).toBeNull();
    expect(await redeemSignInCode(db, "")).toBeNull();
  });
});
