// Someone moved up from the waiting list is told (the public page promises it), and every page and
// export counts registrations the same way.
import Papa from "papaparse";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sendMessage, type Mailer } from "../app/registrations/outbox.server.js";
import { countRegistrations } from "../app/registrations/counts.js";
import { reportMarkdown } from "../app/report/markdown.server.js";
import { gatherReport } from "../app/report/gather.server.js";
import { loader as csvLoader } from "../app/routes/sessions.$sessionId.attendance[.]csv.js";
import { loader as followUpLoader } from "../app/routes/inscription.suivi.$token.js";
import { action as publicAction } from "../app/routes/inscription.$token.js";
import { action as pageAction, loader as pageLoader } from "../app/routes/sessions.$sessionId.registrations.js";
import { loader as reportLoader } from "../app/routes/sessions.$sessionId.report.js";
import { createFacilitatorWithSession, createTestDatabase, professionalCookie, type TestDatabase } from "./support/fixtures.js";
import { answerOf } from "./support/route-answer.js";

const post = (url: string, fields: Record<string, string>, cookie = "") =>
  new Request(url, {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
const get = (url: string, cookie = "") => new Request(url, { headers: { Cookie: cookie } });

describe("the waiting list moves up, and the person moved up is told", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.cleanup());
  beforeEach(() => {
    delete process.env.SMTP_URL;
  });
  const context = () => ({ db: database.db, tldrawLicenseKey: null });

  async function sessionWithPublicLink(capacity: string) {
    const setup = await createFacilitatorWithSession(database.db);
    const cookie = await professionalCookie(database.db, setup.user.id);
    const url = `https://atelier.exemple.fr/sessions/${setup.sessionId}/registrations`;
    const params = { sessionId: setup.sessionId };
    const act = (fields: Record<string, string>) =>
      answerOf(() => pageAction({ request: post(url, fields, cookie), params, context: context() }));
    await act({ intent: "settings", capacity, bring: "", openRegistration: "on" });
    const { publicToken } = await database.db.groupSession.findUniqueOrThrow({ where: { id: setup.sessionId } });
    const publicUrl = `https://atelier.exemple.fr/inscription/${publicToken}`;
    const signUp = async (fields: Record<string, string>) =>
      (await answerOf(() => publicAction({ request: post(publicUrl, fields), params: { token: publicToken! }, context: context() })))
        .body as {
        done: string;
        followUp?: string;
      };
    const followUp = async (link: string) => {
      const token = link.split("/").pop()!;
      return answerOf(() => followUpLoader({ request: get(`https://atelier.exemple.fr${link}`), params: { token }, context: context() }));
    };
    const idOf = async (name: string) =>
      (await database.db.registration.findFirstOrThrow({ where: { sessionId: setup.sessionId, name } })).id;
    return { ...setup, cookie, url, params, act, signUp, followUp, idOf };
  }

  it("a cancellation moves the first person waiting up: a message waits in the outbox and their page says so", async () => {
    const session = await sessionWithPublicLink("1");
    const awa = await session.signUp({ name: "Awa", email: "awa@exemple.fr" });
    const bilal = await session.signUp({ name: "Bilal", phone: "06 00 00 00 01" });
    expect(bilal).toMatchObject({ done: "registrations.public.waiting" });
    expect(bilal.followUp).toMatch(/^\/inscription\/suivi\/[\w-]{40,}$/);
    expect((await session.followUp(bilal.followUp!)).body).toMatchObject({
      followUp: { status: "waiting", promotedOn: null, joinCode: null },
    });

    const outboxBefore = await database.db.outboxMessage.count();
    expect((await session.act({ intent: "cancel", registrationId: await session.idOf("Awa") })).status).toBe(200);

    // Bilal gave a phone number: the SMS waits in the outbox, with his page and the join code.
    const [message] = await database.db.outboxMessage.findMany({ where: { registrationId: await session.idOf("Bilal") } });
    expect(await database.db.outboxMessage.count()).toBe(outboxBefore + 1);
    expect(message).toMatchObject({
      channel: "sms",
      recipient: "0600000001",
      status: "queued",
      subject: "Une place s'est libérée : Atelier de test",
    });
    expect(message.body).toContain(`https://atelier.exemple.fr${bilal.followUp}`);
    expect(message.body).toContain("vous êtes inscrit·e");
    const page = await session.followUp(bilal.followUp!);
    expect(page.body).toMatchObject({ followUp: { status: "registered", promotedOn: expect.stringMatching(/\d{4} à \d\d:\d\d$/) } });
    // Awa's own page says her registration is cancelled.
    expect((await session.followUp(awa.followUp!)).body).toMatchObject({ followUp: { status: "cancelled", promotedOn: null } });
  });

  it("someone who gave an e-mail is told by e-mail, which a configured mail server sends", async () => {
    const session = await sessionWithPublicLink("1");
    await session.signUp({ name: "Awa", phone: "0600000002" });
    await session.signUp({ name: "Chloé", email: "chloe@exemple.fr" });
    await session.act({ intent: "cancel", registrationId: await session.idOf("Awa") });
    const [message] = await database.db.outboxMessage.findMany({ where: { registrationId: await session.idOf("Chloé") } });
    expect(message).toMatchObject({ channel: "email", recipient: "chloe@exemple.fr", status: "queued" });
    const sent: { to: string; subject: string }[] = [];
    const mailer: Mailer = { from: "test@exemple.fr", sendMail: async (mail) => void sent.push(mail) };
    expect(await sendMessage(database.db, message.id, mailer)).toBe("sent");
    expect(sent).toMatchObject([{ to: "chloe@exemple.fr", subject: "Une place s'est libérée : Atelier de test" }]);
  });

  it("more seats move several people up, each told once; nobody is told twice", async () => {
    const session = await sessionWithPublicLink("1");
    for (const [name, phone] of [
      ["Anne", "0600000010"],
      ["Basile", "0600000011"],
      ["Céline", "0600000012"],
    ])
      await session.signUp({ name, phone });
    await session.act({ intent: "settings", capacity: "3", bring: "", openRegistration: "on" });
    await session.act({ intent: "settings", capacity: "4", bring: "", openRegistration: "on" });
    const messages = await database.db.outboxMessage.findMany({
      where: { registration: { sessionId: session.sessionId } },
      select: { recipient: true },
    });
    expect(messages.map((message) => message.recipient).sort()).toEqual(["0600000011", "0600000012"]);
  });

  it("an unknown follow-up link is a plain 404", async () => {
    const answer = await answerOf(() =>
      followUpLoader({ request: get("http://localhost/inscription/suivi/x"), params: { token: "x" }, context: context() }),
    );
    expect(answer).toMatchObject({ status: 404, body: { followUp: null } });
  });
});

describe("one definition of each count", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.cleanup());
  const context = () => ({ db: database.db, tldrawLicenseKey: null });

  it("a cancelled registration is counted as cancelled, never as registered, on every page and export", async () => {
    const setup = await createFacilitatorWithSession(database.db);
    const cookie = await professionalCookie(database.db, setup.user.id);
    const { sessionId } = setup;
    await database.db.groupSession.update({ where: { id: sessionId }, data: { capacity: 2 } });
    await database.db.registration.createMany({
      data: [
        { sessionId, name: "Une", status: "registered", attendance: "present" },
        { sessionId, name: "Deux", status: "registered", attendance: "excused" },
        // Marked present, then cancelled: not a present person any more.
        { sessionId, name: "Trois", status: "cancelled", attendance: "present" },
        { sessionId, name: "Quatre", status: "waiting", attendance: null },
      ],
    });
    const expected = { registered: 2, waiting: 1, cancelled: 1, present: 1, absent: 0, excused: 1 };

    const page = await answerOf(() =>
      pageLoader({
        request: get(`http://localhost/sessions/${sessionId}/registrations`, cookie),
        params: { sessionId },
        context: context(),
      }),
    );
    expect((page.body as { counts: unknown }).counts).toEqual(expected);

    const report = (await gatherReport(database.db, setup.user.id, sessionId))!;
    expect(report.attendance).toEqual({ ...expected, joinedBoard: 0 });
    const reportPage = await answerOf(() =>
      reportLoader({ request: get(`http://localhost/sessions/${sessionId}/report`, cookie), params: { sessionId }, context: context() }),
    );
    expect((reportPage.body as { report: { attendance: unknown } }).report.attendance).toEqual({ ...expected, joinedBoard: 0 });

    const markdown = reportMarkdown(report);
    expect(markdown).toContain("Personnes inscrites : 2");
    expect(markdown).toContain("Personnes en liste d'attente : 1");
    expect(markdown).toContain("Inscriptions annulées : 1");
    expect(markdown).toContain("Personnes présentes : 1");
    expect(markdown).not.toContain("Personnes inscrites : 3");

    // The attendance sheet: one row each, and a cancelled person is not marked present there either.
    const csv = await (
      (await csvLoader({
        request: get(`http://localhost/sessions/${sessionId}/attendance.csv`, cookie),
        params: { sessionId },
        context: context(),
      })) as Response
    ).text();
    const rows = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ""), { header: true }).data;
    const column = (name: string, field: string) => rows.find((row) => row.Nom === name)?.[field];
    expect(rows.filter((row) => row["Présence"] === "Présent·e").length).toBe(expected.present);
    expect(column("Trois", "Présence")).toBe("");
  });

  it("counts are pure: any status or attendance outside the known ones counts nowhere", () => {
    expect(
      countRegistrations([
        { status: "registered", attendance: "present" },
        { status: "REGISTERED", attendance: "present" },
        { status: "waiting", attendance: "absent" },
        { status: "cancelled", attendance: "absent" },
        { status: "registered", attendance: "peut-être" },
      ]),
    ).toEqual({ registered: 2, waiting: 1, cancelled: 1, present: 1, absent: 1, excused: 0 });
  });
});
