import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueParticipantToken, signInPerson } from "../app/auth/auth.server.js";
import { diagnosticScope, professionalViewer } from "../app/diagnostic/access.server.js";
import { addEntry, readDiagnostic } from "../app/diagnostic/diagnostic.server.js";
import { addDocument, MAX_DOCUMENT_BYTES, parseDocumentUpload } from "../app/diagnostic/documents.server.js";
import { grantAccess, revokeGrant } from "../app/diagnostic/grants.server.js";
import {
  acceptOutcome,
  declineOutcome,
  linkParticipant,
  listProposals,
  proposeOutcome,
  sessionOutcomeReport,
} from "../app/diagnostic/outcomes.server.js";
import { createSignInCode } from "../app/diagnostic/sign-in-codes.server.js";
import { erasePerson } from "../app/privacy/erase-person.server.js";
import { loader as downloadDocument } from "../app/routes/espace.documents.$documentId.js";
import type { Db } from "../prisma/db.js";
import { createFacilitatorWithSession, createTestDatabase, type TestDatabase } from "./support/fixtures.js";

const PDF = new TextEncoder().encode("%PDF-1.4\n% un petit PDF de test\n%%EOF\n");
let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database?.cleanup());

/** A structure, its facilitator, a session, and a person it accompanies who took part in the session. */
async function personInWorkshop(name = "Awa") {
  const { structure, user, sessionId } = await createFacilitatorWithSession(db);
  const person = await db.person.create({ data: { structureId: structure.id, displayName: name } });
  await issueParticipantToken(db, new Request("http://localhost/"), sessionId, name);
  const participant = await db.participant.findFirstOrThrow({ where: { sessionId }, orderBy: { createdAt: "desc" } });
  expect(await linkParticipant(db, user.id, sessionId, participant.id, person.id)).toBe(true);
  const propose = (cardId: string, cardText: string) =>
    proposeOutcome(db, user.id, sessionId, { participantId: participant.id, cardId, cardText, kind: "strength", dimension: "skills" });
  return { structure, user, sessionId, person, participant, propose };
}

async function personCookie(personId: string): Promise<string> {
  return (await signInPerson(db, new Request("http://localhost/"), personId)).split(";")[0];
}

function uploadRequest(fields: Record<string, string>, file?: { bytes: Uint8Array<ArrayBuffer>; name: string; type: string }) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  if (file) form.append("file", new File([file.bytes], file.name, { type: file.type }));
  return new Request("http://localhost/espace/documents", { method: "POST", body: form });
}

describe("the person decides what a workshop adds to their diagnostic", () => {
  it("accepting a proposal creates an entry that says which workshop it comes from", async () => {
    const { person, propose } = await personInWorkshop();
    const proposal = await propose("shape:card-1", "Je sais écouter les autres");
    const entry = await acceptOutcome(db, person.id, proposal!.id);
    expect(entry?.text).toBe("Je sais écouter les autres");
    const diagnostic = await readDiagnostic(db, { kind: "person", personId: person.id }, person.id);
    expect(diagnostic.entries).toHaveLength(1);
    expect(diagnostic.entries[0].kind).toBe("strength");
    expect(diagnostic.entries[0].provenance).toMatchObject({ sessionTitle: "Atelier de test", cardText: "Je sais écouter les autres" });
    expect(await listProposals(db, person.id)).toHaveLength(0);
  });

  it("declining a proposal keeps nothing against the person: only an anonymous count for the indicators", async () => {
    const { person, propose } = await personInWorkshop();
    const proposal = await propose("shape:card-2", "Besoin d'un vélo");
    expect(await declineOutcome(db, person.id, proposal!.id)).toBe(true);
    expect(await db.outcome.count({ where: { personId: person.id } })).toBe(0);
    const kept = await db.outcome.findUniqueOrThrow({ where: { id: proposal!.id } });
    expect(kept).toMatchObject({ status: "declined", personId: null, cardText: "", entryId: null });
    expect(kept.cardId).not.toBe("shape:card-2");
    expect(JSON.stringify(kept)).not.toContain("vélo");
    expect(await listProposals(db, person.id)).toHaveLength(0);
    expect(await declineOutcome(db, person.id, proposal!.id)).toBe(false);
    expect((await readDiagnostic(db, { kind: "person", personId: person.id }, person.id)).entries).toHaveLength(0);
  });

  it("nobody can accept or decline someone else's proposal", async () => {
    const awa = await personInWorkshop("Awa");
    const other = await personInWorkshop("Bilal");
    const proposal = await awa.propose("shape:card-3", "Ponctuelle");
    expect(await acceptOutcome(db, other.person.id, proposal!.id)).toBeNull();
    expect(await declineOutcome(db, other.person.id, proposal!.id)).toBe(false);
    expect(await db.outcome.count({ where: { id: proposal!.id, status: "proposed" } })).toBe(1);
  });
});

describe("documents in the personal space", () => {
  it("a person downloads their own file, as an attachment, and gets 404 for someone else's", async () => {
    const awa = await personInWorkshop("Awa");
    const bilal = await personInWorkshop("Bilal");
    const upload = await parseDocumentUpload(
      uploadRequest({ kind: "cv", title: "Mon CV" }, { bytes: PDF, name: "cv.pdf", type: "application/pdf" }),
    );
    expect(await addDocument(db, awa.person.id, upload.values, upload.file, upload.tooBig)).toEqual({ ok: true });
    const document = await db.personDocument.findFirstOrThrow({ where: { personId: awa.person.id } });
    const download = (cookie: string) =>
      downloadDocument({
        request: new Request(`http://localhost/espace/documents/${document.id}`, { headers: { Cookie: cookie } }),
        params: { documentId: document.id },
        context: { db } as AppLoadContext,
      });

    const own = await download(await personCookie(awa.person.id));
    expect(own.status).toBe(200);
    expect(own.headers.get("Content-Disposition")).toMatch(/^attachment; filename="cv.pdf"/);
    expect(own.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(new Uint8Array(await own.arrayBuffer())).toEqual(PDF);

    const refused = await download(await personCookie(bilal.person.id)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(404);
  });

  it("a file over 5 MB is refused without losing what was typed", async () => {
    const { person } = await personInWorkshop();
    const big = new Uint8Array(MAX_DOCUMENT_BYTES + 1);
    big.set(PDF);
    const upload = await parseDocumentUpload(
      uploadRequest({ kind: "certificate", title: "Mon attestation" }, { bytes: big, name: "gros.pdf", type: "application/pdf" }),
    );
    expect(upload.tooBig).toBe(true);
    expect(upload.values).toMatchObject({ kind: "certificate", title: "Mon attestation" });
    const result = await addDocument(db, person.id, upload.values, upload.file, upload.tooBig);
    expect(result).toEqual({ ok: false, errors: { file: "espace.documents.error.tooBig" } });
    expect(await db.personDocument.count({ where: { personId: person.id } })).toBe(0);
  });

  it("a file of another type, or one that only pretends to be a PDF, is refused", async () => {
    const { person } = await personInWorkshop();
    const html = new TextEncoder().encode("<html><script>alert(1)</script></html>");
    for (const file of [
      { bytes: html, name: "page.html", type: "text/html" },
      { bytes: html, name: "faux.pdf", type: "application/pdf" },
      { bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0x00]), name: "programme.exe", type: "application/octet-stream" },
    ]) {
      const upload = await parseDocumentUpload(uploadRequest({ kind: "other", title: "Essai" }, file));
      expect(await addDocument(db, person.id, upload.values, upload.file), file.name).toEqual({
        ok: false,
        errors: { file: "espace.documents.error.type" },
      });
    }
    expect(await addDocument(db, person.id, { kind: "badge", title: "Badge", url: "http://exemple.fr/badge" }, null)).toMatchObject({
      ok: false,
      errors: { url: "espace.documents.error.url" },
    });
    expect(await db.personDocument.count({ where: { personId: person.id } })).toBe(0);
  });
});

describe("erasure", () => {
  it("leaves no row with the person's id, and the session still counts the accepted outcome, anonymously", async () => {
    const { structure, user, sessionId, person, participant, propose } = await personInWorkshop();
    const viewer = await professionalViewer(db, user.id);
    await addEntry(db, viewer, person.id, { dimension: "mobility", kind: "obstacle", text: "Pas de permis" });
    await acceptOutcome(db, person.id, (await propose("shape:accepted", "Je sais cuisiner"))!.id);
    await propose("shape:open", "Besoin d'un ordinateur");
    const other = await db.structure.create({ data: { name: "Mission locale" } });
    await grantAccess(db, person.id, { structureId: other.id, dimensions: [], until: new Date(Date.now() + 86_400_000) });
    await readDiagnostic(db, viewer, person.id); // an audit row
    await createSignInCode(db, viewer, person.id);
    await personCookie(person.id);
    await addDocument(db, person.id, { kind: "cv", title: "CV", url: "https://exemple.fr/cv" }, null);

    // The participation wrote nothing on its board here: test/erasure.test.ts erases cards from real boards.
    await erasePerson({ db, boards: { disconnectPerson: () => 0, eraseAuthor: async () => 0 } }, person.id, new Date());

    const where = { personId: person.id };
    expect(await db.person.count({ where: { id: person.id } })).toBe(0);
    expect(await db.diagnostic.count({ where })).toBe(0);
    expect(await db.diagnosticEntry.count({ where: { diagnostic: where } })).toBe(0);
    expect(await db.personDocument.count({ where })).toBe(0);
    expect(await db.consentGrant.count({ where })).toBe(0);
    expect(await db.diagnosticAudit.count({ where })).toBe(0);
    expect(await db.personSignInCode.count({ where })).toBe(0);
    expect(await db.personSession.count({ where })).toBe(0);
    expect(await db.outcome.count({ where })).toBe(0);
    expect(await db.participant.count({ where })).toBe(0);
    expect(await db.participant.count({ where: { id: participant.id } })).toBe(1);

    const report = await sessionOutcomeReport(db, user.id, sessionId);
    expect(report?.get("shape:accepted")).toEqual({ proposed: 0, accepted: 1 });
    expect(report?.has("shape:open")).toBe(false);
    const anonymous = await db.outcome.findFirstOrThrow({ where: { sessionId, cardId: "shape:accepted" } });
    expect(anonymous).toMatchObject({ personId: null, cardText: "", entryId: null });
    expect(await db.structure.count({ where: { id: structure.id } })).toBe(1);
  });
});

describe("sharing", () => {
  it("revoking a grant closes the structure's access at once", async () => {
    const { person } = await personInWorkshop();
    const other = await createFacilitatorWithSession(db);
    const viewer = await professionalViewer(db, other.user.id);
    expect((await diagnosticScope(db, viewer, person.id)).kind).toBe("none");
    const grant = await grantAccess(db, person.id, {
      structureId: other.structure.id,
      dimensions: ["skills"],
      until: new Date(Date.now() + 86_400_000),
    });
    const scope = await diagnosticScope(db, viewer, person.id);
    expect(scope.kind === "granted" && [...scope.dimensions]).toEqual(["skills"]);
    expect(await revokeGrant(db, person.id, grant.id)).toBe(true);
    expect((await diagnosticScope(db, viewer, person.id)).kind).toBe("none");
  });

  it("a person cannot revoke someone else's grant", async () => {
    const awa = await personInWorkshop("Awa");
    const bilal = await personInWorkshop("Bilal");
    const grant = await grantAccess(db, awa.person.id, {
      structureId: bilal.structure.id,
      dimensions: [],
      until: new Date(Date.now() + 86_400_000),
    });
    expect(await revokeGrant(db, bilal.person.id, grant.id)).toBe(false);
    expect(await db.consentGrant.count({ where: { id: grant.id, revokedAt: null } })).toBe(1);
  });
});
