import ICAL from "ical.js";
import Papa from "papaparse";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listOutbox, sendMessage, type Mailer } from "../app/registrations/outbox.server.js";
import { cancelRegistration } from "../app/registrations/registrations.server.js";
import { loader as csvLoader } from "../app/routes/sessions.$sessionId.attendance[.]csv.js";
import { loader as icsLoader } from "../app/routes/sessions.$sessionId.invitations.$registrationId[.]ics.js";
import { action as outboxAction, loader as outboxLoader } from "../app/routes/outbox.js";
import { action as publicAction, loader as publicLoader } from "../app/routes/inscription.$token.js";
import { action as pageAction, loader as pageLoader } from "../app/routes/sessions.$sessionId.registrations.js";
import { createFacilitatorWithSession, createTestDatabase, professionalCookie, type TestDatabase } from "./support/fixtures.js";
import { answerOf } from "./support/route-answer.js";

const post = (url: string, fields: Record<string, string>, cookie = "") =>
  new Request(url, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(fields) });
const get = (url: string, cookie: string) => new Request(url, { headers: { Cookie: cookie } });

describe("convening people: invitations, waiting list, attendance, outbox", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.cleanup());
  beforeEach(() => {
    delete process.env.SMTP_URL;
  });

  const context = () => ({ db: database.db, tldrawLicenseKey: null });

  /** A structure's facilitator, their session, and helpers to use the registrations page as they would. */
  async function facilitator() {
    const setup = await createFacilitatorWithSession(database.db);
    const cookie = await professionalCookie(database.db, setup.user.id);
    const url = `http://localhost/sessions/${setup.sessionId}/registrations`;
    const params = { sessionId: setup.sessionId };
    const act = (fields: Record<string, string>, as = cookie) =>
      answerOf(() => pageAction({ request: post(url, fields, as), params, context: context() }));
    const settings = (capacity: string, open = false, bring = "") =>
      act({ intent: "settings", capacity, bring, ...(open ? { openRegistration: "on" } : {}) });
    const invite = (name: string, contact: Record<string, string>, kind = "beneficiary") =>
      act({ intent: "invite", kind, name, ...contact });
    const statuses = async () =>
      Object.fromEntries(
        (await database.db.registration.findMany({ where: { sessionId: setup.sessionId }, select: { name: true, status: true } })).map(
          (row) => [row.name, row.status],
        ),
      );
    const registrationOf = (name: string) =>
      database.db.registration.findFirstOrThrow({ where: { sessionId: setup.sessionId, name }, select: { id: true } });
    return { ...setup, cookie, url, params, act, settings, invite, statuses, registrationOf };
  }

  it("an invitation's calendar file opens in calendars: start, title, place and the join link", async () => {
    const pro = await facilitator();
    await pro.settings("", false, "Une pièce d'identité");
    expect((await pro.invite("Awa Diallo", { phone: "06 12 34 56 78" })).status).toBe(200);
    const { id } = await pro.registrationOf("Awa Diallo");
    const session = await database.db.groupSession.findUniqueOrThrow({ where: { id: pro.sessionId } });

    const response = (await icsLoader({
      request: get(`http://localhost/sessions/${pro.sessionId}/invitations/${id}.ics`, pro.cookie),
      params: { ...pro.params, registrationId: id },
      context: context(),
    })) as Response;
    expect(response.headers.get("Content-Type")).toContain("text/calendar");
    const event = new ICAL.Component(ICAL.parse(await response.text())).getFirstSubcomponent("vevent")!;
    expect(event.getFirstPropertyValue("dtstart")!.toString()).toBe(session.startsAt.toISOString().replace(".000Z", "Z"));
    expect(new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", timeStyle: "short" }).format(session.startsAt)).toBe("14:00");
    expect(event.getFirstPropertyValue("summary")).toBe("Atelier de test");
    expect(event.getFirstPropertyValue("location")).toBe("Salle 1");
    expect(event.getFirstPropertyValue("uid")).toBe(`inscription-${id}@atelier-commun`);
    const description = String(event.getFirstPropertyValue("description"));
    expect(description).toContain(`http://localhost/join/${session.joinCode}`);
    expect(description).toContain("Une pièce d'identité");

    // The same invitation waits in the outbox as an SMS, with the same event and the code.
    const [message] = await database.db.outboxMessage.findMany({ where: { registrationId: id } });
    expect(message).toMatchObject({ channel: "sms", recipient: "0612345678", status: "queued" });
    expect(message.body).toContain(session.joinCode);
    expect(message.body).toContain("Salle 1");
    const stored = new ICAL.Component(ICAL.parse(message.ics!)).getFirstSubcomponent("vevent")!;
    expect(stored.getFirstPropertyValue("uid")).toBe(`inscription-${id}@atelier-commun`);
  });

  it("the invitation form answers in French and keeps what was typed", async () => {
    const pro = await facilitator();
    const noContact = await pro.invite("Awa", {});
    expect(noContact).toMatchObject({ status: 400, body: { errors: { email: "registrations.error.contact" }, values: { name: "Awa" } } });
    const proWithPhone = await pro.invite("Karim", { phone: "0612345678" }, "professional");
    expect(proWithPhone.body).toMatchObject({ errors: { email: "registrations.error.proEmail" } });
    expect((await pro.invite("Lina", { email: "pas-une-adresse" })).body).toMatchObject({ errors: { email: "registrations.error.email" } });
    expect(await database.db.registration.count({ where: { sessionId: pro.sessionId } })).toBe(0);
  });

  it("seats fill up, then the waiting list; cancelling gives the seat to the first one waiting", async () => {
    const pro = await facilitator();
    await pro.settings("2");
    await pro.invite("Awa", { email: "awa@exemple.fr" });
    await pro.invite("Bilal", { phone: "0600000001" });
    const third = await pro.invite("Chloé", { phone: "0600000002" });
    expect(third.body).toMatchObject({ done: { status: "waiting", name: "Chloé" } });
    await pro.invite("Dan", { email: "dan@exemple.fr" }, "professional");
    expect(await pro.statuses()).toEqual({ Awa: "registered", Bilal: "registered", Chloé: "waiting", Dan: "waiting" });

    const awa = await pro.registrationOf("Awa");
    expect((await pro.act({ intent: "cancel", registrationId: awa.id })).status).toBe(200);
    expect(await pro.statuses()).toEqual({ Awa: "cancelled", Bilal: "registered", Chloé: "registered", Dan: "waiting" });
    // Cancelling twice frees nothing more.
    expect(await cancelRegistration(database.db, pro.sessionId, awa.id)).toBe(false);
    expect(await pro.statuses()).toMatchObject({ Dan: "waiting" });
    // More seats: the waiting list moves up.
    await pro.settings("3");
    expect(await pro.statuses()).toMatchObject({ Dan: "registered" });
  });

  it("the public link registers up to capacity, then on the waiting list, once per e-mail or phone", async () => {
    const pro = await facilitator();
    await pro.settings("1");
    expect((await database.db.groupSession.findUniqueOrThrow({ where: { id: pro.sessionId } })).publicToken).toBeNull();
    await pro.settings("1", true);
    const { publicToken } = await database.db.groupSession.findUniqueOrThrow({ where: { id: pro.sessionId } });
    const token = publicToken!;
    const url = `http://localhost/inscription/${token}`;
    const page = await answerOf(() => pageLoader({ request: get(pro.url, pro.cookie), params: pro.params, context: context() }));
    expect(page.body).toMatchObject({ publicLink: url });

    const open = await answerOf(() => publicLoader({ request: new Request(url), params: { token }, context: context() }));
    expect(open.body).toMatchObject({ session: { title: "Atelier de test", seatsLeft: 1, where: "Salle 1" } });
    const signUp = (fields: Record<string, string>) =>
      answerOf(() => publicAction({ request: post(url, fields), params: { token }, context: context() }));
    expect((await signUp({ name: "Awa", email: "" })).body).toMatchObject({ errors: { email: "registrations.error.contact" } });
    expect((await signUp({ name: "Awa", email: "awa@exemple.fr" })).body).toMatchObject({ done: "registrations.public.registered" });
    expect((await signUp({ name: "Bilal", phone: "06 00 00 00 01" })).body).toMatchObject({ done: "registrations.public.waiting" });
    expect((await signUp({ name: "Awa D.", email: "AWA@exemple.fr" })).body).toMatchObject({
      done: "registrations.public.already.registered",
    });
    expect((await signUp({ name: "Bilal", phone: "0600000001" })).body).toMatchObject({ done: "registrations.public.already.waiting" });
    expect(
      await database.db.registration.findMany({ where: { sessionId: pro.sessionId }, select: { name: true, status: true, source: true } }),
    ).toEqual([
      { name: "Awa", status: "registered", source: "self" },
      { name: "Bilal", status: "waiting", source: "self" },
    ]);

    // Closed again, or a made-up token: a plain 404 page, and nobody can register.
    await pro.settings("1", false);
    expect((await answerOf(() => publicLoader({ request: new Request(url), params: { token }, context: context() }))).status).toBe(404);
    expect((await signUp({ name: "Chloé", email: "chloe@exemple.fr" })).status).toBe(404);
    expect(
      (await answerOf(() => publicLoader({ request: new Request(url), params: { token: "inconnu" }, context: context() }))).status,
    ).toBe(404);
  });

  it("attendance is saved per person, suggested when someone joined the board with the same name, and the CSV round-trips", async () => {
    const pro = await facilitator();
    await pro.invite("Awa Diallo", { email: "awa@exemple.fr" });
    await pro.invite("Bilal", { phone: "0600000001" });
    await pro.invite('=Chloé, "la grande"', { phone: "0600000002" });
    await database.db.participant.create({
      data: { sessionId: pro.sessionId, displayName: "awa diallo", tokenHash: `t-${pro.sessionId}` },
    });

    const page = await answerOf(() => pageLoader({ request: get(pro.url, pro.cookie), params: pro.params, context: context() }));
    const rows = (page.body as { registrations: { name: string; joinedBoard: boolean; attendance: string | null }[] }).registrations;
    expect(rows.map((row) => [row.name, row.joinedBoard, row.attendance])).toEqual([
      ["Awa Diallo", true, null],
      ["Bilal", false, null],
      ['=Chloé, "la grande"', false, null],
    ]);

    const awa = await pro.registrationOf("Awa Diallo");
    const bilal = await pro.registrationOf("Bilal");
    expect((await pro.act({ intent: "attendance", registrationId: awa.id, attendance: "present" })).status).toBe(200);
    expect((await pro.act({ intent: "attendance", registrationId: bilal.id, attendance: "excused" })).status).toBe(200);
    expect((await pro.act({ intent: "attendance", registrationId: bilal.id, attendance: "peut-être" })).status).toBe(400);

    const response = (await csvLoader({
      request: get(`http://localhost/sessions/${pro.sessionId}/attendance.csv`, pro.cookie),
      params: pro.params,
      context: context(),
    })) as Response;
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename=".+\.csv"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = Papa.parse<Record<string, string>>(new TextDecoder().decode(bytes), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual(["Nom", "Type", "E-mail", "Téléphone", "Statut", "Origine", "Présence"]);
    expect(parsed.data).toEqual([
      {
        Nom: "Awa Diallo",
        Type: "Bénéficiaire",
        "E-mail": "awa@exemple.fr",
        Téléphone: "",
        Statut: "Inscrit·e",
        Origine: "Invitation",
        Présence: "Présent·e",
      },
      {
        Nom: "Bilal",
        Type: "Bénéficiaire",
        "E-mail": "",
        Téléphone: "0600000001",
        Statut: "Inscrit·e",
        Origine: "Invitation",
        Présence: "Excusé·e",
      },
      // A formula-looking name is kept as text for spreadsheets.
      {
        Nom: '\'=Chloé, "la grande"',
        Type: "Bénéficiaire",
        "E-mail": "",
        Téléphone: "0600000002",
        Statut: "Inscrit·e",
        Origine: "Invitation",
        Présence: "",
      },
    ]);
  });

  it("TENANCY: another structure's professional gets 404 everywhere and sees no message, until their structure co-hosts", async () => {
    const pro = await facilitator();
    await pro.invite("Awa", { email: "awa@exemple.fr" });
    const { id } = await pro.registrationOf("Awa");
    const other = await createFacilitatorWithSession(database.db);
    const otherCookie = await professionalCookie(database.db, other.user.id);
    const base = `http://localhost/sessions/${pro.sessionId}`;
    const reach = async () => ({
      page: (await answerOf(() => pageLoader({ request: get(pro.url, otherCookie), params: pro.params, context: context() }))).status,
      action: (await pro.act({ intent: "attendance", registrationId: id, attendance: "absent" }, otherCookie)).status,
      csv: (
        await answerOf(() => csvLoader({ request: get(`${base}/attendance.csv`, otherCookie), params: pro.params, context: context() }))
      ).status,
      ics: (
        await answerOf(() =>
          icsLoader({
            request: get(`${base}/invitations/${id}.ics`, otherCookie),
            params: { ...pro.params, registrationId: id },
            context: context(),
          }),
        )
      ).status,
      outbox: (
        (await answerOf(() => outboxLoader({ request: get("http://localhost/outbox", otherCookie), params: {}, context: context() })))
          .body as {
          messages: { recipient: string }[];
        }
      ).messages.map((message) => message.recipient),
    });
    expect(await reach()).toEqual({ page: 404, action: 404, csv: 404, ics: 404, outbox: [] });
    const message = await database.db.outboxMessage.findFirstOrThrow({ where: { registrationId: id } });
    const deliver = (cookie: string) =>
      answerOf(() =>
        outboxAction({ request: post("http://localhost/outbox", { messageId: message.id }, cookie), params: {}, context: context() }),
      );
    expect((await deliver(otherCookie)).status).toBe(404);
    expect(await database.db.registration.findUniqueOrThrow({ where: { id } })).toMatchObject({ attendance: null });

    await database.db.sessionCoHost.create({ data: { sessionId: pro.sessionId, structureId: other.structure.id } });
    expect(await reach()).toEqual({ page: 200, action: 200, csv: 200, ics: 200, outbox: ["awa@exemple.fr"] });
    // A co-host may say they handed it over: then it leaves the outbox, recorded as delivered, not as sent.
    expect((await deliver(otherCookie)).status).toBe(200);
    expect(await database.db.outboxMessage.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({ status: "delivered" });
    expect(await listOutbox(database.db, pro.user.id)).toEqual([]);
  });

  it("without SMTP nothing is marked sent; with a mail server, e-mails are sent with the .ics or marked failed with the reason", async () => {
    const pro = await facilitator();
    await pro.invite("Awa", { email: "awa@exemple.fr" });
    await pro.invite("Bilal", { phone: "0600000001" });
    const messages = await database.db.outboxMessage.findMany({ where: { registration: { sessionId: pro.sessionId } } });
    expect(messages.map((message) => message.status)).toEqual(["queued", "queued"]);
    expect(messages.every((message) => message.sentAt === null)).toBe(true);

    const sent: Parameters<Mailer["sendMail"]>[0][] = [];
    const mailer: Mailer = { from: "ateliers@exemple.fr", sendMail: async (mail) => void sent.push(mail) };
    const email = messages.find((message) => message.channel === "email")!;
    const sms = messages.find((message) => message.channel === "sms")!;
    expect(await sendMessage(database.db, sms.id, mailer)).toBe("skipped");
    expect(
      await sendMessage(database.db, email.id, {
        from: "x@exemple.fr",
        sendMail: async () => Promise.reject(new Error("connexion refusée")),
      }),
    ).toBe("failed");
    expect(await database.db.outboxMessage.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      status: "failed",
      error: "connexion refusée",
    });
    expect(await sendMessage(database.db, email.id, mailer)).toBe("sent");
    expect(sent).toEqual([
      expect.objectContaining({ to: "awa@exemple.fr", attachments: [expect.objectContaining({ filename: "invitation.ics" })] }),
    ]);
    expect(await database.db.outboxMessage.findUniqueOrThrow({ where: { id: sms.id } })).toMatchObject({ status: "queued" });
  });
});
