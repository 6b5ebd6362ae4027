// Indicators of a structure, a series and a network (issue 16.2-4), checked figure by figure against
// a known history, with the "< 5" rule and who may see what.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadWorkshopLibrary } from "../workshops/library.js";
import { computeIndicators, indicatorScopeFor, parsePeriod, type IndicatorScope } from "../app/indicators/indicators.server.js";
import type { IndicatorCell, IndicatorReport } from "../app/indicators/indicator-table.js";
import { createDb, type Db } from "../prisma/db.js";
import { migrateDeploy } from "../scripts/migrate-engine.js";
import { createTestDatabase, type TestDatabase } from "./support/fixtures.js";
import { adminQuery, postgresForTests, postgresUrl } from "./support/postgres.js";
import * as seed from "./support/indicator-history.js";

let database: TestDatabase;
const now = new Date("2026-04-15T10:00:00Z");
const ids = {} as Record<"S" | "S2" | "CoHost" | "Other" | "series", string> &
  Record<"admin" | "facilitator" | "coordinator" | "coHost" | "other" | "s2pro", string>;
const M = { masked: true } as const;
const E = { empty: true } as const;

const period = (query: string) => parsePeriod(new URLSearchParams(query), now);
const table = (report: IndicatorReport, id: string) => {
  const found = report.tables.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no table ${id}`);
  return found;
};
/** The table's rows as { label: cells }, without the label cell. */
function rowsOf(report: IndicatorReport, id: string): Record<string, Record<string, IndicatorCell>> {
  const rows: Record<string, Record<string, IndicatorCell>> = {};
  for (const { label, ...rest } of table(report, id).rows) rows["text" in label! ? label.text : "?"] = rest;
  return rows;
}
const structure = (structureId: string): IndicatorScope => ({ kind: "structure", structureId });

/** The history every test reads; on a fresh database (SQLite, or PostgreSQL below). */
async function seedHistory(db: Db) {
  const s = await seed.structureWithAdmin(db, "Maison de l'emploi", "Est");
  const s2 = await seed.structureWithAdmin(db, "PLIE du val", "Ouest");
  const coHost = await seed.structureWithAdmin(db, "Association voisine", "Est");
  const other = await seed.structureWithAdmin(db, "Autre structure", "Est");
  Object.assign(ids, { S: s.structure.id, S2: s2.structure.id, CoHost: coHost.structure.id, Other: other.structure.id });
  Object.assign(ids, { admin: s.user.id, coHost: coHost.user.id, other: other.user.id, s2pro: s2.user.id });
  const facilitator = await seed.professional(db, s.structure.id);
  const coordinator = await seed.professional(db, null);
  Object.assign(ids, { facilitator: facilitator.id, coordinator: coordinator.id });
  const base = { structureId: s.structure.id, createdById: facilitator.id };
  const P = await seed.people(db, s.structure.id, 8);

  const j1 = await seed.session(db, { ...base, day: "2026-01-10" });
  await seed.participants(db, j1, { personIds: [P[0]!, P[1]!] });
  const f1 = await seed.session(db, { ...base, day: "2026-02-10" });
  await seed.participants(db, f1, { personIds: [P[2]!], unlinked: 4 });
  await seed.registrations(db, f1, { present: 3 });
  await seed.session(db, { ...base, day: "2026-02-20" });

  const q1 = { id: "accueil", label: "Je me suis senti·e accueilli·e", scale: 5 };
  const q2 = { id: "appris", label: "J'ai appris quelque chose", scale: 3 };
  const s1 = await seed.session(db, { ...base, day: "2026-03-05" });
  await seed.participants(db, s1, { personIds: P.slice(0, 5), unlinked: 2, userIds: [facilitator.id] });
  await seed.registrations(db, s1, { present: 5, absent: 5 });
  await seed.answers(db, s1, q1, [5, 5, 5, 4, 4, 2]);
  await seed.answers(db, s1, q2, [3, 3, 3, 3, 3]);
  await seed.outcomes(db, s1, facilitator.id, "mobility", { accepted: 5, declined: 5, proposed: 2 }, P[0]!);
  const s2s = await seed.session(db, { ...base, day: "2026-03-12" });
  await seed.participants(db, s2s, { personIds: [P[0]!, P[2]!, P[5]!, P[6]!, P[7]!], unlinked: 3 });
  await seed.registrations(db, s2s, { present: 5 });
  await seed.answers(db, s2s, q1, [5, 5]);
  await seed.answers(db, s2s, q2, [3, 3, 3, 3, 3]);
  const s3 = await seed.session(db, { ...base, day: "2026-03-20" });
  await seed.participants(db, s3, { personIds: [P[1]!], unlinked: 1 });
  await db.sessionCoHost.create({ data: { sessionId: s3, structureId: coHost.structure.id } });
  const i1 = await seed.session(db, {
    ...base,
    day: "2026-03-25",
    kind: "information_session",
    templateId: "information-avant-diagnostic",
  });
  await seed.registrations(db, i1, { present: 5, cancelled: 1, waiting: 1 });
  await seed.steps(db, P[0]!, "2026-03-10", [
    "todo",
    "todo",
    "todo",
    "todo",
    "todo",
    "done",
    "done",
    "done",
    "done",
    "done",
    "done",
    "doing",
  ]);
  await seed.steps(db, P[1]!, "2026-02-15", ["todo", "todo"]);

  // The other structure of the network, and a practice-exchange series between them.
  const o1 = await seed.session(db, { structureId: s2.structure.id, createdById: s2.user.id, day: "2026-03-08" });
  await seed.registrations(db, o1, { present: 6 });
  const series = await db.practiceSeries.create({
    data: {
      title: "Échanges de l'Est",
      territory: "Est",
      theme: "Mobilité",
      createdById: s.user.id,
      members: {
        create: [
          { structureId: s.structure.id, position: 0 },
          { structureId: s2.structure.id, position: 1 },
        ],
      },
    },
  });
  ids.series = series.id;
  const x1 = await seed.session(db, {
    structureId: s2.structure.id,
    createdById: s2.user.id,
    day: "2026-03-15",
    kind: "practice_exchange",
    templateId: "echange-pratiques-thematique",
    seriesId: series.id,
  });
  await seed.participants(db, x1, { userIds: [facilitator.id, s2.user.id] });
  await db.contactCard.create({
    data: {
      userId: facilitator.id,
      structureId: s.structure.id,
      seriesId: series.id,
      sessionId: x1,
      name: "F",
      role: "CIP",
      helpWith: "Mobilité",
    },
  });
  await db.hostingProposal.create({
    data: { seriesId: series.id, structureId: s.structure.id, status: "passed", decidedAt: new Date("2026-03-02T09:00:00Z") },
  });
  for (const structureId of [s.structure.id, s2.structure.id]) {
    await db.networkCoordinator.create({ data: { structureId, userId: coordinator.id, grantedById: s.user.id } });
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedHistory(database.db);
});

afterAll(async () => database.cleanup());

describe("the period", () => {
  it("is a Paris month, quarter, year or whole months, compared with the same length just before", () => {
    expect(period("period=month&year=2026&month=3")).toMatchObject({
      from: "2026-03-01",
      to: "2026-03-31",
      label: "mars 2026",
      previous: { from: "2026-02-01", to: "2026-02-28", label: "février 2026" },
    });
    // Midnight in Paris, an hour before midnight UTC in winter.
    expect(period("period=month&year=2026&month=3").start.toISOString()).toBe("2026-02-28T23:00:00.000Z");
    expect(period("period=quarter&year=2026&quarter=1")).toMatchObject({
      from: "2026-01-01",
      to: "2026-03-31",
      previous: { from: "2025-10-01", to: "2025-12-31" },
    });
    expect(period("period=year&year=2025")).toMatchObject({
      from: "2025-01-01",
      to: "2025-12-31",
      previous: { from: "2024-01-01", to: "2024-12-31" },
    });
    const custom = period("period=custom&from=2026-03-02&to=2026-01-15");
    expect(custom).toMatchObject({
      kind: "custom",
      from: "2026-01-01",
      to: "2026-03-31",
      previous: { from: "2025-10-01", to: "2025-12-31" },
    });
  });

  it("falls back to the current month on anything it cannot read, and never throws", () => {
    for (const query of [
      "",
      "period=week",
      "period=month&month=13&year=abc",
      "period=custom&from=2026-02-30&to=x",
      "period=custom&from=1900-01-01&to=2026-01-01",
      "year=99999",
    ]) {
      expect(period(query)).toMatchObject({ kind: "month", from: "2026-04-01", to: "2026-04-30" });
    }
    expect(period("period=custom&from=2020-01-01&to=2026-01-01").kind).toBe("month");
    expect(period("type=autre").sessionKind).toBeUndefined();
  });
});

describe("a structure's indicators against a known history", () => {
  let march: IndicatorReport;
  beforeAll(async () => {
    march = await computeIndicators(database.db, structure(ids.S), period("period=month&year=2026&month=3"));
  });

  it("counts sessions by kind and by template, against the month before", () => {
    expect(march.period).toEqual({ label: "mars 2026", from: "2026-03-01", to: "2026-03-31" });
    expect(rowsOf(march, "sessions-by-kind")).toEqual({
      "Information collective": { current: { count: 1 }, previous: { count: 0 } },
      "Atelier entre pairs": { current: { count: 3 }, previous: { count: 2 } },
      "Échange de pratiques": { current: { count: 0 }, previous: { count: 0 } },
      Total: { current: { count: 4 }, previous: { count: 2 } },
    });
    const titles = new Map(loadWorkshopLibrary().templates.map((template) => [template.id, template.title]));
    expect(rowsOf(march, "sessions-by-template")).toEqual({
      [titles.get("forces-et-reconnaissance")!]: { current: { count: 3 }, previous: { count: 2 } },
      [titles.get("information-avant-diagnostic")!]: { current: { count: 1 }, previous: { count: 0 } },
    });
    expect(table(march, "sessions-by-kind").criterion?.id).toBe("collective-times");
  });

  it("counts people once, first-time and returning, and hides what a subtraction would give", () => {
    // 8 people linked (3 came before March: returning, < 5), 6 not linked; first-time (5) is hidden
    // too, since 14 − 6 − first-time would give the returning.
    expect(rowsOf(march, "participants")).toEqual({
      "Personnes accompagnées (chacune comptée une fois)": { current: { count: 14 }, previous: { count: 5 } },
      "dont venues pour la première fois": { current: M, previous: M },
      "dont déjà venues avant": { current: M, previous: { count: 0 } },
      "dont non rattachées à une fiche": { current: { count: 6 }, previous: M },
      Professionnels: { current: M, previous: { count: 0 } },
    });
  });

  it("counts registrations and presence, with the attendance rate when nothing in it is hidden", () => {
    expect(rowsOf(march, "attendance")).toEqual({
      Inscriptions: { current: { count: 20 }, previous: M },
      Présents: { current: { count: 15 }, previous: M },
      Absents: { current: { count: 5 }, previous: { count: 0 } },
      Excusés: { current: { count: 0 }, previous: { count: 0 } },
      "Présence non notée": { current: { count: 0 }, previous: { count: 0 } },
      "Taux de présence": { current: { rate: 0.75 }, previous: M },
    });
  });

  it("gives satisfaction question by question: distribution and rate", () => {
    const rows = rowsOf(march, "satisfaction");
    // 8 answers given; the 2 of the session where only 2 answered are not spread by face (decision
    // 019), so the faces are those of the first session alone: 3, 2 and 1, each hidden.
    expect(rows["Je me suis senti·e accueilli·e"]).toEqual({
      answers: { count: 8 },
      face1: { count: 0 },
      face2: M,
      face3: { count: 0 },
      face4: M,
      face5: M,
      rate: M,
      previousRate: E,
    });
    expect(rows["J'ai appris quelque chose"]).toEqual({
      answers: { count: 10 },
      face1: { count: 0 },
      face2: { count: 0 },
      face3: { count: 10 },
      face4: E,
      face5: E,
      rate: { rate: 1 },
      previousRate: E,
    });
  });

  it("counts outcomes by dimension, declined ones included, and action-plan steps by status", () => {
    expect(rowsOf(march, "outcomes")).toEqual({
      Mobilité: { all: { count: 12 }, accepted: M, declined: { count: 5 }, proposed: M, previous: { count: 0 } },
    });
    expect(rowsOf(march, "action-plan")).toEqual({
      "À faire": { current: M, previous: M },
      "En cours": { current: M, previous: { count: 0 } },
      Fait: { current: { count: 6 }, previous: { count: 0 } },
      Abandonné: { current: { count: 0 }, previous: { count: 0 } },
      "Sans état": { current: { count: 0 }, previous: { count: 0 } },
      Total: { current: { count: 12 }, previous: M },
    });
    expect(march.tables.some((candidate) => candidate.id === "practice-exchanges")).toBe(false);
  });

  it("filters on a kind of session", async () => {
    const peer = await computeIndicators(database.db, structure(ids.S), period("period=month&year=2026&month=3&type=peer_workshop"));
    expect(rowsOf(peer, "attendance")["Inscriptions"]).toEqual({ current: { count: 15 }, previous: M });
    expect(rowsOf(peer, "attendance")["Taux de présence"]!.current).toEqual({ rate: 10 / 15 });
    expect(rowsOf(peer, "sessions-by-kind")["Total"]).toEqual({ current: { count: 3 }, previous: { count: 2 } });
  });
});

describe("no choice of period or kind isolates fewer than 5 people", () => {
  it("reading before and after a small session closes does not tell its answers apart", async () => {
    const db = database.db;
    const april = period("period=month&year=2026&month=4");
    const s = { structureId: ids.S, createdById: ids.facilitator };
    const big = await seed.session(db, { ...s, day: "2026-04-02" });
    const q = { id: "revenir", label: "Je reviendrais", scale: 3 };
    await seed.answers(db, big, q, [3, 3, 3, 3, 3, 3]);
    const small = await seed.session(db, { ...s, day: "2026-04-03" });
    await seed.answers(db, small, q, [1]);
    await db.groupSession.update({ where: { id: small }, data: { closedAt: null } });
    const before = rowsOf(await computeIndicators(db, structure(ids.S), april), "satisfaction")["Je reviendrais"]!;
    await db.groupSession.update({ where: { id: small }, data: { closedAt: new Date("2026-04-03T15:00:00Z") } });
    const after = rowsOf(await computeIndicators(db, structure(ids.S), april), "satisfaction")["Je reviendrais"]!;
    // One more answer given, and nothing else moves: not a face, not the rate.
    expect(before).toMatchObject({ answers: { count: 6 }, face1: { count: 0 }, face3: { count: 6 }, rate: { rate: 1 } });
    expect(after).toEqual({ ...before, answers: { count: 7 } });
    await db.groupSession.deleteMany({ where: { id: { in: [big, small] } } });
  });

  it("a quarter that adds a month of 3 registrations hides the total, which March alone shows", async () => {
    const quarter = await computeIndicators(database.db, structure(ids.S), period("period=quarter&year=2026&quarter=1"));
    expect(rowsOf(quarter, "attendance")["Inscriptions"]!.current).toEqual(M);
    expect(rowsOf(quarter, "attendance")["Présents"]!.current).toEqual(M);
  });

  it("any two figures shown, one a part of the other, differ by 0 or at least 5", async () => {
    const months = ["2026-01", "2026-02", "2026-03"];
    const kinds = ["", "peer_workshop", "information_session"];
    const shown: { first: number; last: number; kind: string; figures: Record<string, number> }[] = [];
    for (let first = 0; first < months.length; first++) {
      for (let last = first; last < months.length; last++) {
        for (const kind of kinds) {
          const report = await computeIndicators(
            database.db,
            structure(ids.S),
            period(`period=custom&from=${months[first]}-01&to=${months[last]}-01${kind ? `&type=${kind}` : ""}`),
          );
          const figures: Record<string, number> = {};
          for (const id of ["attendance", "participants", "action-plan"]) {
            for (const [label, cells] of Object.entries(rowsOf(report, id))) {
              if ("count" in cells.current!) figures[`${id}/${label}`] = cells.current.count;
            }
          }
          shown.push({ first, last, kind, figures });
        }
      }
    }
    let compared = 0;
    for (const wide of shown) {
      for (const narrow of shown) {
        const within = narrow.first >= wide.first && narrow.last <= wide.last && (wide.kind === "" || wide.kind === narrow.kind);
        if (!within || narrow === wide) continue;
        for (const [figure, value] of Object.entries(narrow.figures)) {
          // Distinct people are not sums of months (decision 019); additive figures are.
          if (!(figure in wide.figures) || figure.startsWith("participants/Personnes")) continue;
          const difference = wide.figures[figure]! - value;
          compared += 1;
          expect(difference === 0 || difference >= 5, `${figure}: ${wide.figures[figure]} − ${value}`).toBe(true);
        }
      }
    }
    expect(compared).toBeGreaterThan(20);
  });
});

describe("series and network", () => {
  it("a series shows its practice exchanges: hosted, passes, professionals and contact cards by structure", async () => {
    const report = await computeIndicators(database.db, { kind: "series", seriesId: ids.series }, period("period=month&year=2026&month=3"));
    expect(report.scopeLabel).toBe("Échanges de l'Est");
    expect(rowsOf(report, "sessions-by-kind")["Échange de pratiques"]).toEqual({ current: { count: 1 }, previous: { count: 0 } });
    expect(rowsOf(report, "practice-exchanges")).toEqual({
      "Maison de l'emploi": { hosted: { count: 0 }, passes: { count: 1 }, participants: M, cards: M },
      "PLIE du val": { hosted: { count: 1 }, passes: { count: 0 }, participants: M, cards: { count: 0 } },
    });
    expect(report.tables.some((candidate) => candidate.id === "action-plan")).toBe(false);
  });

  it("a coordinator's network adds up the structures that named them, by territory", async () => {
    const report = await computeIndicators(
      database.db,
      { kind: "network", userId: ids.coordinator },
      period("period=month&year=2026&month=3"),
    );
    expect(rowsOf(report, "sessions-by-kind")["Total"]).toEqual({ current: { count: 6 }, previous: { count: 2 } });
    expect(rowsOf(report, "territories")).toEqual({
      Est: { structures: { count: 1 }, sessions: { count: 4 }, registrations: { count: 20 }, present: { count: 15 }, rate: { rate: 0.75 } },
      Ouest: { structures: { count: 1 }, sessions: { count: 2 }, registrations: { count: 6 }, present: { count: 6 }, rate: { rate: 1 } },
    });
    expect(JSON.stringify(report)).not.toContain("Personne 1");
  });
});

describe("who sees which indicators", () => {
  const sees = async (userId: string, target: Parameters<typeof indicatorScopeFor>[2]) => {
    try {
      await indicatorScopeFor(database.db, userId, target);
      return 200;
    } catch (error) {
      if (error instanceof Response) return error.status;
      throw error;
    }
  };

  it("members see their structure; co-hosts, other structures and coordinators get 404", async () => {
    expect(await sees(ids.admin, { kind: "structure", structureId: ids.S })).toBe(200);
    expect(await sees(ids.facilitator, { kind: "structure", structureId: ids.S })).toBe(200);
    expect(await sees(ids.coHost, { kind: "structure", structureId: ids.S })).toBe(404);
    expect(await sees(ids.other, { kind: "structure", structureId: ids.S })).toBe(404);
    expect(await sees(ids.coordinator, { kind: "structure", structureId: ids.S })).toBe(404);
    expect(await sees(ids.admin, { kind: "structure", structureId: "inconnue" })).toBe(404);
  });

  it("members of a series' structures see the series; others get 404", async () => {
    expect(await sees(ids.facilitator, { kind: "series", seriesId: ids.series })).toBe(200);
    expect(await sees(ids.s2pro, { kind: "series", seriesId: ids.series })).toBe(200);
    expect(await sees(ids.other, { kind: "series", seriesId: ids.series })).toBe(404);
    expect(await sees(ids.coHost, { kind: "series", seriesId: ids.series })).toBe(404);
  });

  it("only a named coordinator sees a network", async () => {
    expect(await sees(ids.coordinator, { kind: "network" })).toBe(200);
    expect(await sees(ids.admin, { kind: "network" })).toBe(404);
    expect(await sees(ids.other, { kind: "network" })).toBe(404);
  });
});

const postgres = await postgresForTests();

describe.runIf(postgres)("on PostgreSQL", () => {
  it("the same history gives the same report as on SQLite", async () => {
    const name = `atelier_test_${randomUUID().replaceAll("-", "")}`;
    const url = postgresUrl(name);
    await adminQuery(`CREATE DATABASE "${name}"`);
    const db = createDb(url);
    try {
      await migrateDeploy(url);
      const sqliteIds = { ...ids };
      await seedHistory(db);
      const onPostgres = await computeIndicators(db, structure(ids.S), period("period=month&year=2026&month=3"));
      const network = await computeIndicators(
        db,
        { kind: "network", userId: ids.coordinator },
        period("period=quarter&year=2026&quarter=1"),
      );
      Object.assign(ids, sqliteIds);
      const onSqlite = await computeIndicators(database.db, structure(ids.S), period("period=month&year=2026&month=3"));
      const sqliteNetwork = await computeIndicators(
        database.db,
        { kind: "network", userId: ids.coordinator },
        period("period=quarter&year=2026&quarter=1"),
      );
      const sorted = (report: IndicatorReport) =>
        report.tables.map((one) => ({ ...one, rows: [...one.rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) }));
      expect(sorted(onPostgres)).toEqual(sorted(onSqlite));
      expect(sorted(network)).toEqual(sorted(sqliteNetwork));
    } finally {
      await db.$disconnect();
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });
});
