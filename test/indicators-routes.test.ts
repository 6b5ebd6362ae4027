// The indicators pages and the coordination page, through their routes as a browser reaches them:
// who sees which page (others get 404), naming and removing a coordinator with French field errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { action as coordinationAction, loader as coordinationLoader } from "../app/routes/structures.$structureId_.coordination.js";
import { loader as structureLoader } from "../app/routes/structures.$structureId_.indicateurs.js";
import { loader as seriesLoader } from "../app/routes/series.$seriesId.indicateurs.js";
import { loader as networkLoader } from "../app/routes/reseau.indicateurs.js";
import { createTestDatabase, participantCookie, professionalCookie, type TestDatabase } from "./support/fixtures.js";
import * as seed from "./support/indicator-history.js";
import { answerOf } from "./support/route-answer.js";

const BASE = "http://localhost";
const get = (cookie: string, path: string) => new Request(`${BASE}${path}`, { headers: { Cookie: cookie } });
const post = (cookie: string, path: string, fields: Record<string, string>) =>
  new Request(`${BASE}${path}`, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(fields) });

let database: TestDatabase;
const context = () => ({ db: database.db, tldrawLicenseKey: null });
const who = {} as Record<"admin" | "facilitator" | "coHost" | "other" | "coordinator" | "participant" | "seriesMember", string>;
const at = {} as Record<"structure" | "series" | "coordinatorEmail", string>;

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  const host = await seed.structureWithAdmin(db, "Structure hôte", "Nord");
  const coHost = await seed.structureWithAdmin(db, "Structure co-organisatrice", "Nord");
  const other = await seed.structureWithAdmin(db, "Structure ailleurs", "Sud");
  const partner = await seed.structureWithAdmin(db, "Structure partenaire", "Nord");
  const facilitator = await seed.professional(db, host.structure.id);
  const coordinator = await seed.professional(db, null);
  at.structure = host.structure.id;
  at.coordinatorEmail = coordinator.email;
  const sessionId = await seed.session(db, { structureId: host.structure.id, createdById: facilitator.id, day: "2026-03-05" });
  await db.sessionCoHost.create({ data: { sessionId, structureId: coHost.structure.id } });
  await seed.registrations(db, sessionId, { present: 7, absent: 2 });
  const series = await db.practiceSeries.create({
    data: {
      title: "Série du Nord",
      territory: "Nord",
      theme: "Logement",
      createdById: partner.user.id,
      members: {
        create: [
          { structureId: partner.structure.id, position: 0 },
          { structureId: other.structure.id, position: 1 },
        ],
      },
    },
  });
  at.series = series.id;
  who.admin = await professionalCookie(db, host.user.id);
  who.facilitator = await professionalCookie(db, facilitator.id);
  who.coHost = await professionalCookie(db, coHost.user.id);
  who.other = await professionalCookie(db, other.user.id);
  who.seriesMember = await professionalCookie(db, partner.user.id);
  who.coordinator = await professionalCookie(db, coordinator.id);
  who.participant = await participantCookie(db, sessionId);
});

afterAll(async () => database.cleanup());

const structurePage = (cookie: string, query = "period=month&year=2026&month=3") =>
  answerOf(() =>
    structureLoader({
      request: get(cookie, `/structures/${at.structure}/indicateurs?${query}`),
      params: { structureId: at.structure },
      context: context(),
    }),
  );
const seriesPage = (cookie: string) =>
  answerOf(() =>
    seriesLoader({ request: get(cookie, `/series/${at.series}/indicateurs`), params: { seriesId: at.series }, context: context() }),
  );
const networkPage = (cookie: string) =>
  answerOf(() =>
    networkLoader({ request: get(cookie, `/reseau/indicateurs?period=month&year=2026&month=3`), params: {}, context: context() }),
  );
const coordination = (cookie: string, fields?: Record<string, string>) =>
  answerOf(() =>
    fields
      ? coordinationAction({
          request: post(cookie, `/structures/${at.structure}/coordination`, fields),
          params: { structureId: at.structure },
          context: context(),
        })
      : coordinationLoader({
          request: get(cookie, `/structures/${at.structure}/coordination`),
          params: { structureId: at.structure },
          context: context(),
        }),
  );

describe("the indicators pages", () => {
  it("the structure's members see its figures and a chart for each table; everyone else gets 404", async () => {
    const page = await structurePage(who.facilitator);
    expect(page.status).toBe(200);
    const body = page.body as { report: { tables: { id: string; rows: Record<string, unknown>[] }[] }; charts: Record<string, unknown> };
    const attendance = body.report.tables.find((table) => table.id === "attendance")!;
    expect(attendance.rows[0]).toMatchObject({ current: { count: 9 } });
    expect(attendance.rows[2]).toMatchObject({ current: { masked: true } });
    expect(body.charts.attendance).toMatchObject({ groups: expect.any(Array) });
    expect((await structurePage(who.admin)).status).toBe(200);
    expect((await structurePage(who.coHost)).status).toBe(404);
    expect((await structurePage(who.other)).status).toBe(404);
    expect((await structurePage(who.coordinator)).status).toBe(404);
    // A participant has no professional account: sent to sign in, shown nothing.
    const participant = await structurePage(who.participant);
    expect(participant.status).toBe(302);
    expect(participant.location).toMatch(/^\/login/);
  });

  it("a hostile period is read as the current month, never a 500", async () => {
    for (const query of ["period=custom&from=2026-13-45&to=%00", "period[]=x&year=-1", "type=<script>"]) {
      expect((await structurePage(who.admin, query)).status).toBe(200);
    }
  });

  it("a series is seen by its members' professionals only", async () => {
    expect((await seriesPage(who.seriesMember)).status).toBe(200);
    expect((await seriesPage(who.admin)).status).toBe(404);
  });
});

describe("naming a network coordinator", () => {
  it("only the structure's admins reach the page: a facilitator gets 403, another structure 404", async () => {
    expect((await coordination(who.admin)).status).toBe(200);
    expect((await coordination(who.facilitator)).status).toBe(403);
    expect((await coordination(who.other)).status).toBe(404);
    expect((await coordination(who.facilitator, { intent: "add", email: at.coordinatorEmail })).status).toBe(403);
    expect((await coordination(who.other, { intent: "add", email: at.coordinatorEmail })).status).toBe(404);
  });

  it("refuses an address that is not one, or no one's, with a French reason on the field", async () => {
    expect(await coordination(who.admin, { intent: "add", email: "pas une adresse" })).toMatchObject({
      status: 400,
      body: { errors: { email: "coordinators.error.email" } },
    });
    expect(await coordination(who.admin, { intent: "add", email: "personne@nulle-part.fr" })).toMatchObject({
      status: 400,
      body: { errors: { email: "coordinators.error.unknown" } },
    });
    expect((await coordination(who.admin, { email: at.coordinatorEmail })).status).toBe(400);
  });

  it("once named, the coordinator sees the network; once removed, 404 again", async () => {
    expect((await networkPage(who.coordinator)).status).toBe(404);
    expect(await coordination(who.admin, { intent: "add", email: ` ${at.coordinatorEmail.toUpperCase()} ` })).toMatchObject({
      status: 200,
      body: { done: "added" },
    });
    expect(await coordination(who.admin, { intent: "add", email: at.coordinatorEmail })).toMatchObject({
      status: 400,
      body: { errors: { email: "coordinators.error.already" } },
    });
    const network = await networkPage(who.coordinator);
    expect(network.status).toBe(200);
    const body = network.body as { report: { tables: { id: string; rows: Record<string, unknown>[] }[] } };
    expect(body.report.tables.find((table) => table.id === "territories")!.rows).toEqual([
      {
        label: { text: "Nord" },
        structures: { count: 1 },
        sessions: { count: 1 },
        registrations: { count: 9 },
        // 9 − 7 would give the 2 absent: present is hidden, as in the attendance table.
        present: { masked: true },
        rate: { masked: true },
      },
    ]);
    expect((await networkPage(who.admin)).status).toBe(404);
    const page = (await coordination(who.admin)).body as { coordinators: { userId: string }[] };
    expect(page.coordinators).toHaveLength(1);
    await coordination(who.admin, { intent: "remove", userId: page.coordinators[0]!.userId });
    expect((await networkPage(who.coordinator)).status).toBe(404);
  });
});
