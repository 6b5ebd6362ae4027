import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grantAccess } from "../app/diagnostic/grants.server.js";
import { newPersonSchema } from "../app/diagnostic/people.server.js";
import { redeemSignInCode } from "../app/diagnostic/sign-in-codes.server.js";
import { action as diagnosticAction, loader as diagnosticLoader } from "../app/routes/people.$personId._index.js";
import { loader as historyLoader } from "../app/routes/people.$personId.history.js";
import { loader as peopleLoader } from "../app/routes/people._index.js";
import { action as newPersonAction } from "../app/routes/people.new.js";
import { createFacilitatorWithSession, createTestDatabase, professionalCookie, type TestDatabase } from "./support/fixtures.js";
import { answerOf } from "./support/route-answer.js";

/** What a route answered: status and body, whether it returned `data(…, { status })`, a value, a redirect, or threw a Response. */

const get = (cookie: string, path: string) => new Request(`http://localhost${path}`, { headers: { Cookie: cookie } });
const post = (cookie: string, path: string, fields: Record<string, string>) =>
  new Request(`http://localhost${path}`, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(fields) });

describe("the professional's side of the individual diagnostic", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.cleanup());

  const context = () => ({ db: database.db, tldrawLicenseKey: null });

  /** A structure with a professional and a person it accompanies, and another structure with its own professional. */
  async function twoStructures() {
    const { db } = database;
    const referent = await createFacilitatorWithSession(db);
    const other = await createFacilitatorWithSession(db);
    const person = await db.person.create({ data: { structureId: referent.structure.id, displayName: "Awa" } });
    return {
      referent,
      other,
      person,
      referentCookie: await professionalCookie(db, referent.user.id),
      otherCookie: await professionalCookie(db, other.user.id),
    };
  }

  const readAs = (cookie: string, personId: string) =>
    answerOf(() => diagnosticLoader({ request: get(cookie, `/people/${personId}`), params: { personId }, context: context() }));
  const act = (cookie: string, personId: string, fields: Record<string, string>) =>
    answerOf(() => diagnosticAction({ request: post(cookie, `/people/${personId}`, fields), params: { personId }, context: context() }));
  const history = (cookie: string, personId: string) =>
    answerOf(() => historyLoader({ request: get(cookie, `/people/${personId}/history`), params: { personId }, context: context() }));

  it("a referent professional adds a need, a strength and an action, and reads strengths first with the action in the plan", async () => {
    const { person, referentCookie } = await twoStructures();
    expect(
      (await act(referentCookie, person.id, { intent: "add", kind: "need", dimension: "mobility", text: "Passer le permis" })).status,
    ).toBe(200);
    expect(
      (await act(referentCookie, person.id, { intent: "add", kind: "strength", dimension: "skills", text: "Sait réparer un vélo" })).status,
    ).toBe(200);
    const added = await act(referentCookie, person.id, {
      intent: "add",
      kind: "action",
      dimension: "mobility",
      text: "S'inscrire à l'auto-école",
      who: "Awa",
      dueDate: "2026-06-30",
      status: "",
    });
    expect(added.status).toBe(200);

    const read = await readAs(referentCookie, person.id);
    expect(read.status).toBe(200);
    const body = read.body as {
      basis: string;
      options: unknown;
      entries: { kind: string; dimension: string; text: string; status: string | null; who: string | null }[];
    };
    expect(body.basis).toBe("referent");
    expect(body.options).not.toBeNull();
    expect(body.entries.map((entry) => entry.kind)).toEqual(["strength", "need", "action"]);
    // An action always lands in the action plan, "to do" unless said otherwise.
    expect(body.entries[2]).toMatchObject({ dimension: "action_plan", who: "Awa", status: "todo" });
  });

  it("the add form comes back with French field errors and what was typed", async () => {
    const { person, referentCookie } = await twoStructures();
    const answer = await act(referentCookie, person.id, { intent: "add", kind: "strength", dimension: "nowhere", text: "  " });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      errors: { dimension: "pro.error.dimension", text: "pro.error.text" },
      values: { kind: "strength" },
    });
  });

  it("a referent professional changes an entry's text and status, the summary, and every change is in the history", async () => {
    const { db } = database;
    const { person, referentCookie, referent } = await twoStructures();
    await act(referentCookie, person.id, { intent: "add", kind: "action", dimension: "action_plan", text: "Faire un CV" });
    const entry = await db.diagnosticEntry.findFirstOrThrow({ where: { diagnostic: { personId: person.id } } });
    expect(
      (await act(referentCookie, person.id, { intent: "update", entryId: entry.id, text: "Faire un CV avec Awa", status: "doing" })).status,
    ).toBe(200);
    expect((await act(referentCookie, person.id, { intent: "summary", summary: "Awa veut conduire." })).status).toBe(200);
    expect(await db.diagnosticEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({
      text: "Faire un CV avec Awa",
      status: "doing",
    });

    const answer = await history(referentCookie, person.id);
    expect(answer.status).toBe(200);
    const changes = (answer.body as { changes: { action: string; who: string; before: string; after: string }[] }).changes;
    expect(changes.map((change) => change.action)).toEqual(["summary", "update", "create"]);
    expect(changes[1]).toMatchObject({
      who: `${referent.user.displayName} (${referent.structure.name})`,
      before: "Action : Faire un CV (À faire)",
      after: "Action : Faire un CV avec Awa (En cours)",
    });
  });

  it("another structure without a grant gets the same 404 as for an unknown person, from the page, the history and the forms", async () => {
    const { db } = database;
    const { person, otherCookie } = await twoStructures();
    expect((await readAs(otherCookie, person.id)).status).toBe(404);
    expect((await readAs(otherCookie, "personne-inconnue")).status).toBe(404);
    expect((await history(otherCookie, person.id)).status).toBe(404);
    expect((await act(otherCookie, person.id, { intent: "add", kind: "strength", dimension: "skills", text: "Intrusion" })).status).toBe(
      404,
    );
    // Even a broken form gets 404, not field errors: the answer never depends on what was sent.
    expect((await act(otherCookie, person.id, { intent: "add" })).status).toBe(404);
    expect((await act(otherCookie, person.id, { intent: "code" })).status).toBe(404);
    expect(await db.diagnosticEntry.count({ where: { diagnostic: { personId: person.id } } })).toBe(0);
    expect(await db.personSignInCode.count({ where: { personId: person.id } })).toBe(0);
    expect(await db.diagnosticAudit.count({ where: { personId: person.id } })).toBe(0);
  });

  it("a structure the person granted reads the shared parts only, without forms, history or summary", async () => {
    const { person, referentCookie, other, otherCookie } = await twoStructures();
    await act(referentCookie, person.id, { intent: "add", kind: "strength", dimension: "skills", text: "Sait réparer un vélo" });
    await act(referentCookie, person.id, { intent: "add", kind: "obstacle", dimension: "health", text: "Dos fragile" });
    await grantAccess(database.db, person.id, {
      structureId: other.structure.id,
      dimensions: ["skills"],
      until: new Date(Date.now() + 7 * 86_400_000),
    });

    const read = await readAs(otherCookie, person.id);
    expect(read.status).toBe(200);
    const body = read.body as {
      basis: string;
      options: unknown;
      summary: unknown;
      grant: { dimensions: string[] } | null;
      entries: { text: string }[];
    };
    expect(body).toMatchObject({ basis: "grant", options: null, summary: null, grant: { dimensions: ["skills"] } });
    expect(body.entries.map((entry) => entry.text)).toEqual(["Sait réparer un vélo"]);
    expect((await history(otherCookie, person.id)).status).toBe(404);
    expect((await act(otherCookie, person.id, { intent: "add", kind: "strength", dimension: "skills", text: "Ajout" })).status).toBe(404);
  });

  it("each read by a professional is written to the audit log the person can read", async () => {
    const { db } = database;
    const { person, referent, referentCookie } = await twoStructures();
    await readAs(referentCookie, person.id);
    expect(
      await db.diagnosticAudit.findMany({
        where: { personId: person.id },
        select: { actorUserId: true, actorOrgId: true, action: true, part: true },
      }),
    ).toEqual([{ actorUserId: referent.user.id, actorOrgId: referent.structure.id, action: "read", part: "all" }]);
  });

  it("a referent professional creates a one-time sign-in code that opens the person's space once", async () => {
    const { person, referentCookie } = await twoStructures();
    const answer = await act(referentCookie, person.id, { intent: "code" });
    expect(answer.status).toBe(200);
    const { code } = (answer.body as { code: { code: string; expiresAt: Date } }).code;
    expect(code).toMatch(/^[A-Z2-9]{8}$/);
    expect(await redeemSignInCode(database.db, code)).toBe(person.id);
    expect(await redeemSignInCode(database.db, code)).toBeNull();
  });

  it("the people list shows the structure's people and those who granted access, nobody else", async () => {
    const { person, other, otherCookie, referentCookie } = await twoStructures();
    const stranger = await database.db.person.create({ data: { structureId: other.structure.id, displayName: "Inès" } });
    const list = async (cookie: string) =>
      (await answerOf(() => peopleLoader({ request: get(cookie, "/people"), params: {}, context: context() }))).body as {
        accompanied: { id: string }[];
        granted: { id: string; dimensions: string[] | null }[];
      };
    expect((await list(referentCookie)).accompanied.map((p) => p.id)).toEqual([person.id]);
    expect((await list(referentCookie)).granted).toEqual([]);
    expect((await list(otherCookie)).granted).toEqual([]);

    await grantAccess(database.db, person.id, {
      structureId: other.structure.id,
      dimensions: [],
      until: new Date(Date.now() + 86_400_000),
    });
    const seen = await list(otherCookie);
    expect(seen.accompanied.map((p) => p.id)).toEqual([stranger.id]);
    expect(seen.granted).toMatchObject([{ id: person.id, dimensions: null }]);
  });

  it("creating a person: minimal data, validated in French, only in one's own structures", async () => {
    const { db } = database;
    const { referent, other, referentCookie } = await twoStructures();
    const create = (fields: Record<string, string>) =>
      answerOf(() => newPersonAction({ request: post(referentCookie, "/people/new", fields), params: {}, context: context() }));

    const invalid = await create({ displayName: " ", email: "pas-une-adresse", phone: "12", structureId: referent.structure.id });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({
      errors: { displayName: "pro.error.displayName", email: "pro.error.email", phone: "pro.error.phone" },
      values: { email: "pas-une-adresse", phone: "12" },
    });
    expect((await create({ displayName: "Moussa", structureId: other.structure.id })).status).toBe(400);

    const created = await create({ displayName: "Moussa", email: "", phone: "06 12 34 56 78", structureId: referent.structure.id });
    expect(created.status).toBe(302);
    const personId = created.location!.split("/").pop()!;
    expect(await db.person.findUniqueOrThrow({ where: { id: personId } })).toMatchObject({
      displayName: "Moussa",
      email: null,
      phone: "06 12 34 56 78",
      structureId: referent.structure.id,
      createdById: referent.user.id,
    });
    expect(
      newPersonSchema.safeParse({ displayName: "Léa", phone: "+33 6 12 34 56 78", email: " lea@exemple.fr ", structureId: "x" }).data,
    ).toMatchObject({
      email: "lea@exemple.fr",
    });
  });
});
