import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInPerson } from "../app/auth/auth.server.js";
import { professionalViewer } from "../app/diagnostic/access.server.js";
import { addEntry } from "../app/diagnostic/diagnostic.server.js";
import { grantAccess, revokeGrant } from "../app/diagnostic/grants.server.js";
import {
  createFacilitatorWithSession,
  createTestDatabase,
  professionalCookie,
  participantCookie,
  type TestDatabase,
} from "./support/fixtures.js";
import { freePort, startServerProcess, stopGracefully, type ServerProcess } from "./support/server-process.js";

// Every route and action that touches a diagnostic, asked over HTTP by every kind of visitor, with
// the ids of Awa's records guessed in the URL or the form. "ok" = 200; "hidden" = 404 (a diagnostic
// one may not see does not exist); "sign in" = redirected to a sign-in page.
type Answer = "ok" | "hidden" | "sign in";
type Role =
  | "referent professional"
  | "other structure, no grant"
  | "other structure, active grant"
  | "other structure, expired grant"
  | "other structure, revoked grant"
  | "Awa herself"
  | "another person"
  | "participant without account";

const SECRET = "Logement : hébergée chez sa sœur";

describe("the diagnostic's routes answer each visitor exactly as the access rules say", () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let base: string;
  const cookies = new Map<Role, string>();
  let awa: { personId: string; documentId: string; outcomeId: string; grantId: string };

  beforeAll(async () => {
    database = await createTestDatabase();
    const { db } = database;
    const referent = await createFacilitatorWithSession(db);
    const personId = (await db.person.create({ data: { structureId: referent.structure.id, displayName: "Awa" } })).id;
    const otherPersonId = (await db.person.create({ data: { structureId: referent.structure.id, displayName: "Bilal" } })).id;
    await addEntry(db, await professionalViewer(db, referent.user.id), personId, { dimension: "housing", kind: "obstacle", text: SECRET });
    const documentId = (
      await db.personDocument.create({
        data: {
          personId,
          kind: "cv",
          title: "CV d'Awa",
          fileName: "cv.pdf",
          mimeType: "application/pdf",
          size: 4,
          content: new Uint8Array([37, 80, 68, 70]),
        },
      })
    ).id;
    const outcomeId = (
      await db.outcome.create({
        data: {
          sessionId: referent.sessionId,
          personId,
          kind: "need",
          dimension: "housing",
          cardId: "shape:x",
          cardText: "Un toit",
          proposedById: referent.user.id,
        },
      })
    ).id;
    cookies.set("referent professional", await professionalCookie(db, referent.user.id));
    const tomorrow = new Date(Date.now() + 86_400_000);
    let grantId = "";
    for (const role of [
      "other structure, no grant",
      "other structure, active grant",
      "other structure, expired grant",
      "other structure, revoked grant",
    ] as const) {
      const pro = await createFacilitatorWithSession(db);
      cookies.set(role, await professionalCookie(db, pro.user.id));
      const structureId = pro.structure.id;
      if (role === "other structure, active grant")
        grantId = (await grantAccess(db, personId, { structureId, dimensions: [], until: tomorrow })).id;
      if (role === "other structure, expired grant")
        await db.consentGrant.create({ data: { personId, structureId, expiresAt: new Date(Date.now() - 1000) } });
      if (role === "other structure, revoked grant") {
        await revokeGrant(db, personId, (await grantAccess(db, personId, { structureId, dimensions: [], until: tomorrow })).id);
      }
    }
    const request = new Request("http://localhost/");
    cookies.set("Awa herself", (await signInPerson(db, request, personId)).split(";")[0]);
    cookies.set("another person", (await signInPerson(db, request, otherPersonId)).split(";")[0]);
    cookies.set("participant without account", await participantCookie(db, referent.sessionId, "Awa"));
    awa = { personId, documentId, outcomeId, grantId };

    const port = await freePort();
    server = await startServerProcess({ DATABASE_URL: database.url, PORT: String(port) });
    base = `http://localhost:${port}`;
  });

  afterAll(async () => {
    if (server) await stopGracefully(server);
    await database?.cleanup();
  });

  async function ask(role: Role, path: string, form?: Record<string, string>): Promise<{ answer: Answer; body: string }> {
    const response = await fetch(`${base}${path}`, {
      method: form ? "POST" : "GET",
      redirect: "manual",
      headers: { Cookie: cookies.get(role)!, ...(form ? { "Content-Type": "application/x-www-form-urlencoded", Origin: base } : {}) },
      body: form ? new URLSearchParams(form) : undefined,
    });
    const body = await response.text();
    if (response.status === 200) return { answer: "ok", body };
    if (response.status === 404) return { answer: "hidden", body };
    if ([302, 303].includes(response.status) && /\/(login|espace\/connexion)/.test(response.headers.get("Location") ?? "")) {
      return { answer: "sign in", body };
    }
    throw new Error(`${role} ${path}: unexpected ${response.status}`);
  }

  const professionalPages = (personId: string) => [`/people/${personId}`, `/people/${personId}/history`];

  const EXPECTED: Record<Role, { diagnostic: Answer; history: Answer; addEntry: Answer; ownSpace: Answer; awasDocument: Answer }> = {
    "referent professional": { diagnostic: "ok", history: "ok", addEntry: "ok", ownSpace: "sign in", awasDocument: "sign in" },
    "other structure, no grant": {
      diagnostic: "hidden",
      history: "hidden",
      addEntry: "hidden",
      ownSpace: "sign in",
      awasDocument: "sign in",
    },
    "other structure, active grant": {
      diagnostic: "ok",
      history: "hidden",
      addEntry: "hidden",
      ownSpace: "sign in",
      awasDocument: "sign in",
    },
    "other structure, expired grant": {
      diagnostic: "hidden",
      history: "hidden",
      addEntry: "hidden",
      ownSpace: "sign in",
      awasDocument: "sign in",
    },
    "other structure, revoked grant": {
      diagnostic: "hidden",
      history: "hidden",
      addEntry: "hidden",
      ownSpace: "sign in",
      awasDocument: "sign in",
    },
    "Awa herself": { diagnostic: "sign in", history: "sign in", addEntry: "sign in", ownSpace: "ok", awasDocument: "ok" },
    "another person": { diagnostic: "sign in", history: "sign in", addEntry: "sign in", ownSpace: "ok", awasDocument: "hidden" },
    "participant without account": {
      diagnostic: "sign in",
      history: "sign in",
      addEntry: "sign in",
      ownSpace: "sign in",
      awasDocument: "sign in",
    },
  };

  for (const role of Object.keys(EXPECTED) as Role[]) {
    it(`${role}`, async () => {
      const expected = EXPECTED[role];
      const [diagnosticPage, historyPage] = professionalPages(awa.personId);
      const diagnostic = await ask(role, diagnosticPage);
      expect(diagnostic.answer).toBe(expected.diagnostic);
      expect(diagnostic.body.includes(SECRET)).toBe(expected.diagnostic === "ok");
      expect((await ask(role, historyPage)).answer).toBe(expected.history);
      const before = await database.db.diagnosticEntry.count();
      const added = await ask(role, `${diagnosticPage}?index`, { intent: "add", dimension: "health", kind: "note", text: `par ${role}` });
      expect(added.answer).toBe(expected.addEntry);
      expect(await database.db.diagnosticEntry.count()).toBe(before + (expected.addEntry === "ok" ? 1 : 0));

      // The personal space only ever shows the signed-in person's own diagnostic.
      for (const path of ["/espace", "/espace/historique", "/espace/journal", "/espace/export", "/espace/export.json"]) {
        const own = await ask(role, path);
        expect(own.answer, path).toBe(expected.ownSpace);
        // The journal lists reads and changes, never content.
        expect(own.body.includes(SECRET), path).toBe(role === "Awa herself" && path !== "/espace/journal");
      }
      // Only those who may see her diagnostic find her in the list of people, and only the referent may give her a code.
      const people = await ask(role, "/people");
      if (people.answer === "ok") expect(people.body.includes(`/people/${awa.personId}`)).toBe(expected.diagnostic === "ok");
      const code = await ask(role, `${diagnosticPage}?index`, { intent: "code" });
      expect(code.answer).toBe(expected.addEntry);
      // Guessing the id of Awa's document, proposal or grant.
      expect((await ask(role, `/espace/documents/${awa.documentId}`)).answer).toBe(expected.awasDocument);
      if (role !== "Awa herself") {
        const removed = await ask(role, "/espace/documents", { intent: "delete", documentId: awa.documentId });
        expect(removed.answer).toBe(expected.ownSpace === "ok" ? "hidden" : "sign in");
      }
      if (role !== "Awa herself") {
        const decline = await ask(role, "/espace?index", { intent: "decline", outcomeId: awa.outcomeId });
        expect(decline.answer).toBe(expected.ownSpace === "ok" ? "hidden" : "sign in");
        const revoke = await ask(role, "/espace/partage", { intent: "revoke", grantId: awa.grantId });
        expect(revoke.answer).toBe(expected.ownSpace === "ok" ? "hidden" : "sign in");
      }
    });
  }

  it("after all that, Awa's proposal, grant and document are untouched", async () => {
    expect(await database.db.personDocument.count({ where: { id: awa.documentId } })).toBe(1);
    expect(await database.db.outcome.count({ where: { id: awa.outcomeId, status: "proposed" } })).toBe(1);
    expect(await database.db.consentGrant.count({ where: { id: awa.grantId, revokedAt: null } })).toBe(1);
  });
});
