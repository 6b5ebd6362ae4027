import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInPerson } from "../app/auth/auth.server.js";
import { diagnosticScope, professionalViewer } from "../app/diagnostic/access.server.js";
import { GRANT_ENDING_SOON_DAYS, GRANT_MAX_DAYS, addCalendarDays, lastGrantDay } from "../app/diagnostic/grant-limits.js";
import { GrantTooLong, grantAccess, grantsEndingSoon, listGrants, renewGrant, revokeGrant } from "../app/diagnostic/grants.server.js";
import { parisCalendarDay, todayInParis } from "../app/lib/paris-dates.js";
import { action as sharingAction, loader as sharingLoader } from "../app/routes/espace.partage.js";
import { loader as spaceLoader } from "../app/routes/espace._index.js";
import type { Db } from "../prisma/db.js";
import { createFacilitatorWithSession, createTestDatabase, type TestDatabase } from "./support/fixtures.js";
import { answerOf } from "./support/route-answer.js";

// Issue 15.7: a grant lasts GRANT_MAX_DAYS at most, whatever is posted; the person renews it; her
// space says when one ends soon; an expired grant opens nothing.
let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database?.cleanup());

async function setUp() {
  const referent = await createFacilitatorWithSession(db);
  const other = await createFacilitatorWithSession(db);
  const person = await db.person.create({ data: { structureId: referent.structure.id, displayName: "Awa" } });
  const cookie = (await signInPerson(db, new Request("http://localhost/"), person.id)).split(";")[0];
  return { person, other, cookie, viewer: await professionalViewer(db, other.user.id) };
}

const context = () => ({ db }) as unknown as AppLoadContext;
const post = (cookie: string, form: Record<string, string>) => ({
  request: new Request("http://localhost/espace/partage", { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(form) }),
  params: {},
  context: context(),
});
const get = (cookie: string, path: string) => ({
  request: new Request(`http://localhost${path}`, { headers: { Cookie: cookie } }),
  params: {},
  context: context(),
});

describe("a grant has a maximum duration", () => {
  it("calendar days add across month ends, leap days and daylight-saving changes", () => {
    expect(addCalendarDays("2027-02-28", 1)).toBe("2027-03-01");
    expect(addCalendarDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addCalendarDays("2027-03-27", 1)).toBe("2027-03-28");
    expect(lastGrantDay("2027-01-10")).toBe(addCalendarDays("2027-01-10", GRANT_MAX_DAYS));
  });

  it("posting a last day beyond the maximum is refused with a French reason, and nothing is stored", async () => {
    const { person, other, cookie } = await setUp();
    const tooFar = addCalendarDays(lastGrantDay(todayInParis()), 1);
    const refused = await answerOf(() =>
      sharingAction(post(cookie, { intent: "grant", structureId: other.structure.id, scope: "whole", until: tooFar })),
    );
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ errors: { until: "grant.error.tooLong" } });
    expect(await db.consentGrant.count({ where: { personId: person.id } })).toBe(0);
    // Whoever calls the domain gets the same refusal.
    await expect(
      grantAccess(db, person.id, { structureId: other.structure.id, dimensions: [], until: "2099-01-01" }),
    ).rejects.toBeInstanceOf(GrantTooLong);
    // The last allowed day is accepted, and the form's date field says it.
    const ok = await answerOf(() =>
      sharingAction(
        post(cookie, { intent: "grant", structureId: other.structure.id, scope: "whole", until: lastGrantDay(todayInParis()) }),
      ),
    );
    expect(ok.body).toEqual({ done: "granted" });
    const page = await answerOf(() => sharingLoader(get(cookie, "/espace/partage")));
    expect(page.body).toMatchObject({ lastDay: lastGrantDay(todayInParis()) });
  });

  it("an expired grant gives no access; renewing extends it, at most GRANT_MAX_DAYS from the day of renewal", async () => {
    const { person, other, viewer } = await setUp();
    const now = new Date("2027-05-10T08:00:00Z");
    const grant = await grantAccess(db, person.id, { structureId: other.structure.id, dimensions: [], until: "2027-05-20" }, now);
    expect((await diagnosticScope(db, viewer, person.id, now)).kind).toBe("granted");
    const after = new Date("2027-05-21T08:00:00Z");
    expect((await diagnosticScope(db, viewer, person.id, after)).kind).toBe("none");

    // Renewed the day after it ended: beyond the maximum refused, an earlier day refused, someone else's unknown.
    expect(await renewGrant(db, person.id, grant.id, addCalendarDays("2027-05-21", GRANT_MAX_DAYS + 1), after)).toBe("tooLong");
    expect(await renewGrant(db, person.id, grant.id, "2027-05-20", after)).toBe("past");
    expect(await renewGrant(db, "someone-else", grant.id, "2027-06-30", after)).toBe("notFound");
    const last = lastGrantDay("2027-05-21");
    expect(await renewGrant(db, person.id, grant.id, last, after)).toBe("renewed");
    const stored = await db.consentGrant.findUniqueOrThrow({ where: { id: grant.id } });
    expect(parisCalendarDay(stored.expiresAt)).toBe(last);
    expect(stored.renewedAt?.getTime()).toBe(after.getTime());
    expect((await diagnosticScope(db, viewer, person.id, after)).kind).toBe("granted");

    // A revoked grant is not renewed: the person gives a new one.
    expect(await revokeGrant(db, person.id, grant.id)).toBe(true);
    expect(await renewGrant(db, person.id, grant.id, "2027-06-30", after)).toBe("notFound");
  });

  it("renewing over HTTP answers 400 with a reason for a day too far, 404 for a grant not hers", async () => {
    const { person, other, cookie } = await setUp();
    const today = todayInParis();
    const grant = await grantAccess(db, person.id, { structureId: other.structure.id, dimensions: [], until: addCalendarDays(today, 3) });
    const tooFar = await answerOf(() =>
      sharingAction(post(cookie, { intent: "renew", grantId: grant.id, until: addCalendarDays(lastGrantDay(today), 1) })),
    );
    expect(tooFar.status).toBe(400);
    expect(tooFar.body).toMatchObject({ renewError: "grant.error.tooLong", grantId: grant.id });
    const stranger = await setUp();
    const notHers = await answerOf(() =>
      sharingAction(post(stranger.cookie, { intent: "renew", grantId: grant.id, until: addCalendarDays(today, 30) })),
    );
    expect(notHers.status).toBe(404);
    const done = await answerOf(() =>
      sharingAction(post(cookie, { intent: "renew", grantId: grant.id, until: addCalendarDays(today, 60) })),
    );
    expect(done.body).toEqual({ done: "renewed" });
    expect(parisCalendarDay((await db.consentGrant.findUniqueOrThrow({ where: { id: grant.id } })).expiresAt)).toBe(
      addCalendarDays(today, 60),
    );
  });
});

describe("the person is shown when a grant is about to end", () => {
  it("a grant ending within 30 days is on her space's first page and marked on the sharing page; a later one is not", async () => {
    const { person, other, cookie } = await setUp();
    const far = await setUp();
    const today = todayInParis();
    const soon = await grantAccess(db, person.id, {
      structureId: other.structure.id,
      dimensions: [],
      until: addCalendarDays(today, GRANT_ENDING_SOON_DAYS - 1),
    });
    await grantAccess(db, person.id, {
      structureId: far.other.structure.id,
      dimensions: [],
      until: addCalendarDays(today, GRANT_ENDING_SOON_DAYS + 5),
    });
    expect((await grantsEndingSoon(db, person.id)).map((grant) => grant.id)).toEqual([soon.id]);
    const space = await answerOf(() => spaceLoader(get(cookie, "/espace")));
    expect(space.body).toMatchObject({ endingSoon: [{ id: soon.id, structure: other.structure.name }] });
    const grants = await listGrants(db, person.id);
    expect(grants.filter((grant) => grant.endsSoon).map((grant) => grant.id)).toEqual([soon.id]);
  });
});
