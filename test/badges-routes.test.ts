// The badges' pages and answers as an attacker meets them: another structure, a member who is not
// an admin, another person, a participant not linked to anyone, hostile bodies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findParticipant, signInPerson } from "../app/auth/auth.server.js";
import { acceptBadge, awardBadge } from "../app/badges/awards.server.js";
import { awardableBadges } from "../app/badges/catalogue.server.js";
import { action as closingAction } from "../app/routes/sessions.$sessionId.closing.js";
import { action as adminAction, loader as adminLoader } from "../app/routes/structures.$structureId_.badges.js";
import { action as spaceAction } from "../app/routes/espace.badges.js";
import { loader as downloadLoader } from "../app/routes/espace.badges.$awardId.js";
import { action as machineAction, loader as machineLoader } from "../app/routes/badges.verification.js";
import { loader as issuerLoader } from "../app/routes/badges.emetteurs.$structureId.js";
import { loader as keyLoader } from "../app/routes/badges.cles.$keyId.js";
import {
  createFacilitatorWithSession,
  createTestDatabase,
  participantCookie,
  professionalCookie,
  type TestDatabase,
} from "./support/fixtures.js";
import { answerOf } from "./support/route-answer.js";

const ORIGIN = "http://localhost";
const secret = () => Promise.resolve("secret de test des routes de badges");

describe("badges: who may do what, through the routes", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.cleanup());

  const context = () => ({ db: database.db, tldrawLicenseKey: null, signingSecret: secret });
  const post = (url: string, cookie: string, fields: Record<string, string>) =>
    new Request(`${ORIGIN}${url}`, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(fields) });
  const get = (url: string, cookie = "") => new Request(`${ORIGIN}${url}`, { headers: { Cookie: cookie } });
  const personCookie = async (personId: string) => (await signInPerson(database.db, new Request(`${ORIGIN}/`), personId)).split(";")[0]!;

  /** A structure whose facilitator is its admin, a person, a participant linked to her, one issued badge. */
  async function structureWithBadge(name = "Awa") {
    const { db } = database;
    const setup = await createFacilitatorWithSession(db);
    await db.membership.updateMany({ where: { userId: setup.user.id }, data: { role: "admin" } });
    const person = await db.person.create({ data: { structureId: setup.structure.id, displayName: name } });
    const participant = (await findParticipant(db, await participantCookie(db, setup.sessionId, name), setup.sessionId))!;
    await db.participant.update({ where: { id: participant.id }, data: { personId: person.id } });
    const [badge] = await awardableBadges(db, setup.structure.id);
    await awardBadge(db, setup.user.id, setup.sessionId, { participantId: participant.id, badgeClassId: badge!.id });
    const award = await db.badgeAward.findFirstOrThrow({ where: { personId: person.id } });
    await acceptBadge(db, { origin: ORIGIN, secret }, person.id, award.id);
    const cookie = await professionalCookie(db, setup.user.id);
    return { ...setup, person, participant, badge: badge!, award, cookie };
  }

  it("another structure's professional cannot award at a session not theirs, nor see or use the admin page", async () => {
    const mine = await structureWithBadge();
    const theirs = await structureWithBadge("Eve");
    const award = { intent: "badge", participantId: mine.participant.id, badgeClassId: mine.badge.id };
    const closing = await answerOf(() =>
      closingAction({
        request: post(`/sessions/${mine.sessionId}/closing`, theirs.cookie, award),
        params: { sessionId: mine.sessionId },
        context: context(),
      } as never),
    );
    expect(closing.status).toBe(404);
    const page = await answerOf(() =>
      adminLoader({
        request: get(`/structures/${mine.structure.id}/badges`, theirs.cookie),
        params: { structureId: mine.structure.id },
        context: context(),
      } as never),
    );
    expect(page.status).toBe(404);
    const revoke = await answerOf(() =>
      adminAction({
        request: post(`/structures/${mine.structure.id}/badges`, theirs.cookie, {
          intent: "revoke",
          awardId: mine.award.id,
          reason: "non",
        }),
        params: { structureId: mine.structure.id },
        context: context(),
      } as never),
    );
    expect(revoke.status).toBe(404);
    // Their own page, naming our award: not theirs to revoke.
    const sideways = await answerOf(() =>
      adminAction({
        request: post(`/structures/${theirs.structure.id}/badges`, theirs.cookie, {
          intent: "revoke",
          awardId: mine.award.id,
          reason: "non",
        }),
        params: { structureId: theirs.structure.id },
        context: context(),
      } as never),
    );
    expect(sideways.status).toBe(404);
    expect((await database.db.badgeAward.findUniqueOrThrow({ where: { id: mine.award.id } })).revokedAt).toBeNull();
  });

  it("a member who is not an admin is refused the catalogue; an admin's form comes back with French errors", async () => {
    const { db } = database;
    const mine = await structureWithBadge();
    await db.membership.updateMany({ where: { userId: mine.user.id }, data: { role: "facilitator" } });
    const refused = await answerOf(() =>
      adminLoader({
        request: get(`/structures/${mine.structure.id}/badges`, mine.cookie),
        params: { structureId: mine.structure.id },
        context: context(),
      } as never),
    );
    expect(refused.status).toBe(403);
    await db.membership.updateMany({ where: { userId: mine.user.id }, data: { role: "admin" } });
    const empty = await answerOf(() =>
      adminAction({
        request: post(`/structures/${mine.structure.id}/badges`, mine.cookie, { intent: "add", name: "", description: "x", criteria: "" }),
        params: { structureId: mine.structure.id },
        context: context(),
      } as never),
    );
    expect(empty).toMatchObject({ status: 400, body: { errors: { name: "badges.error.name", criteria: "badges.error.criteria" } } });
    const unknown = await answerOf(() =>
      adminAction({
        request: post(`/structures/${mine.structure.id}/badges`, mine.cookie, { intent: "drop-table" }),
        params: { structureId: mine.structure.id },
        context: context(),
      } as never),
    );
    expect(unknown.status).toBe(400);
  });

  it("a participant not linked to a person cannot be awarded; the form says why", async () => {
    const { db } = database;
    const mine = await structureWithBadge();
    const guest = (await findParticipant(db, await participantCookie(db, mine.sessionId, "Invité"), mine.sessionId))!;
    const answer = await answerOf(() =>
      closingAction({
        request: post(`/sessions/${mine.sessionId}/closing`, mine.cookie, {
          intent: "badge",
          participantId: guest.id,
          badgeClassId: mine.badge.id,
        }),
        params: { sessionId: mine.sessionId },
        context: context(),
      } as never),
    );
    expect(answer).toMatchObject({ status: 400, body: { errors: { participantId: "closing.error.notLinked" } } });
    expect(await db.badgeAward.count({ where: { sessionId: mine.sessionId } })).toBe(1);
  });

  it("a person cannot accept, decline nor download another person's badge", async () => {
    const { db } = database;
    const mine = await structureWithBadge();
    const eve = await db.person.create({ data: { structureId: mine.structure.id, displayName: "Eve" } });
    const eveCookie = await personCookie(eve.id);
    // A second proposal for Awa, still open.
    const [, second] = await awardableBadges(db, mine.structure.id);
    await awardBadge(db, mine.user.id, mine.sessionId, { participantId: mine.participant.id, badgeClassId: second!.id });
    const open = await db.badgeAward.findFirstOrThrow({ where: { personId: mine.person.id, status: "proposed" } });
    for (const intent of ["accept", "decline"]) {
      const answer = await answerOf(() =>
        spaceAction({ request: post("/espace/badges", eveCookie, { intent, awardId: open.id }), params: {}, context: context() } as never),
      );
      expect(answer.status).toBe(404);
    }
    expect(await db.badgeAward.count({ where: { id: open.id, status: "proposed" } })).toBe(1);
    const file = await answerOf(() =>
      downloadLoader({
        request: get(`/espace/badges/${mine.award.id}`, eveCookie),
        params: { awardId: mine.award.id },
        context: context(),
      } as never),
    );
    expect(file.status).toBe(404);
    const hers = await downloadLoader({
      request: get(`/espace/badges/${mine.award.id}`, await personCookie(mine.person.id)),
      params: { awardId: mine.award.id },
      context: context(),
    } as never);
    expect(hers.status).toBe(200);
    expect((await hers.json()) as object).toMatchObject({ type: ["VerifiableCredential", "OpenBadgeCredential"] });
    const hostile = await answerOf(() =>
      spaceAction({
        request: post("/espace/badges", eveCookie, { intent: "steal", awardId: open.id }),
        params: {},
        context: context(),
      } as never),
    );
    expect(hostile.status).toBe(400);
  });

  it("the machines' answer: JSON for a known badge, a reason for garbage, 4xx for a wrong type or an oversized body", async () => {
    const mine = await structureWithBadge();
    const known = await machineLoader({
      request: get(`/badges/verification?badge=${mine.award.id}`),
      params: {},
      context: context(),
    } as never);
    expect(await known.json()).toMatchObject({ valid: true });
    const unknown = await machineLoader({ request: get("/badges/verification?badge=nope"), params: {}, context: context() } as never);
    expect(unknown.status).toBe(404);
    const json = (body: string, type = "application/json") =>
      new Request(`${ORIGIN}/badges/verification`, { method: "POST", headers: { "Content-Type": type }, body });
    const garbage = await machineAction({ request: json("{ pas du json"), params: {}, context: context() } as never);
    expect(await garbage.json()).toMatchObject({ valid: false, problem: "unreadable" });
    const notBadge = await machineAction({
      request: json('{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"]}'),
      params: {},
      context: context(),
    } as never);
    expect(await notBadge.json()).toMatchObject({ valid: false, problem: "notBadge" });
    expect((await machineAction({ request: json("{}", "text/plain"), params: {}, context: context() } as never)).status).toBe(415);
    expect((await machineAction({ request: json(" ".repeat(70_000)), params: {}, context: context() } as never)).status).toBe(413);
    const stored = JSON.parse((await database.db.badgeAward.findUniqueOrThrow({ where: { id: mine.award.id } })).credential!) as object;
    expect(
      await (await machineAction({ request: json(JSON.stringify(stored)), params: {}, context: context() } as never)).json(),
    ).toMatchObject({ valid: true });
  });

  it("the issuer and its keys are published: every key it signed with, none of its private parts; the admin rotates", async () => {
    const mine = await structureWithBadge();
    const issuer = await issuerLoader({
      request: get(`/badges/emetteurs/${mine.structure.id}`),
      params: { structureId: mine.structure.id },
      context: context(),
    } as never);
    const document = (await issuer.json()) as { assertionMethod: string[] };
    expect(document.assertionMethod).toHaveLength(1);
    const keyId = document.assertionMethod[0]!.split("/").pop()!;
    const key = await keyLoader({ request: get(`/badges/cles/${keyId}`), params: { keyId }, context: context() } as never);
    const text = await key.text();
    expect(JSON.parse(text)).toMatchObject({ type: "Multikey", controller: `${ORIGIN}/badges/emetteurs/${mine.structure.id}` });
    expect(text).not.toContain("secretKey");
    // The admin rotates: the issuer now lists both keys, the new one signs.
    const rotated = await answerOf(() =>
      adminAction({
        request: post(`/structures/${mine.structure.id}/badges`, mine.cookie, { intent: "rotate" }),
        params: { structureId: mine.structure.id },
        context: context(),
      } as never),
    );
    expect(rotated).toMatchObject({ status: 200, body: { done: "rotated" } });
    const after = await issuerLoader({
      request: get(`/badges/emetteurs/${mine.structure.id}`),
      params: { structureId: mine.structure.id },
      context: context(),
    } as never);
    expect(((await after.json()) as { assertionMethod: string[] }).assertionMethod).toHaveLength(2);
    expect(await database.db.signingKey.count({ where: { structureId: mine.structure.id, retiredAt: null } })).toBe(1);
    const missing = await keyLoader({ request: get("/badges/cles/nope"), params: { keyId: "nope" }, context: context() } as never);
    expect(missing.status).toBe(404);
  });
});
