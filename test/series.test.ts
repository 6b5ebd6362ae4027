import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RotationHistory } from "../app/series/rotation-history.js";
import { action as seriesAction, loader as seriesLoader } from "../app/routes/series.$seriesId._index.js";
import { action as contactsAction, loader as contactsLoader } from "../app/routes/series.$seriesId.contacts.js";
import { loader as seriesListLoader } from "../app/routes/series._index.js";
import { foldForSearch, listContactCards } from "../app/series/contacts.server.js";
import { acceptProposal, createSeries, findSeriesForUser, nextHost, passProposal, proposeNext } from "../app/series/series.server.js";
import { hashPassword } from "../app/auth/auth.server.js";
import { createTestDatabase, daysFromToday, professionalCookie, type TestDatabase } from "./support/fixtures.js";
import { answerOf } from "./support/route-answer.js";

const get = (cookie: string, path: string) => new Request(`http://localhost${path}`, { headers: { Cookie: cookie } });
const post = (cookie: string, path: string, fields: Record<string, string>) =>
  new Request(`http://localhost${path}`, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(fields) });

// Dated from today: an exchange starting in the past is refused unless recorded after the fact.
const exchangeForm = { theme: "Accueillir sans juger", date: daysFromToday(20), time: "09:30", place: "Salle du conseil" };

describe("the hosting rotation, as a pure function", () => {
  const members = ["A", "B", "C", "D"].map((structureId) => ({ structureId }));

  it("asks A, B, C, D then A again when everyone accepts", () => {
    const proposals: { structureId: string; status: string }[] = [];
    const asked: string[] = [];
    for (let i = 0; i < 5; i++) {
      const host = nextHost(members, proposals)!;
      asked.push(host);
      proposals.push({ structureId: host, status: "accepted" });
    }
    expect(asked).toEqual(["A", "B", "C", "D", "A"]);
  });

  it("skips a structure that passed for this round only, and stops when all four passed in a row", () => {
    const history = [
      { structureId: "A", status: "accepted" },
      { structureId: "B", status: "passed" },
    ];
    expect(nextHost(members, history)).toBe("C");
    const round = [
      ...history,
      { structureId: "C", status: "accepted" },
      { structureId: "D", status: "accepted" },
      { structureId: "A", status: "accepted" },
    ];
    expect(nextHost(members, round)).toBe("B");
    const allPassed = ["A", "B", "C", "D"].map((structureId) => ({ structureId, status: "passed" }));
    expect(nextHost(members, allPassed)).toBeNull();
    expect(nextHost(members, allPassed.slice(1))).toBe("A");
  });
});

describe("practice-exchange series", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.cleanup());
  const context = () => ({ db: database.db, tldrawLicenseKey: null });

  let counter = 0;
  let passwordHash: string | undefined;
  /** A structure with one facilitator, and that facilitator's cookie. */
  async function structure(name: string) {
    const { db } = database;
    const n = ++counter;
    passwordHash ??= await hashPassword("x-mot-de-passe");
    const structure = await db.structure.create({ data: { name: `${name} ${n}` } });
    const user = await db.user.create({
      data: { email: `pro-${n}-${Date.now()}@exemple.fr`, displayName: `Pro ${name}`, passwordHash },
    });
    await db.membership.create({ data: { userId: user.id, structureId: structure.id, role: "facilitator" } });
    return { structure, user, cookie: await professionalCookie(db, user.id) };
  }

  async function fourStructureSeries() {
    const structures = await Promise.all(["A", "B", "C", "D"].map(structure));
    const [a] = structures;
    const created = await createSeries(database.db, a.user.id, {
      title: "Échanges du nord",
      territory: "Nord du département",
      theme: "L'accueil",
      members: structures.map((s) => s.structure.id),
    });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    return { structures, seriesId: created.seriesId };
  }

  const openProposal = (seriesId: string) => database.db.hostingProposal.findFirstOrThrow({ where: { seriesId, status: "proposed" } });

  it("proposes hosts in order A, B, C, D, A as each accepts; accepting creates the exchange with the other three as co-hosts", async () => {
    const { structures, seriesId } = await fourStructureSeries();
    const asked: string[] = [];
    for (let turn = 0; turn < 5; turn++) {
      const proposal = await openProposal(seriesId);
      const host = structures.find((s) => s.structure.id === proposal.structureId)!;
      asked.push(host.structure.id);
      const result = await acceptProposal(database.db, host.user.id, seriesId, proposal.id, exchangeForm);
      expect(result).toMatchObject({ ok: true });
      await proposeNext(database.db, seriesId);
    }
    const ids = structures.map((s) => s.structure.id);
    expect(asked).toEqual([...ids, ids[0]]);

    const first = await database.db.groupSession.findFirstOrThrow({
      where: { seriesId, structureId: ids[0] },
      orderBy: { createdAt: "asc" },
      include: { coHosts: true },
    });
    expect(first).toMatchObject({
      kind: "practice_exchange",
      templateId: "echange-pratiques-thematique",
      title: "Échange de pratiques : Accueillir sans juger",
    });
    expect(first.coHosts.map((c) => c.structureId).sort()).toEqual(ids.slice(1).sort());
    // Each member's professional sees the exchange in their sessions and on the series page.
    const seen = await findSeriesForUser(database.db, structures[2].user.id, seriesId);
    expect(seen?.exchanges.map((e) => e.id)).toContain(first.id);
    expect(seen?.exchanges.find((e) => e.id === first.id)?.theme).toBe("Accueillir sans juger");
  });

  it("when B passes, C is asked next and the history says B passed its turn (never silently)", async () => {
    const { structures, seriesId } = await fourStructureSeries();
    const [a, b, c] = structures;
    await acceptProposal(database.db, a.user.id, seriesId, (await openProposal(seriesId)).id, exchangeForm);
    await proposeNext(database.db, seriesId);
    const toB = await openProposal(seriesId);
    expect(toB.structureId).toBe(b.structure.id);

    const answer = await answerOf(() =>
      seriesAction({
        request: post(b.cookie, `/series/${seriesId}`, { intent: "pass", proposalId: toB.id }),
        params: { seriesId },
        context: context(),
      }),
    );
    expect(answer).toMatchObject({ status: 302, location: `/series/${seriesId}` });
    expect((await openProposal(seriesId)).structureId).toBe(c.structure.id);

    const page = await answerOf(() =>
      seriesLoader({ request: get(c.cookie, `/series/${seriesId}`), params: { seriesId }, context: context() }),
    );
    const series = (page.body as { series: NonNullable<Awaited<ReturnType<typeof findSeriesForUser>>> }).series;
    expect(series.proposals.map((p) => [p.structureId, p.status])).toEqual([
      [a.structure.id, "accepted"],
      [b.structure.id, "passed"],
      [c.structure.id, "proposed"],
    ]);
    const html = renderToStaticMarkup(createElement(RotationHistory, { proposals: series.proposals }));
    expect(html).toContain(`<strong>${b.structure.name}</strong> — a passé son tour`);
    expect(html).toContain(`<strong>${c.structure.name}</strong> — proposé`);
  });

  it("after all four pass in a row, no new proposal is made and the page says so", async () => {
    const { structures, seriesId } = await fourStructureSeries();
    for (const member of structures) {
      const proposal = await openProposal(seriesId);
      expect(proposal.structureId).toBe(member.structure.id);
      expect(await passProposal(database.db, member.user.id, seriesId, proposal.id)).toEqual({ ok: true });
    }
    expect(await database.db.hostingProposal.count({ where: { seriesId, status: "proposed" } })).toBe(0);
    expect(await proposeNext(database.db, seriesId)).toBeNull();
    expect(await database.db.hostingProposal.count({ where: { seriesId } })).toBe(4);
    const series = await findSeriesForUser(database.db, structures[0].user.id, seriesId);
    expect(series).toMatchObject({ allPassed: true, current: null });
  });

  it("only the structure asked can answer: another member gets 404 and nothing changes", async () => {
    const { structures, seriesId } = await fourStructureSeries();
    const [a, b] = structures;
    const toA = await openProposal(seriesId);
    for (const intent of ["accept", "pass"]) {
      const answer = await answerOf(() =>
        seriesAction({
          request: post(b.cookie, `/series/${seriesId}`, { intent, proposalId: toA.id, ...exchangeForm }),
          params: { seriesId },
          context: context(),
        }),
      );
      expect(answer.status).toBe(404);
    }
    expect(await acceptProposal(database.db, b.user.id, seriesId, toA.id, exchangeForm)).toBeNull();
    expect(await database.db.hostingProposal.findUniqueOrThrow({ where: { id: toA.id } })).toMatchObject({
      status: "proposed",
      sessionId: null,
    });
    expect(await database.db.groupSession.count({ where: { seriesId } })).toBe(0);

    // The structure asked gets its fields named when something is missing, and its answer kept.
    const incomplete = await answerOf(() =>
      seriesAction({
        request: post(a.cookie, `/series/${seriesId}`, {
          intent: "accept",
          proposalId: toA.id,
          theme: "Accueil",
          date: "",
          time: "09:30",
          place: "",
        }),
        params: { seriesId },
        context: context(),
      }),
    );
    expect(incomplete.status).toBe(400);
    expect((incomplete.body as { errors: Record<string, string> }).errors).toMatchObject({
      date: "session.error.date",
      place: "session.error.place",
    });

    // An exchange dated in the past is refused (the proposal stays open) unless recorded after the fact.
    const pastForm = { ...exchangeForm, date: daysFromToday(-3) };
    const past = await answerOf(() =>
      seriesAction({
        request: post(a.cookie, `/series/${seriesId}`, { intent: "accept", proposalId: toA.id, ...pastForm }),
        params: { seriesId },
        context: context(),
      }),
    );
    expect(past.status).toBe(400);
    expect((past.body as { errors: Record<string, string> }).errors).toEqual({ date: "session.error.past" });
    expect(await database.db.hostingProposal.findUniqueOrThrow({ where: { id: toA.id } })).toMatchObject({
      status: "proposed",
      sessionId: null,
    });
    expect(await acceptProposal(database.db, a.user.id, seriesId, toA.id, { ...pastForm, recordPast: "on" })).toMatchObject({ ok: true });
  });

  it("a professional of a structure outside the series gets 404 on its pages and does not see it in the list", async () => {
    const { structures, seriesId } = await fourStructureSeries();
    const outsider = await structure("Dehors");
    const args = (cookie: string, path: string) => ({ request: get(cookie, path), params: { seriesId }, context: context() });
    expect((await answerOf(() => seriesLoader(args(outsider.cookie, `/series/${seriesId}`)))).status).toBe(404);
    expect((await answerOf(() => contactsLoader(args(outsider.cookie, `/series/${seriesId}/contacts`)))).status).toBe(404);
    expect(
      (
        await answerOf(() =>
          contactsAction({
            ...args(outsider.cookie, ""),
            request: post(outsider.cookie, `/series/${seriesId}/contacts`, { intent: "withdraw" }),
          }),
        )
      ).status,
    ).toBe(404);
    const outsiderList = await answerOf(() =>
      seriesListLoader({ request: get(outsider.cookie, "/series"), params: {}, context: context() }),
    );
    expect((outsiderList.body as { series: { id: string }[] }).series.map((s) => s.id)).not.toContain(seriesId);
    const memberList = await answerOf(() =>
      seriesListLoader({ request: get(structures[3].cookie, "/series"), params: {}, context: context() }),
    );
    expect((memberList.body as { series: { id: string }[] }).series.map((s) => s.id)).toContain(seriesId);
    expect((await answerOf(() => seriesLoader(args(structures[3].cookie, `/series/${seriesId}`)))).status).toBe(200);
  });

  it("shared cards are found by structure and by topic (any case, any accent); withdrawing a card removes it from search", async () => {
    const { structures, seriesId } = await fourStructureSeries();
    const [a, b] = structures;
    const share = (who: typeof a, fields: Record<string, string>) =>
      answerOf(() =>
        contactsAction({
          request: post(who.cookie, `/series/${seriesId}/contacts`, { intent: "share", ...fields }),
          params: { seriesId },
          context: context(),
        }),
      );
    const card = {
      name: "Inès",
      role: "Conseillère",
      email: "ines@exemple.fr",
      phone: "",
      helpWith: "Logement d'urgence et santé mentale",
    };
    expect(await share(a, { ...card, structureId: a.structure.id })).toMatchObject({ status: 302 });
    expect(await share(b, { ...card, name: "Yanis", structureId: b.structure.id, helpWith: "Mobilité, permis de conduire" })).toMatchObject(
      { status: 302 },
    );
    // Neither e-mail nor phone: refused, with the reason.
    const unreachable = await share(b, { ...card, email: "", structureId: b.structure.id });
    expect((unreachable.body as { errors: Record<string, string> }).errors).toEqual({ email: "series.contacts.error.reach" });
    // A structure the professional is not in cannot sign their card.
    const borrowed = await share(b, { ...card, structureId: a.structure.id });
    expect((borrowed.body as { errors: Record<string, string> }).errors).toEqual({ structureId: "series.contacts.error.structure" });

    expect(foldForSearch("SANTÉ")).toBe("sante");
    const names = async (filters: { structureId?: string; topic?: string }) =>
      (await listContactCards(database.db, seriesId, filters)).map((c) => c.name);
    expect(await names({ topic: "SANTE" })).toEqual(["Inès"]);
    expect(await names({ topic: "mobilite" })).toEqual(["Yanis"]);
    expect(await names({ structureId: b.structure.id })).toEqual(["Yanis"]);
    expect(await names({})).toEqual(["Inès", "Yanis"]);
    // One card per professional and series: sharing again updates it.
    await share(a, { ...card, structureId: a.structure.id, helpWith: "Logement, accès aux droits" });
    expect(await database.db.contactCard.count({ where: { seriesId, userId: a.user.id } })).toBe(1);

    const withdrawn = await answerOf(() =>
      contactsAction({
        request: post(a.cookie, `/series/${seriesId}/contacts`, { intent: "withdraw" }),
        params: { seriesId },
        context: context(),
      }),
    );
    expect(withdrawn.status).toBe(302);
    expect(await names({ topic: "logement" })).toEqual([]);
    expect(await database.db.contactCard.count({ where: { userId: a.user.id } })).toBe(0);
    const page = await answerOf(() =>
      contactsLoader({ request: get(b.cookie, `/series/${seriesId}/contacts?sujet=logement`), params: { seriesId }, context: context() }),
    );
    expect((page.body as { cards: unknown[] }).cards).toEqual([]);
  });
});
