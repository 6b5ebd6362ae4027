import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../app/auth/auth.server.js";
import { loader as boardLoader } from "../app/routes/board.$sessionId.js";
import { action as invitationAction, loader as invitationLoader } from "../app/routes/invitation.$token.js";
import { loader as closingLoader } from "../app/routes/sessions.$sessionId.closing.js";
import { action as sessionAction, loader as sessionLoader } from "../app/routes/sessions.$sessionId._index.js";
import { loader as sessionsLoader } from "../app/routes/sessions._index.js";
import { loader as newSessionLoader } from "../app/routes/sessions.new.js";
import { action as structureAction, loader as structureLoader } from "../app/routes/structures.$structureId.js";
import { action as structuresAction } from "../app/routes/structures._index.js";
import { createInvitation, currentStructure } from "../app/structures/structures.server.js";
import { createFacilitatorWithSession, createTestDatabase, professionalCookie, type TestDatabase } from "./support/fixtures.js";
import { answerOf } from "./support/route-answer.js";

const BASE = "http://localhost";
const get = (cookie: string, path: string) => new Request(`${BASE}${path}`, { headers: { Cookie: cookie } });
const post = (cookie: string, path: string, fields: Record<string, string>) =>
  new Request(`${BASE}${path}`, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(fields) });

describe("structures: members, invitations by link and co-hosted sessions", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.cleanup());

  const context = () => ({ db: database.db, tldrawLicenseKey: null });

  /** A structure whose facilitator is made its admin, with a signed-in cookie. */
  async function structureWithAdmin() {
    const setup = await createFacilitatorWithSession(database.db);
    await database.db.membership.updateMany({ where: { userId: setup.user.id }, data: { role: "admin" } });
    return { ...setup, cookie: await professionalCookie(database.db, setup.user.id) };
  }

  /** Creates an invitation through the page, as an admin would, and returns the token from the link shown. */
  async function inviteThroughPage(cookie: string, structureId: string, role: string) {
    const path = `/structures/${structureId}`;
    const answer = await answerOf(() =>
      structureAction({ request: post(cookie, path, { intent: "invite", role }), params: { structureId }, context: context() }),
    );
    expect(answer.status).toBe(200);
    const link = (answer.body as { link: string }).link;
    expect(link).toMatch(new RegExp(`^${BASE}/invitation/[A-Za-z0-9_-]{40,}$`));
    return link.split("/invitation/")[1];
  }

  it("a link accepted by a signed-in professional creates exactly one membership with its role, and serves only once", async () => {
    const { db } = database;
    const admin = await structureWithAdmin();
    const token = await inviteThroughPage(admin.cookie, admin.structure.id, "member");
    // Only the hash is kept.
    expect(await db.structureInvitation.count({ where: { tokenHash: token } })).toBe(0);
    expect(await db.structureInvitation.count({ where: { tokenHash: hashToken(token) } })).toBe(1);

    const colleague = await createFacilitatorWithSession(db);
    const colleagueCookie = await professionalCookie(db, colleague.user.id);
    const shown = await answerOf(() =>
      invitationLoader({ request: get(colleagueCookie, `/invitation/${token}`), params: { token }, context: context() }),
    );
    expect(shown.body).toMatchObject({ structure: { id: admin.structure.id }, role: "member" });

    const accept = () =>
      invitationAction({ request: post(colleagueCookie, `/invitation/${token}`, {}), params: { token }, context: context() });
    const accepted = await answerOf(accept);
    expect(accepted.status).toBe(302);
    expect(accepted.location).toBe(`/structures/${admin.structure.id}?bienvenue`);
    expect(
      await db.membership.findMany({ where: { userId: colleague.user.id, structureId: admin.structure.id }, select: { role: true } }),
    ).toEqual([{ role: "member" }]);

    // Used: the page and the action both answer 404, and nothing more is created.
    expect((await answerOf(accept)).status).toBe(404);
    const stranger = await createFacilitatorWithSession(db);
    const strangerCookie = await professionalCookie(db, stranger.user.id);
    expect(
      (
        await answerOf(() =>
          invitationLoader({ request: get(strangerCookie, `/invitation/${token}`), params: { token }, context: context() }),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await answerOf(() =>
          invitationAction({ request: post(strangerCookie, `/invitation/${token}`, {}), params: { token }, context: context() }),
        )
      ).status,
    ).toBe(404);
    expect(await db.membership.count({ where: { structureId: admin.structure.id } })).toBe(2);
  });

  it("someone without an account creates one through the link, signed in and in the structure; an expired link fails", async () => {
    const { db } = database;
    const admin = await structureWithAdmin();
    const token = await inviteThroughPage(admin.cookie, admin.structure.id, "facilitator");
    const email = `nouvelle-${Date.now()}@exemple.fr`;
    const signup = (fields: Record<string, string>) =>
      answerOf(() => invitationAction({ request: post("", `/invitation/${token}`, fields), params: { token }, context: context() }));

    const tooShort = await signup({ displayName: "Inès Moreau", email, password: "court" });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body).toMatchObject({
      errors: { password: "structures.error.password" },
      values: { displayName: "Inès Moreau", email },
    });

    const created = await signup({ displayName: "Inès Moreau", email, password: "une phrase assez longue" });
    expect(created.status).toBe(302);
    const user = await db.user.findUniqueOrThrow({
      where: { email },
      select: { memberships: { select: { structureId: true, role: true } } },
    });
    expect(user.memberships).toEqual([{ structureId: admin.structure.id, role: "facilitator" }]);

    const expiredToken = await createInvitation(
      db,
      admin.user.id,
      admin.structure.id,
      "facilitator",
      new Date(Date.now() - 8 * 24 * 3600 * 1000),
    );
    const expired = await answerOf(() =>
      invitationAction({
        request: post("", `/invitation/${expiredToken}`, {
          displayName: "Paul",
          email: `paul-${Date.now()}@exemple.fr`,
          password: "une phrase assez longue",
        }),
        params: { token: expiredToken! },
        context: context(),
      }),
    );
    expect(expired.status).toBe(404);
    expect(await db.user.count({ where: { displayName: "Paul" } })).toBe(0);
    expect(
      (
        await answerOf(() =>
          invitationLoader({ request: get("", "/invitation/inconnu"), params: { token: "inconnu" }, context: context() }),
        )
      ).status,
    ).toBe(404);
  });

  it("a member who is not an admin sees the structure but cannot invite nor edit (403); an outsider gets 404", async () => {
    const { db } = database;
    const admin = await structureWithAdmin();
    const structureId = admin.structure.id;
    const member = await createFacilitatorWithSession(db);
    await db.membership.create({ data: { userId: member.user.id, structureId, role: "facilitator" } });
    const memberCookie = await professionalCookie(db, member.user.id);
    const path = `/structures/${structureId}`;

    const seen = await answerOf(() => structureLoader({ request: get(memberCookie, path), params: { structureId }, context: context() }));
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ role: "facilitator", invitations: [] });
    const refused: Record<string, string>[] = [
      { intent: "invite", role: "admin" },
      { intent: "edit", name: "Renommée", kind: "caf", territory: "" },
    ];
    for (const fields of refused) {
      expect(
        (await answerOf(() => structureAction({ request: post(memberCookie, path, fields), params: { structureId }, context: context() })))
          .status,
      ).toBe(403);
    }
    expect(await db.structureInvitation.count({ where: { structureId } })).toBe(0);
    expect(await db.structure.findUniqueOrThrow({ where: { id: structureId }, select: { name: true } })).toEqual({
      name: admin.structure.name,
    });

    const outsider = await createFacilitatorWithSession(db);
    const outsiderCookie = await professionalCookie(db, outsider.user.id);
    expect(
      (await answerOf(() => structureLoader({ request: get(outsiderCookie, path), params: { structureId }, context: context() }))).status,
    ).toBe(404);
    expect(
      (
        await answerOf(() =>
          structureAction({
            request: post(outsiderCookie, path, { intent: "invite", role: "admin" }),
            params: { structureId },
            context: context(),
          }),
        )
      ).status,
    ).toBe(404);

    // The admin edits; the last admin can be neither demoted nor removed.
    const edit = { intent: "edit", name: "Espace insertion Nord", kind: "plie", territory: "Roubaix" };
    expect(
      (await answerOf(() => structureAction({ request: post(admin.cookie, path, edit), params: { structureId }, context: context() })))
        .status,
    ).toBe(200);
    expect(
      await db.structure.findUniqueOrThrow({ where: { id: structureId }, select: { name: true, kind: true, territory: true } }),
    ).toEqual({
      name: "Espace insertion Nord",
      kind: "plie",
      territory: "Roubaix",
    });
    const adminMembership = await db.membership.findFirstOrThrow({ where: { userId: admin.user.id, structureId } });
    const remove = await answerOf(() =>
      structureAction({
        request: post(admin.cookie, path, { intent: "remove", membershipId: adminMembership.id }),
        params: { structureId },
        context: context(),
      }),
    );
    expect(remove.status).toBe(409);
    expect(remove.body).toMatchObject({ errors: { [adminMembership.id]: "structures.member.lastAdmin" } });
  });

  it("the current-structure cookie counts only for a structure the professional belongs to", async () => {
    const { db } = database;
    const mine = await createFacilitatorWithSession(db);
    const second = await db.structure.create({ data: { name: "Seconde structure" } });
    await db.membership.create({ data: { userId: mine.user.id, structureId: second.id, role: "facilitator" } });
    const foreign = await createFacilitatorWithSession(db);
    const cookie = await professionalCookie(db, mine.user.id);

    const chosen = await answerOf(() =>
      structuresAction({ request: post(cookie, "/structures", { structureId: second.id }), params: {}, context: context() }),
    );
    expect(chosen.status).toBe(200);
    // Choosing a structure one is not in is refused.
    expect(
      (
        await answerOf(() =>
          structuresAction({ request: post(cookie, "/structures", { structureId: foreign.structure.id }), params: {}, context: context() }),
        )
      ).status,
    ).toBe(404);

    const withStructure = (id: string) =>
      get(`${cookie}; atelier_structure=${encodeURIComponent(btoa(JSON.stringify(id)))}`, "/sessions/new");
    expect(await currentStructure(db, withStructure(second.id), mine.user)).toMatchObject({ id: second.id });
    expect(
      (await answerOf(() => newSessionLoader({ request: withStructure(second.id), params: {}, context: context() }))).body,
    ).toMatchObject({ currentStructureId: second.id });
    // A forged cookie naming someone else's structure is ignored.
    expect(await currentStructure(db, withStructure(foreign.structure.id), mine.user)).toBeNull();
    expect(
      (await answerOf(() => newSessionLoader({ request: withStructure(foreign.structure.id), params: {}, context: context() }))).body,
    ).toMatchObject({ currentStructureId: undefined });
  });

  it("TENANCY: structure B sees nothing of A's session until A adds B as co-host, and loses it when removed", async () => {
    const { db } = database;
    const a = await createFacilitatorWithSession(db);
    const b = await createFacilitatorWithSession(db);
    const aCookie = await professionalCookie(db, a.user.id);
    const bCookie = await professionalCookie(db, b.user.id);
    const sessionId = a.sessionId;
    const params = { sessionId };

    async function whatBSees() {
      const listed = (await answerOf(() => sessionsLoader({ request: get(bCookie, "/sessions"), params: {}, context: context() })))
        .body as { sessions: { id: string }[] };
      return {
        listed: listed.sessions.some((session) => session.id === sessionId),
        page: (await answerOf(() => sessionLoader({ request: get(bCookie, `/sessions/${sessionId}`), params, context: context() }))).status,
        board: (await answerOf(() => boardLoader({ request: get(bCookie, `/board/${sessionId}`), params, context: context() }))).status,
        closing: (
          await answerOf(() => closingLoader({ request: get(bCookie, `/sessions/${sessionId}/closing`), params, context: context() }))
        ).status,
      };
    }
    const coHost = (cookie: string, intent: string, structureId: string) =>
      answerOf(() =>
        sessionAction({ request: post(cookie, `/sessions/${sessionId}`, { intent, structureId }), params, context: context() }),
      );

    // The board answers 403 to a signed-in outsider (app/auth/auth.server.ts boardAccess), the pages 404.
    expect(await whatBSees()).toEqual({ listed: false, page: 404, board: 403, closing: 404 });
    // B cannot make itself co-host.
    expect((await coHost(bCookie, "coHostAdd", b.structure.id)).status).toBe(404);

    expect((await coHost(aCookie, "coHostAdd", b.structure.id)).status).toBe(200);
    expect(await whatBSees()).toEqual({ listed: true, page: 200, board: 200, closing: 200 });
    // A co-host runs the session but does not manage its co-hosts.
    const asB = (await answerOf(() => sessionLoader({ request: get(bCookie, `/sessions/${sessionId}`), params, context: context() }))).body;
    expect(asB).toMatchObject({ coHosts: { canManage: false, coHosts: [{ id: b.structure.id }], candidates: [] } });
    expect((await coHost(bCookie, "coHostRemove", b.structure.id)).status).toBe(403);

    expect((await coHost(aCookie, "coHostRemove", b.structure.id)).status).toBe(200);
    expect(await whatBSees()).toEqual({ listed: false, page: 404, board: 403, closing: 404 });
  });
});
