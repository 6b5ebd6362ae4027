// Hostile checks of issue 16 (end-of-session answers and indicators), written while attacking what
// was built: a facilitator who watches who taps when, forged fields in odd encodings, a participant
// posting many times at once, malformed query strings on the indicators pages and their files,
// spreadsheet formulas hidden in names.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Papa from "papaparse";
import { action as feedbackAction } from "../app/routes/contribute.$sessionId_.avis.js";
import { loader as structureLoader } from "../app/routes/structures.$structureId_.indicateurs.js";
import { loader as structureCsv } from "../app/routes/structures.$structureId_.indicateurs[.]csv.js";
import { loader as seriesLoader } from "../app/routes/series.$seriesId.indicateurs.js";
import { loader as networkLoader } from "../app/routes/reseau.indicateurs.js";
import { closeSession } from "../app/diagnostic/closing/closing.server.js";
import { gatherReport } from "../app/report/gather.server.js";
import { reportMarkdown } from "../app/report/markdown.server.js";
import { computeIndicators, parsePeriod } from "../app/indicators/indicators.server.js";
import { parisMonth } from "../app/indicators/period.js";
import { answerOf } from "./support/route-answer.js";
import {
  createFacilitatorWithSession,
  createTestDatabase,
  participantCookie,
  professionalCookie,
  type TestDatabase,
} from "./support/fixtures.js";
import * as seed from "./support/indicator-history.js";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.cleanup();
});

const avis = (sessionId: string) => `http://localhost/contribute/${sessionId}/avis`;

function post(sessionId: string, cookie: string, body: BodyInit, contentType?: string) {
  const headers: Record<string, string> = { Cookie: cookie };
  if (contentType) headers["Content-Type"] = contentType;
  const request = new Request(avis(sessionId), { method: "POST", headers, body });
  return answerOf(() => feedbackAction({ request, params: { sessionId }, context: { db: database.db } } as never));
}
const form = (fields: [string, string][]) => new URLSearchParams(fields);

async function sessionWithVoters(count: number) {
  const setup = await createFacilitatorWithSession(database.db);
  const voters: string[] = [];
  for (let index = 0; index < count; index++) voters.push(await participantCookie(database.db, setup.sessionId, `Votant ${index}`));
  return { ...setup, voters };
}

describe("a facilitator watching who answers when", () => {
  it("the report shows no answer, count or word while the session is open: each reload would tell what the person just seen tapping chose", async () => {
    const setup = await sessionWithVoters(6);
    const { sessionId, voters } = setup;
    for (const cookie of voters.slice(0, 5)) expect((await post(sessionId, cookie, form([["q.accueil", "4"]]))).status).toBe(200);
    // The sixth person is seen tapping; then the facilitator reloads the report.
    expect(
      (
        await post(
          sessionId,
          voters[5]!,
          form([
            ["q.accueil", "2"],
            ["word", "Mot de Fatou"],
          ]),
        )
      ).status,
    ).toBe(200);
    const open = await gatherReport(database.db, setup.user.id, sessionId);
    expect(open?.feedback ?? null).toBeNull();
    expect(JSON.stringify(open)).not.toContain("Mot de Fatou");
    expect(reportMarkdown(open!)).not.toContain("Mot de Fatou");

    // Once closed the answers are final and shown, small numbers hidden as before.
    expect(await closeSession(database.db, setup.user.id, sessionId, "")).toBe(true);
    const closed = await gatherReport(database.db, setup.user.id, sessionId);
    expect(closed?.feedback?.ballots).toEqual({ count: 6 });
    expect(closed?.feedback?.words).toEqual(["Mot de Fatou"]);
  });

  it("the indicators count a session's answers only once it is closed (they may still change until then)", async () => {
    const setup = await sessionWithVoters(6);
    const { sessionId, voters } = setup;
    for (const cookie of voters) expect((await post(sessionId, cookie, form([["q.accueil", "4"]]))).status).toBe(200);
    const session = await database.db.groupSession.findUniqueOrThrow({ where: { id: sessionId }, select: { startsAt: true } });
    const month = parisMonth(session.startsAt);
    const period = parsePeriod(new URLSearchParams({ period: "custom", from: month, to: month }), new Date());
    const scope = { kind: "structure" as const, structureId: setup.structure.id };
    const satisfaction = async () =>
      (await computeIndicators(database.db, scope, period)).tables.find((table) => table.id === "satisfaction");
    expect((await satisfaction())?.rows ?? []).toEqual([]);
    expect(await closeSession(database.db, setup.user.id, sessionId, "")).toBe(true);
    expect((await satisfaction())?.rows[0]?.answers).toEqual({ count: 6 });
  });
});

describe("forged ballots", () => {
  it("refuses other scripts' digits, odd field names and oversized words, never a 500, nothing saved", async () => {
    const { sessionId, voters } = await sessionWithVoters(1);
    const cookie = voters[0]!;
    const refused = async (body: BodyInit, contentType?: string) => {
      const answer = await post(sessionId, cookie, body, contentType);
      expect(answer.status, String(body).slice(0, 60)).toBeGreaterThanOrEqual(400);
      expect(answer.status, String(body).slice(0, 60)).toBeLessThan(500);
    };
    for (const digit of ["٣", "３", "३", "𝟑", "3\n", "\u200b3", "+3", "03", "-1"]) await refused(form([["q.accueil", digit]]));
    for (const name of ["q.__proto__", "q.constructor", "q.", "Q.accueil", "q.accueil ", "__proto__", "q.toString"])
      await refused(form([[name, "2"]]));
    await refused(form([["word", "é".repeat(281)]]));
    await refused(form([["word", "x".repeat(1_000_000)]]));
    const repeated = new FormData();
    repeated.append("q.accueil", "2");
    repeated.append("q.accueil", "3");
    await refused(repeated);
    const file = new FormData();
    file.set("q.accueil", new Blob(["2"]), "face.txt");
    await refused(file);
    await refused("q.accueil=2&q.accueil=2");
    expect(await database.db.feedbackBallot.count({ where: { sessionId } })).toBe(0);
  });

  it("many posts at once from one participant leave one ballot with one answer per question", async () => {
    const { sessionId, voters } = await sessionWithVoters(1);
    const answers = await Promise.all(
      ["1", "2", "3", "4", "1", "2", "3", "4"].map((face) =>
        post(
          sessionId,
          voters[0]!,
          form([
            ["q.accueil", face],
            ["q.appris", face],
          ]),
        ),
      ),
    );
    for (const answer of answers) expect(answer.status).toBeLessThan(500);
    expect(await database.db.feedbackBallot.count({ where: { sessionId } })).toBe(1);
    expect(await database.db.feedbackAnswer.count({ where: { sessionId } })).toBe(2);
  });
});

describe("indicators against hostile addresses", () => {
  const ids = {} as { structure: string; series: string; admin: string; outsider: string; participant: string; naughty: string };
  beforeAll(async () => {
    const { db } = database;
    const naughty = await seed.structureWithAdmin(db, '=HYPERLINK("http://x.invalid","clic")', "Nord");
    const host = await seed.structureWithAdmin(db, "+1+1", "Nord");
    await db.networkCoordinator.create({ data: { structureId: naughty.structure.id, userId: host.user.id, grantedById: naughty.user.id } });
    await db.networkCoordinator.create({ data: { structureId: host.structure.id, userId: host.user.id, grantedById: host.user.id } });
    const sessionId = await seed.session(db, { structureId: host.structure.id, createdById: host.user.id, day: "2026-03-05" });
    await seed.registrations(db, sessionId, { present: 7, absent: 2 });
    const series = await db.practiceSeries.create({
      data: {
        title: "@SUM(1+1)",
        territory: "Nord",
        theme: "Logement",
        createdById: host.user.id,
        members: { create: [{ structureId: host.structure.id, position: 0 }] },
      },
    });
    const outsider = await seed.structureWithAdmin(db, "Ailleurs");
    ids.structure = host.structure.id;
    ids.series = series.id;
    ids.admin = await professionalCookie(db, host.user.id);
    ids.naughty = await professionalCookie(db, naughty.user.id);
    ids.outsider = await professionalCookie(db, outsider.user.id);
    ids.participant = await participantCookie(db, sessionId);
  });

  const malformed = [
    "year=99999999999999999999&month=-1",
    "period=year&year=-2026",
    "period=year&year=2026.5",
    "period=quarter&quarter=0&year=1e4",
    "period=quarter&quarter=NaN",
    "period=custom&from=2026-02-30&to=2026-13",
    "period=custom&from=0000-01&to=9999-12",
    "period=custom&from=2026-03&to=2020-01",
    "period=custom&from=%D9%A2%D9%A0%D9%A2%D9%A6-01&to=2026-03",
    "period=month&period=year&year=2026&year=2025",
    "period[]=year&year[]=2026&month[0]=3",
    "period=%00&type=__proto__",
    "type=constructor&month=%F0%9F%98%80",
    "from=2026-03-05&to=2026-03-05",
    `year=${"9".repeat(5000)}`,
  ];

  it("answers every malformed period with a page, never a 500", async () => {
    for (const query of malformed) {
      const request = new Request(`http://localhost/structures/${ids.structure}/indicateurs?${query}`, { headers: { Cookie: ids.admin } });
      const answer = await answerOf(() =>
        structureLoader({ request, params: { structureId: ids.structure }, context: { db: database.db } } as never),
      );
      expect(answer.status, query).toBe(200);
      const file = new Request(`http://localhost/structures/${ids.structure}/indicateurs.csv?${query}`, { headers: { Cookie: ids.admin } });
      const csv = await answerOf(() =>
        structureCsv({ request: file, params: { structureId: ids.structure }, context: { db: database.db } } as never),
      );
      expect(csv.status, query).toBe(200);
    }
  });

  it("a custom day is widened to its whole month: no single session isolated by dates", () => {
    const period = parsePeriod(
      new URLSearchParams({ period: "custom", from: "2026-03-05", to: "2026-03-05" }),
      new Date("2026-12-01T05:00:00Z"),
    );
    expect([period.from, period.to]).toEqual(["2026-03-01", "2026-03-31"]);
  });

  it("others get 404: another structure, a participant's cookie, a coordinator's structure page", async () => {
    const page = (cookie: string) =>
      answerOf(() =>
        structureLoader({
          request: new Request(`http://localhost/structures/${ids.structure}/indicateurs`, { headers: { Cookie: cookie } }),
          params: { structureId: ids.structure },
          context: { db: database.db },
        } as never),
      );
    expect((await page(ids.outsider)).status).toBe(404);
    // The naughty structure's admin coordinates nothing: its network page is a 404.
    const network = await answerOf(() =>
      networkLoader({
        request: new Request("http://localhost/reseau/indicateurs", { headers: { Cookie: ids.naughty } }),
        params: {},
        context: { db: database.db },
      } as never),
    );
    expect(network.status).toBe(404);
    const participant = await page(ids.participant);
    expect([302, 303, 404]).toContain(participant.status);
    const series = await answerOf(() =>
      seriesLoader({
        request: new Request(`http://localhost/series/${ids.series}/indicateurs`, { headers: { Cookie: ids.outsider } }),
        params: { seriesId: ids.series },
        context: { db: database.db },
      } as never),
    );
    expect(series.status).toBe(404);
  });

  it("a structure's or a series' name that looks like a formula stays text in the CSV", async () => {
    const request = new Request(`http://localhost/structures/${ids.structure}/indicateurs.csv?period=year&year=2026`, {
      headers: { Cookie: ids.admin },
    });
    const response = (await structureCsv({
      request,
      params: { structureId: ids.structure },
      context: { db: database.db },
    } as never)) as Response;
    const rows = Papa.parse<string[]>((await response.text()).replace(/^\uFEFF/, ""), { delimiter: ";" }).data;
    for (const cell of rows.flat()) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});
