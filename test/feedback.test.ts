// A say for everyone (issue 16, point 1): each participant answers the end-of-session questions with
// faces, once, and may change their answers until the session is closed. The answers are anonymous:
// no stored row holds a participant's id or name, the key that lets a participant find their own
// ballot is made from their token (which the server does not keep) and goes at closing, and the
// facilitator's summary shows no name and hides small numbers.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { action as feedbackAction, loader as feedbackLoader } from "../app/routes/contribute.$sessionId_.avis.js";
import { closeSession } from "../app/diagnostic/closing/closing.server.js";
import { faceCells, feedbackSummary } from "../app/feedback/feedback.server.js";
import { gatherReport } from "../app/report/gather.server.js";
import { reportMarkdown } from "../app/report/markdown.server.js";
import { reportPdf } from "../app/report/pdf.server.js";
import { applyCommand, Agenda, initialFacilitation, isFeedbackOpen } from "../board-core/facilitation-state.js";
import { DEFAULT_FEEDBACK_QUESTIONS } from "../workshops/feedback.js";
import { phaseSchema, workshopTemplateSchema } from "../workshops/schema.js";
import { loadWorkshopLibrary } from "../workshops/library.js";
import { draftFromForm, draftFromTemplate, parseDraft } from "../app/templates/template-editor.js";
import { answerOf } from "./support/route-answer.js";
import { createFacilitatorWithSession, createTestDatabase, participantCookie, type TestDatabase } from "./support/fixtures.js";
import { startBoardServer, type InProcessBoardServer } from "./support/board-server.js";
import { connectFacilitation, type FacilitationConnection } from "./support/facilitation.js";
import { professionalCookie } from "./support/fixtures.js";
import { pdfText } from "./support/pdf-text.js";
import { randomUUID } from "node:crypto";
import { adminQuery, postgresForTests, postgresUrl } from "./support/postgres.js";
import { migrateDeploy } from "../scripts/migrate-engine.js";
import { createDb, type Db } from "../prisma/db.js";
import { runPurge } from "../app/privacy/purge.server.js";
import { RETENTION_POLICY } from "../app/privacy/retention.js";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.cleanup();
});

const url = (sessionId: string) => `http://localhost/contribute/${sessionId}/avis`;
const form = (fields: [string, string][]) => new URLSearchParams(fields);

function post(
  sessionId: string,
  cookie: string | null,
  body: BodyInit,
  contentType = "application/x-www-form-urlencoded",
  db = database.db,
) {
  const headers: Record<string, string> = { "Content-Type": contentType };
  if (cookie) headers.Cookie = cookie;
  const request = new Request(url(sessionId), { method: "POST", headers, body });
  return answerOf(() => feedbackAction({ request, params: { sessionId }, context: { db } } as never));
}

function read(sessionId: string, cookie: string | null) {
  const request = new Request(url(sessionId), { headers: cookie ? { Cookie: cookie } : {} });
  return answerOf(() => feedbackLoader({ request, params: { sessionId }, context: { db: database.db } } as never));
}

/** Every stored byte of the feedback tables, as one string. */
async function storedFeedback(sessionId: string): Promise<string> {
  const [ballots, answers] = await Promise.all([
    database.db.feedbackBallot.findMany({ where: { sessionId } }),
    database.db.feedbackAnswer.findMany({ where: { sessionId } }),
  ]);
  return JSON.stringify({ ballots, answers });
}

async function newSession() {
  const setup = await createFacilitatorWithSession(database.db);
  const awa = await participantCookie(database.db, setup.sessionId, "Zéphyrine");
  const bilal = await participantCookie(database.db, setup.sessionId, "Barnabé");
  const ids = await database.db.participant.findMany({ where: { sessionId: setup.sessionId }, select: { id: true, tokenHash: true } });
  return { ...setup, awa, bilal, ids };
}

describe("answering the end-of-session questions", () => {
  it("stores one anonymous ballot per participant, changeable, and read back by its owner only", async () => {
    const setup = await newSession();
    const { sessionId } = setup;
    // A session whose template asks nothing: the facilitator's live questions are the default ones.
    const before = await read(sessionId, setup.awa);
    expect(before.status).toBe(200);
    expect((before.body as { questions: unknown }).questions).toEqual(DEFAULT_FEEDBACK_QUESTIONS);
    expect((before.body as { mine: unknown }).mine).toBeNull();

    expect(
      (
        await post(
          sessionId,
          setup.awa,
          form([
            ["q.accueil", "4"],
            ["q.appris", "2"],
            ["word", "Merci pour le café"],
          ]),
        )
      ).status,
    ).toBe(200);
    expect((await post(sessionId, setup.bilal, form([["q.accueil", "1"]]))).status).toBe(200);
    // Awa changes her mind: still one ballot of hers, with her new answers only.
    expect(
      (
        await post(
          sessionId,
          setup.awa,
          form([
            ["q.accueil", "3"],
            ["q.revenir", "4"],
          ]),
        )
      ).status,
    ).toBe(200);

    const ballots = await database.db.feedbackBallot.findMany({ where: { sessionId }, include: { answers: true } });
    expect(ballots).toHaveLength(2);
    const mine = await read(sessionId, setup.awa);
    expect((mine.body as { mine: unknown }).mine).toEqual({ answers: { accueil: 3, revenir: 4 }, word: "" });
    const his = await read(sessionId, setup.bilal);
    expect((his.body as { mine: unknown }).mine).toEqual({ answers: { accueil: 1 }, word: "" });

    // Nothing stored says who: no participant id, token hash, or name.
    const stored = await storedFeedback(sessionId);
    for (const { id, tokenHash } of setup.ids) {
      expect(stored).not.toContain(id);
      expect(stored).not.toContain(tokenHash);
    }
    expect(stored).not.toMatch(/Zéphyrine|Barnabé/);
    expect(Object.keys(ballots[0]!).sort()).toEqual(["answers", "ballotKey", "id", "sessionId", "word"]);
  });

  it("refuses forged questions, faces outside the scale, long words, repeated fields and unreadable bodies, with a French reason", async () => {
    const setup = await newSession();
    const { sessionId } = setup;
    const refused = async (body: BodyInit, contentType?: string) => {
      const answer = await post(sessionId, setup.awa, body, contentType);
      expect(answer.status, String(body)).toBeGreaterThanOrEqual(400);
      expect(answer.status, String(body)).toBeLessThan(500);
      return answer;
    };
    const invalid = await refused(form([["q.inconnue", "2"]]));
    expect(invalid.status).toBe(400);
    expect((invalid.body as { problem: string }).problem).toMatch(/questions de la séance/);
    await refused(form([["q.accueil", "5"]])); // the default scale has 4 faces
    await refused(form([["q.accueil", "0"]]));
    await refused(form([["q.accueil", "2.5"]]));
    await refused(form([["q.accueil", "1e0"]]));
    await refused(form([["q.accueil", ""]]));
    await refused(form([["q.accueil", "deux"]]));
    await refused(form([["word", "x".repeat(281)]]));
    await refused(form([]));
    await refused(
      form([
        ["q.accueil", "1"],
        ["q.accueil", "4"],
      ]),
    );
    await refused(
      form([
        ["participantId", setup.ids[1]!.id],
        ["q.accueil", "2"],
      ]),
    );
    await refused(JSON.stringify({ "q.accueil": "2" }), "application/json");
    await refused("q.accueil=%FF", "application/x-www-form-urlencoded");
    await refused("q.accueil=2", "text/plain");
    await refused('--x\r\nContent-Disposition: form-data; name="q.accueil"\r\n\r\n2\r\n', "multipart/form-data");
    expect(await database.db.feedbackBallot.count({ where: { sessionId } })).toBe(0);

    // A multipart form is a form like another: accepted when it is right.
    const multipart = new FormData();
    multipart.set("q.accueil", "2");
    const request = new Request(url(sessionId), { method: "POST", headers: { Cookie: setup.awa }, body: multipart });
    expect((await answerOf(() => feedbackAction({ request, params: { sessionId }, context: { db: database.db } } as never))).status).toBe(
      200,
    );
  });

  it("takes answers only from this session's active participants", async () => {
    const setup = await newSession();
    const other = await newSession();
    const { sessionId } = setup;
    const one = form([["q.accueil", "2"]]);
    expect((await post(sessionId, null, one)).status).toBe(403);
    expect((await read(sessionId, null)).status).toBe(403);
    // Another session's participant cookie opens nothing here.
    expect((await post(sessionId, other.awa, one)).status).toBe(403);
    // The facilitator is not a participant: no ballot for them.
    expect((await post(sessionId, await professionalCookie(database.db, setup.user.id), one)).status).toBe(403);
    // Removed, or still waiting to be let in: refused.
    await database.db.participant.update({ where: { id: setup.ids[0]!.id }, data: { revokedAt: new Date() } });
    await database.db.participant.update({ where: { id: setup.ids[1]!.id }, data: { waitingSince: new Date() } });
    expect((await post(sessionId, setup.awa, one)).status).toBe(403);
    expect((await post(sessionId, setup.bilal, one)).status).toBe(403);
    expect(await database.db.feedbackBallot.count({ where: { sessionId } })).toBe(0);
  });

  it("after closing: keys gone, answers refused with a French sentence, the summary kept", async () => {
    const setup = await newSession();
    const { sessionId } = setup;
    await post(
      sessionId,
      setup.awa,
      form([
        ["q.accueil", "4"],
        ["word", "Très bien"],
      ]),
    );
    await post(sessionId, setup.bilal, form([["q.accueil", "3"]]));
    expect(await database.db.feedbackBallot.count({ where: { sessionId, ballotKey: { not: null } } })).toBe(2);

    expect(await closeSession(database.db, setup.user.id, sessionId, "")).toBe(true);
    const rows = await database.db.feedbackBallot.findMany({ where: { sessionId } });
    expect(rows.map((row) => row.ballotKey)).toEqual([null, null]);

    const late = await post(sessionId, setup.awa, form([["q.accueil", "1"]]));
    expect(late.status).toBe(409);
    expect((late.body as { problem: string }).problem).toMatch(/séance est terminée/);
    expect(await database.db.feedbackBallot.count({ where: { sessionId } })).toBe(2);
    const page = await read(sessionId, setup.awa);
    expect(page.body).toMatchObject({ closed: true, mine: null });

    const report = await gatherReport(database.db, setup.user.id, sessionId);
    expect(report?.feedback?.ballots).toEqual({ masked: true });
    expect(report?.feedback?.questions[0]?.faces).toEqual([{ masked: true }, { masked: true }, { masked: true }, { masked: true }]);
    expect(report?.feedback?.words).toEqual(["Très bien"]);
    const markdown = reportMarkdown(report!);
    expect(markdown).toContain("Avis des participants");
    expect(markdown).toContain("Je me suis senti·e bien accueilli·e — Pas du tout : \\< 5");
    expect(markdown).not.toMatch(/Zéphyrine|Barnabé/);
    const pdf = await pdfText(await reportPdf(report!));
    expect(pdf).toContain("Avis des participants");
  });
});

describe("retention", () => {
  it("the words go with the board, and a never-closed session's keys with them; the faces stay", async () => {
    const setup = await newSession();
    const { sessionId } = setup;
    await post(
      sessionId,
      setup.awa,
      form([
        ["q.accueil", "4"],
        ["word", "Un mot de trop"],
      ]),
    );
    const { startsAt } = await database.db.groupSession.findUniqueOrThrow({ where: { id: sessionId }, select: { startsAt: true } });
    const quiet = { info() {}, error() {} };
    const after = (days: number) => new Date(startsAt.getTime() + days * 86_400_000);
    await runPurge({ db: database.db, now: after(RETENTION_POLICY.board.defaultDays - 1), log: quiet });
    expect(await database.db.feedbackBallot.findFirst({ where: { sessionId }, select: { word: true } })).toEqual({
      word: "Un mot de trop",
    });
    await runPurge({ db: database.db, now: after(RETENTION_POLICY.board.defaultDays + 1), log: quiet });
    expect(await database.db.feedbackBallot.findMany({ where: { sessionId }, select: { word: true, ballotKey: true } })).toEqual([
      { word: null, ballotKey: null },
    ]);
    expect(await database.db.feedbackAnswer.count({ where: { sessionId } })).toBe(1);
  });
});

describe("the facilitator's summary", () => {
  it("counts faces per question from five ballots on, without names, and hides a lone small face with another", async () => {
    const setup = await createFacilitatorWithSession(database.db);
    const { sessionId } = setup;
    const values = [4, 4, 4, 4, 4, 3, 1];
    for (const [index, value] of values.entries()) {
      const cookie = await participantCookie(database.db, sessionId, `Personne ${index}`);
      expect(
        (
          await post(
            sessionId,
            cookie,
            form([
              ["q.accueil", String(value)],
              ["q.appris", "4"],
            ]),
          )
        ).status,
      ).toBe(200);
    }
    const summary = await feedbackSummary(database.db, sessionId, null);
    expect(summary?.ballots).toEqual({ count: 7 });
    expect(summary?.masked).toBe(false);
    const accueil = summary?.questions.find((question) => question.id === "accueil");
    // 1 and 1 are hidden: "< 5" each, so neither can be found back from the total of 7.
    expect(accueil?.faces).toEqual([{ masked: true }, { count: 0 }, { masked: true }, { count: 5 }]);
    expect(accueil?.answered).toEqual({ count: 7 });
    expect(summary?.questions.find((question) => question.id === "appris")?.faces).toEqual([
      { count: 0 },
      { count: 0 },
      { count: 0 },
      { count: 7 },
    ]);
    expect(summary?.words).toEqual([]);
  });

  it("hides one small face together with the smallest other one", () => {
    expect(faceCells([0, 2, 6, 9])).toEqual([{ count: 0 }, { masked: true }, { masked: true }, { count: 9 }]);
    expect(faceCells([0, 0, 7, 9])).toEqual([{ count: 0 }, { count: 0 }, { count: 7 }, { count: 9 }]);
    expect(faceCells([1, 2, 6, 9])).toEqual([{ masked: true }, { masked: true }, { count: 6 }, { count: 9 }]);
  });
});

describe("feedback in templates", () => {
  const phase = { id: "avis", title: "Avis", minutes: 5, guidance: "g", prompt: "p", zones: [] };

  it("an empty feedback asks the default questions; written ones are checked", () => {
    expect(phaseSchema.parse({ ...phase, feedback: {} }).feedback?.questions).toEqual(DEFAULT_FEEDBACK_QUESTIONS);
    const question = { id: "utile", label: "C'était utile", scale: 3 };
    expect(phaseSchema.safeParse({ ...phase, feedback: { questions: [question] } }).success).toBe(true);
    expect(phaseSchema.safeParse({ ...phase, feedback: { questions: [] } }).success).toBe(false);
    expect(
      phaseSchema.safeParse({ ...phase, feedback: { questions: Array.from({ length: 7 }, (_, i) => ({ ...question, id: `q${i}` })) } })
        .success,
    ).toBe(false);
    expect(phaseSchema.safeParse({ ...phase, feedback: { questions: [question, question] } }).success).toBe(false);
    expect(phaseSchema.safeParse({ ...phase, feedback: { questions: [{ ...question, scale: 6 }] } }).success).toBe(false);
    expect(phaseSchema.safeParse({ ...phase, feedback: { questions: [{ ...question, scale: 2 }] } }).success).toBe(false);
  });

  it("the closing template asks the questions instead of weather zones nobody could vote in", () => {
    const library = loadWorkshopLibrary();
    expect(library.problems).toEqual([]);
    const closing = library.templates.find((template) => template.id === "tour-de-cloture")!;
    expect(closing.phases.some((candidate) => candidate.id === "ma-meteo")).toBe(false);
    const step = closing.phases.find((candidate) => candidate.feedback);
    expect(step?.feedback?.questions.map((question) => question.id)).toEqual(["accueil", "appris", "suite", "revenir"]);
    // A zone of kind "vote" holds no card of its own to vote on: no template lays out choices as vote zones that stay empty.
    expect(closing.phases.flatMap((candidate) => candidate.zones).filter((zone) => zone.kind === "vote")).toEqual([]);
    const curve = library.templates.find((template) => template.id === "courbe-du-changement")!;
    expect(curve.phases.find((candidate) => candidate.id === "ou-j-en-suis")?.zones.every((zone) => zone.kind === "free")).toBe(true);
  });

  it("the variant editor keeps, edits and adds questions", () => {
    const library = loadWorkshopLibrary();
    const closing = library.templates.find((template) => template.id === "tour-de-cloture")!;
    const draft = draftFromTemplate(closing);
    const index = draft.phases.findIndex((candidate) => candidate.feedback);
    const questions = draft.phases[index]!.questions;
    // The four questions and one empty row to add a fifth.
    expect(questions.map((question) => question.label)).toEqual([...DEFAULT_FEEDBACK_QUESTIONS.map((question) => question.label), ""]);

    const fields = new FormData();
    draft.phases.forEach((candidate, p) => {
      for (const key of ["id", "title", "minutes", "guidance", "prompt"] as const) fields.set(`phases.${p}.${key}`, candidate[key]);
      if (candidate.anonymous) fields.set(`phases.${p}.anonymous`, "on");
      if (candidate.feedback) fields.set(`phases.${p}.feedback`, "on");
      candidate.zones.forEach((zone, z) => {
        for (const key of ["id", "label", "color", "kind", "dimension"] as const) fields.set(`phases.${p}.zones.${z}.${key}`, zone[key]);
      });
      candidate.questions.forEach((question, q) => {
        fields.set(`phases.${p}.questions.${q}.id`, question.id);
        fields.set(`phases.${p}.questions.${q}.label`, q === 1 ? "" : q === 4 ? "C'était trop long" : question.label);
        fields.set(`phases.${p}.questions.${q}.scale`, q === 4 ? "3" : question.scale);
      });
    });
    for (const key of ["title", "audience", "goal", "materials", "accessibility"] as const) fields.set(key, draft[key]);
    const parsed = parseDraft(draftFromForm(fields, { id: draft.id, kind: draft.kind }));
    if (!parsed.ok) throw new Error(parsed.errors.join(", "));
    const saved = parsed.template.phases[index]!.feedback!.questions;
    expect(saved.map((question) => [question.id, question.scale])).toEqual([
      ["accueil", 4],
      ["suite", 4],
      ["revenir", 4],
      [questions[4]!.id, 3],
    ]);
    expect(workshopTemplateSchema.safeParse(parsed.template).success).toBe(true);
  });
});

describe("opening the questions live", () => {
  it("the view says when the questions are asked: the step's, or the facilitator's choice", () => {
    const agenda = new Agenda([
      { id: "a", title: "A", prompt: "", minutes: 5, anonymous: false, feedback: null, zones: [] },
      { id: "b", title: "B", prompt: "", minutes: 5, anonymous: false, feedback: DEFAULT_FEEDBACK_QUESTIONS, zones: [] },
    ]);
    const facilitator = { key: "user:f", role: "facilitator" as const, name: "F" };
    const context = { agenda, records: () => [], now: 0 };
    let state = initialFacilitation(agenda);
    expect(isFeedbackOpen(state, agenda)).toBe(false);
    state = applyCommand(state, { type: "phase", phaseId: "b" }, facilitator, context).state!;
    expect(isFeedbackOpen(state, agenda)).toBe(true);
    state = applyCommand(state, { type: "feedback", open: false }, facilitator, context).state!;
    expect(isFeedbackOpen(state, agenda)).toBe(false);
    state = applyCommand(state, { type: "phase", phaseId: "a" }, facilitator, context).state!;
    state = applyCommand(state, { type: "feedback", open: true }, facilitator, context).state!;
    expect(isFeedbackOpen(state, agenda)).toBe(true);
  });

  describe("on the board server", () => {
    let server: InProcessBoardServer;
    const open: FacilitationConnection[] = [];
    beforeAll(async () => {
      server = await startBoardServer(database);
    });
    afterEach(() => {
      for (const connection of open.splice(0)) connection.close();
    });
    afterAll(async () => {
      await server?.close();
    });

    it("only the facilitator opens or closes them; every screen is told", async () => {
      const setup = await newSession();
      const connect = async (cookie: string, phone = false) => {
        const connection = await connectFacilitation(server.wsBase, setup.sessionId, cookie, { phone });
        open.push(connection);
        return connection;
      };
      const facilitator = await connect(await professionalCookie(database.db, setup.user.id));
      const phone = await connect(setup.awa, true);
      expect(phone.client.view?.feedback).toBe(false);

      expect(await phone.client.send({ type: "feedback", open: true })).toEqual({ ok: false, reason: "facilitator-only" });
      phone.sendRaw({ type: "feedback", open: true, role: "facilitator" });
      await phone.client.send({ type: "vote", cardId: "shape:rien", change: 1 }); // a round trip: what came before was handled
      expect(phone.client.view?.feedback).toBe(false);

      expect(await facilitator.client.send({ type: "feedback", open: true })).toEqual({ ok: true });
      await phone.until((client) => client.view?.feedback === true);
      const stored = await database.db.board.findUniqueOrThrow({ where: { sessionId: setup.sessionId }, select: { facilitation: true } });
      expect(stored.facilitation).toMatchObject({ feedback: true });

      // Answering goes over HTTP: nothing of a ballot reaches another screen.
      await post(
        setup.sessionId,
        setup.awa,
        form([
          ["q.accueil", "2"],
          ["word", "Mot-secret-de-Zéphyrine"],
        ]),
      );
      expect(await facilitator.client.send({ type: "feedback", open: false })).toEqual({ ok: true });
      await phone.until((client) => client.view?.feedback === false);
      const received = [...facilitator.frames, ...phone.frames].map((frame) => Buffer.from(frame).toString("utf8")).join("\n");
      expect(received).not.toContain("Mot-secret");
    });
  });
});

const postgres = await postgresForTests();

describe.runIf(postgres)("on PostgreSQL", () => {
  const name = `atelier_test_${randomUUID().replaceAll("-", "")}`;
  let db: Db;
  beforeAll(async () => {
    await adminQuery(`CREATE DATABASE "${name}"`);
    await migrateDeploy(postgresUrl(name));
    db = createDb(postgresUrl(name));
  });
  afterAll(async () => {
    await db?.$disconnect();
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  it("one ballot per person, changed until closing, keys gone after, faces counted", async () => {
    const setup = await createFacilitatorWithSession(db);
    const { sessionId } = setup;
    const cookies = await Promise.all(Array.from({ length: 5 }, (_, i) => participantCookie(db, sessionId, `Personne ${i}`)));
    const send = (cookie: string, fields: [string, string][]) => post(sessionId, cookie, form(fields), undefined, db);
    for (const cookie of cookies) expect((await send(cookie, [["q.suite", "4"]])).status).toBe(200);
    expect(
      (
        await send(cookies[0]!, [
          ["q.suite", "3"],
          ["word", "Bien"],
        ])
      ).status,
    ).toBe(200);
    expect((await send(cookies[0]!, [["q.suite", "9"]])).status).toBe(400);
    expect(await db.feedbackBallot.count({ where: { sessionId } })).toBe(5);
    const summary = await feedbackSummary(db, sessionId, null);
    expect(summary?.questions.find((question) => question.id === "suite")?.faces).toEqual([
      { count: 0 },
      { count: 0 },
      { masked: true },
      { masked: true },
    ]);
    expect(summary?.words).toEqual(["Bien"]);
    expect(await closeSession(db, setup.user.id, sessionId, "")).toBe(true);
    expect((await send(cookies[1]!, [["q.suite", "1"]])).status).toBe(409);
    expect(await db.feedbackBallot.count({ where: { sessionId, ballotKey: { not: null } } })).toBe(0);
    const ids = await db.participant.findMany({ where: { sessionId }, select: { id: true } });
    const stored = JSON.stringify(await db.feedbackBallot.findMany({ where: { sessionId }, include: { answers: true } }));
    for (const { id } of ids) expect(stored).not.toContain(id);
  });
});
