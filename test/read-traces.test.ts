import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueParticipantToken, signInPerson } from "../app/auth/auth.server.js";
import { linkParticipant } from "../app/diagnostic/outcomes.server.js";
import { REPEAT_WINDOW_MS, traceSessionRead } from "../app/privacy/read-trace.server.js";
import { ACCESS_PAGE_SIZE } from "../app/privacy/access-log.server.js";
import { loader as attendanceCsv } from "../app/routes/sessions.$sessionId.attendance[.]csv.js";
import { loader as cardsCsv } from "../app/routes/sessions.$sessionId.cards[.]csv.js";
import { loader as participantsJson } from "../app/routes/sessions.$sessionId.participants[.]json.js";
import { loader as participantsPage } from "../app/routes/sessions.$sessionId.participants.js";
import { loader as registrationsPage } from "../app/routes/sessions.$sessionId.registrations.js";
import { loader as closingPage } from "../app/routes/sessions.$sessionId.closing.js";
import { loader as reportPage } from "../app/routes/sessions.$sessionId.report.js";
import { action as markdownPost, loader as markdownFile } from "../app/routes/sessions.$sessionId.report[.]md.js";
import { loader as pdfFile } from "../app/routes/sessions.$sessionId.report[.]pdf.js";
import { loader as personPage } from "../app/routes/people.$personId._index.js";
import { loader as accessPage } from "../app/routes/structures.$structureId_.acces.js";
import { loader as journalPage } from "../app/routes/espace.journal.js";
import { accessLine, readObject } from "../app/privacy/access-words.js";
import { formatDay, t } from "../app/i18n/index.js";
import type { Db } from "../prisma/db.js";
import { createFacilitatorWithSession, createTestDatabase, professionalCookie, type TestDatabase } from "./support/fixtures.js";
import { answerOf } from "./support/route-answer.js";

// Issue 15.6: a professional's reads of a session's report and files, its lists and a person's page
// are traced (who, structure, when, what); the structure's admins page through them; the person sees
// those about her in her journal; nobody else does.
let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database?.cleanup());

const context = () => ({ db, tldrawLicenseKey: null }) as unknown as AppLoadContext;

function args(path: string, cookie: string, params: Record<string, string>, form?: Record<string, string>) {
  return {
    request: new Request(`http://localhost${path}`, {
      headers: { Cookie: cookie },
      ...(form ? { method: "POST", body: new URLSearchParams(form) } : {}),
    }),
    params,
    context: context(),
  };
}

/** Structure A (its facilitator Claire is also its admin), a session, Awa accompanied by A who took part in it; structure B with its own admin. */
async function setUp() {
  const a = await createFacilitatorWithSession(db);
  await db.user.update({ where: { id: a.user.id }, data: { displayName: "Claire Martin" } });
  await db.membership.updateMany({ where: { userId: a.user.id }, data: { role: "admin" } });
  const awa = await db.person.create({ data: { structureId: a.structure.id, displayName: "Awa" } });
  await issueParticipantToken(db, new Request("http://localhost/"), a.sessionId, "Awa");
  const participant = await db.participant.findFirstOrThrow({ where: { sessionId: a.sessionId } });
  expect(await linkParticipant(db, a.user.id, a.sessionId, participant.id, awa.id)).toBe(true);
  const b = await createFacilitatorWithSession(db);
  await db.membership.updateMany({ where: { userId: b.user.id }, data: { role: "admin" } });
  return {
    a,
    b,
    awa,
    claire: await professionalCookie(db, a.user.id),
    bAdmin: await professionalCookie(db, b.user.id),
    awaCookie: (await signInPerson(db, new Request("http://localhost/"), awa.id)).split(";")[0],
  };
}

async function readEverything(claire: string, sessionId: string, personId: string) {
  const s = { sessionId };
  for (const [run, path] of [
    [reportPage, "report"],
    [cardsCsv, "cards.csv"],
    [pdfFile, "report.pdf"],
    [markdownFile, "report.md"],
    [attendanceCsv, "attendance.csv"],
    [participantsJson, "participants.json"],
  ] as const) {
    const answer = await answerOf(() => run(args(`/sessions/${sessionId}/${path}`, claire, s)));
    expect(answer.status, path).toBe(200);
  }
  expect((await answerOf(() => personPage(args(`/people/${personId}`, claire, { personId })))).status).toBe(200);
}

describe("reads that matter are traced", () => {
  it("the report, each file, each list and the person's page make a row each, with who, which structure and what", async () => {
    const { a, awa, claire } = await setUp();
    await readEverything(claire, a.sessionId, awa.id);
    const traces = await db.readTrace.findMany({ where: { sessionId: a.sessionId }, orderBy: { what: "asc" } });
    expect(traces.map((trace) => trace.what)).toEqual([
      "session.attendance.csv",
      "session.cards.csv",
      "session.participants",
      "session.report",
      "session.report.md",
      "session.report.pdf",
    ]);
    for (const trace of traces) expect(trace).toMatchObject({ actorUserId: a.user.id, structureId: a.structure.id, personId: null });
    // The person's page: one row, in the diagnostic's own audit (decision 016), not a second one here.
    expect(
      await db.diagnosticAudit.findMany({ where: { personId: awa.id }, select: { action: true, actorUserId: true, actorOrgId: true } }),
    ).toEqual([{ action: "read", actorUserId: a.user.id, actorOrgId: a.structure.id }]);
    expect(await db.readTrace.count({ where: { personId: awa.id } })).toBe(0);
  });

  it("the participants' page, which shows the same list as the polled JSON, is traced too", async () => {
    const { a, claire } = await setUp();
    const answer = await answerOf(() =>
      participantsPage(args(`/sessions/${a.sessionId}/participants`, claire, { sessionId: a.sessionId })),
    );
    expect(answer.status).toBe(200);
    expect(await db.readTrace.count({ where: { sessionId: a.sessionId, what: "session.participants" } })).toBe(1);
  });

  it("the registrations page (names and contacts) and the closing page (who wrote which card) are traced, once per window", async () => {
    const { a, claire } = await setUp();
    const s = { sessionId: a.sessionId };
    for (let i = 0; i < 2; i += 1) {
      expect((await answerOf(() => registrationsPage(args(`/sessions/${a.sessionId}/registrations`, claire, s)))).status).toBe(200);
      expect((await answerOf(() => closingPage(args(`/sessions/${a.sessionId}/closing`, claire, s)))).status).toBe(200);
    }
    const traces = await db.readTrace.findMany({
      where: { sessionId: a.sessionId, what: { in: ["session.registrations", "session.closing"] } },
      orderBy: { what: "asc" },
    });
    expect(traces.map((trace) => [trace.what, trace.actorUserId, trace.structureId])).toEqual([
      ["session.closing", a.user.id, a.structure.id],
      ["session.registrations", a.user.id, a.structure.id],
    ]);
    // Told in plain words on the structure's access page.
    expect(t("access.what.session.closing", { session: "x" })).toContain("clôture");
  });

  it("a download is a row each time; a page or a polled list read again within the window is one read", async () => {
    const { a, claire } = await setUp();
    const s = { sessionId: a.sessionId };
    for (let i = 0; i < 3; i += 1) {
      await attendanceCsv(args(`/sessions/${a.sessionId}/attendance.csv`, claire, s));
      await participantsJson(args(`/sessions/${a.sessionId}/participants.json`, claire, s));
      await reportPage(args(`/sessions/${a.sessionId}/report`, claire, s));
    }
    // Posted from the report page with the decisions typed: a download too.
    await markdownPost(args(`/sessions/${a.sessionId}/report.md`, claire, s, { decisions: "Se revoir en mars." }));
    const count = (what: string) => db.readTrace.count({ where: { sessionId: a.sessionId, what } });
    expect(await count("session.attendance.csv")).toBe(3);
    expect(await count("session.participants")).toBe(1);
    expect(await count("session.report")).toBe(1);
    expect(await count("session.report.md")).toBe(1);
    // After the window, the same list read again is a new read.
    await traceSessionRead(db, a.user, "session.participants", a.sessionId, new Date(Date.now() + REPEAT_WINDOW_MS + 1000));
    expect(await count("session.participants")).toBe(2);
  });

  it("a refused read leaves no trace, and a co-host's read is traced for the co-host structure", async () => {
    const { a, b, bAdmin } = await setUp();
    const refused = await answerOf(() =>
      attendanceCsv(args(`/sessions/${a.sessionId}/attendance.csv`, bAdmin, { sessionId: a.sessionId })),
    );
    expect(refused.status).toBe(404);
    expect(await db.readTrace.count({ where: { sessionId: a.sessionId } })).toBe(0);
    await db.sessionCoHost.create({ data: { sessionId: a.sessionId, structureId: b.structure.id } });
    await attendanceCsv(args(`/sessions/${a.sessionId}/attendance.csv`, bAdmin, { sessionId: a.sessionId }));
    expect(await db.readTrace.findMany({ where: { sessionId: a.sessionId }, select: { structureId: true, actorUserId: true } })).toEqual([
      { structureId: b.structure.id, actorUserId: b.user.id },
    ]);
  });
});

describe("who sees the traces", () => {
  it("the structure's admins see its reads in plain words, newest first; another structure's admin sees none of them", async () => {
    const { a, b, awa, claire, bAdmin } = await setUp();
    await readEverything(claire, a.sessionId, awa.id);
    const page = await answerOf(() => accessPage(args(`/structures/${a.structure.id}/acces`, claire, { structureId: a.structure.id })));
    expect(page.status).toBe(200);
    const { entries, next } = page.body as { entries: Parameters<typeof accessLine>[0][]; next: string | null };
    expect(next).toBeNull();
    expect(entries).toHaveLength(7);
    const lines = entries.map(accessLine);
    const session = t("access.session", {
      title: "Atelier de test",
      date: formatDay((await db.groupSession.findUniqueOrThrow({ where: { id: a.sessionId } })).startsAt),
    });
    expect(lines).toContain(`Claire Martin ${t("access.what.session.attendance.csv", { session })}.`);
    expect(lines).toContain(`Claire Martin ${t("access.what.person.page", { person: "Awa" })}.`);
    // Newest first: the person's page was read last.
    expect(lines[0]).toBe(`Claire Martin ${t("access.what.person.page", { person: "Awa" })}.`);

    // B's admin: nothing of A's on B's page, and A's page does not exist for them.
    const theirs = await answerOf(() => accessPage(args(`/structures/${b.structure.id}/acces`, bAdmin, { structureId: b.structure.id })));
    expect((theirs.body as { entries: unknown[] }).entries).toEqual([]);
    const refused = await answerOf(() => accessPage(args(`/structures/${a.structure.id}/acces`, bAdmin, { structureId: a.structure.id })));
    expect(refused.status).toBe(404);
  });

  it("a member who is not an admin is refused the page", async () => {
    const { a } = await setUp();
    const member = await db.user.create({ data: { email: `membre-${Date.now()}@exemple.fr`, displayName: "Membre", passwordHash: "x" } });
    await db.membership.create({ data: { userId: member.id, structureId: a.structure.id, role: "facilitator" } });
    const answer = await answerOf(() => accessPage(args(`/structures/${a.structure.id}/acces`, "", { structureId: a.structure.id })));
    expect(answer.status).toBe(302); // not signed in: to the sign-in page
    const cookie = await professionalCookie(db, member.id);
    expect(
      (await answerOf(() => accessPage(args(`/structures/${a.structure.id}/acces`, cookie, { structureId: a.structure.id })))).status,
    ).toBe(403);
  });

  it("pages through many reads without losing or repeating one, even in the same millisecond", async () => {
    const { a, awa, claire } = await setUp();
    const at = new Date("2027-01-15T10:00:00Z");
    await db.readTrace.createMany({
      data: Array.from({ length: ACCESS_PAGE_SIZE + 30 }, () => ({
        actorUserId: a.user.id,
        structureId: a.structure.id,
        what: "session.report.pdf",
        sessionId: a.sessionId,
        createdAt: at,
      })),
    });
    await db.diagnosticAudit.createMany({
      data: Array.from({ length: 25 }, () => ({
        personId: awa.id,
        actorUserId: a.user.id,
        actorOrgId: a.structure.id,
        action: "read",
        part: "all",
        createdAt: at,
      })),
    });
    // Changes are not reads: not on this page.
    await db.diagnosticAudit.create({
      data: { personId: awa.id, actorUserId: a.user.id, actorOrgId: a.structure.id, action: "write", part: "housing" },
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pageNumber = 0; pageNumber < 5; pageNumber += 1) {
      const query: string = cursor ? `?avant=${cursor}` : "";
      const page = await answerOf(() =>
        accessPage(args(`/structures/${a.structure.id}/acces${query}`, claire, { structureId: a.structure.id })),
      );
      const body = page.body as { entries: { id: string }[]; next: string | null };
      seen.push(...body.entries.map((entry) => entry.id));
      cursor = body.next;
      if (!cursor) break;
    }
    expect(seen).toHaveLength(ACCESS_PAGE_SIZE + 30 + 25);
    expect(new Set(seen).size).toBe(seen.length);
    // A cursor that is not one is the first page, not an error.
    const odd = await answerOf(() =>
      accessPage(args(`/structures/${a.structure.id}/acces?avant=%27or%201=1`, claire, { structureId: a.structure.id })),
    );
    expect(odd.status).toBe(200);
  });

  it("the person sees the reads about her in her journal, in plain words with the professional's name and structure", async () => {
    const { a, b, awa, claire, bAdmin, awaCookie } = await setUp();
    await readEverything(claire, a.sessionId, awa.id);
    // B's reads of its own session, where Awa was not, are not about her.
    await attendanceCsv(args(`/sessions/${b.sessionId}/attendance.csv`, bAdmin, { sessionId: b.sessionId }));
    const journal = await answerOf(() => journalPage(args("/espace/journal", awaCookie, {})));
    const events = (
      journal.body as { events: { kind: string; who: string; structure: string; what?: string; title?: string; startsAt?: Date }[] }
    ).events;
    expect(events).toHaveLength(7);
    expect(events.every((event) => event.who === "Claire Martin" && event.structure === a.structure.name)).toBe(true);
    const attendance = events.find((event) => event.what === "session.attendance.csv")!;
    expect(
      t("espace.journal.session", { who: attendance.who, structure: attendance.structure, what: readObject(attendance.what!, attendance) }),
    ).toMatch(/^Claire Martin \(Structure \d+\) a téléchargé la liste de présence de la séance « Atelier de test » du \d+/);
    expect(events.filter((event) => event.kind === "diagnostic")).toHaveLength(1);
  });
});
