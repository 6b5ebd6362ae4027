// A session whose start is already past is a slip of the date field, unless the facilitator says
// out loud that they are recording, after the fact, a session held on paper.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { action as newSessionAction } from "../app/routes/sessions.new.js";
import { createSession } from "../app/sessions/sessions.server.js";
import {
  createFacilitatorWithSession,
  createTestDatabase,
  daysFromToday,
  professionalCookie,
  type TestDatabase,
} from "./support/fixtures.js";
import { answerOf } from "./support/route-answer.js";

describe("sessions and exchanges dated in the past", () => {
  let database: TestDatabase;
  let facilitator: Awaited<ReturnType<typeof createFacilitatorWithSession>>;
  let cookie: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    facilitator = await createFacilitatorWithSession(database.db);
    cookie = await professionalCookie(database.db, facilitator.user.id);
  });
  afterAll(() => database.cleanup());

  const input = (date: string, time: string, extra: { recordPast?: boolean } = {}) => ({
    structureId: facilitator.structure.id,
    kind: "practice_exchange" as const,
    title: "Échange de pratiques : l'accueil",
    date,
    time,
    online: true,
    place: "",
    templateId: "echange-pratiques-thematique",
    ...extra,
  });
  const count = () => database.db.groupSession.count();

  it("a start a minute ago (Paris time) is refused with a French field error, and nothing is created", async () => {
    // 2027-03-28 is the spring change: 10:00 in Paris is 08:00 UTC that day.
    const before = await count();
    const now = new Date("2027-03-28T08:01:00Z");
    expect(await createSession(database.db, facilitator.user.id, input("2027-03-28", "10:00"), { now })).toEqual({
      ok: false,
      errors: { date: "session.error.past" },
    });
    expect(await count()).toBe(before);
    // A minute later in Paris is still to come.
    expect((await createSession(database.db, facilitator.user.id, input("2027-03-28", "10:02"), { now })).ok).toBe(true);
  });

  it("around midnight in autumn (2027-10-31), the Paris day decides, not the UTC one", async () => {
    // 00:30 in Paris on 31 October is 22:30 UTC on the 30th (summer time ends at 03:00 that night).
    const now = new Date("2027-10-30T22:31:00Z");
    expect(await createSession(database.db, facilitator.user.id, input("2027-10-31", "00:30"), { now })).toMatchObject({ ok: false });
    expect((await createSession(database.db, facilitator.user.id, input("2027-10-31", "00:45"), { now })).ok).toBe(true);
  });

  it("ticking « séance passée, à saisir après coup » records a session held on paper", async () => {
    const result = await createSession(database.db, facilitator.user.id, input(daysFromToday(-20), "09:00", { recordPast: true }));
    expect(result.ok).toBe(true);
  });

  it("the form answers 400 with the error and keeps what was typed; confirmed, it creates the session", async () => {
    const fields = {
      structureId: facilitator.structure.id,
      kind: "peer_workshop",
      title: "Atelier tenu sur papier",
      date: daysFromToday(-3),
      time: "14:00",
      place: "Salle du fond",
      templateId: "forces-et-reconnaissance",
    };
    const post = (extra: Record<string, string> = {}) =>
      answerOf(() =>
        newSessionAction({
          request: new Request("http://localhost/sessions/new", {
            method: "POST",
            headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ ...fields, ...extra }),
          }),
          params: {},
          context: { db: database.db, tldrawLicenseKey: null },
        } as never),
      );
    const before = await count();
    const refused = await post();
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ errors: { date: "session.error.past" }, values: fields });
    expect(await count()).toBe(before);
    // Any other spelling of "yes" than the checkbox's is not a confirmation.
    for (const recordPast of ["", "off", "1", "yes"]) expect((await post({ recordPast })).status).toBe(400);
    const created = await post({ recordPast: "on" });
    expect(created.status).toBe(302);
    expect(await count()).toBe(before + 1);
  });
});
