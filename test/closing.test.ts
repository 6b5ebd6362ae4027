import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findParticipant } from "../app/auth/auth.server.js";
import { zoneFrameShapeId } from "../board-core/template-layout.js";
import { linkParticipant, proposeOutcome } from "../app/diagnostic/outcomes.server.js";
import { sessionCardsByZone } from "../app/diagnostic/session-cards.server.js";
import { action as closingAction, loader as closingLoader } from "../app/routes/sessions.$sessionId.closing.js";
import { action as contributeAction } from "../app/routes/contribute.$sessionId.js";
import { startBoardServer, type InProcessBoardServer } from "./support/board-server.js";
import { connectFacilitation } from "./support/facilitation.js";
import {
  createFacilitatorWithSession,
  createSessionFor,
  createTestDatabase,
  professionalCookie,
  participantCookie,
  type TestDatabase,
} from "./support/fixtures.js";
import { answerOf } from "./support/route-answer.js";

// The session's template is "forces-et-reconnaissance": a phone's card goes to the first zone of
// the current phase, "brise-glace" (no diagnostic dimension) until the facilitator moves on.
const FIRST_ZONE = zoneFrameShapeId("brise-glace", "ce-qui-fait-du-bien");

/** What a route answered: status and body, whether it returned `data(…, { status })`, a value, or threw a Response. */

const form = (cookie: string, url: string, fields: Record<string, string>) =>
  new Request(url, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(fields) });

describe("closing a session: from the board's cards to proposals a person answers", () => {
  let database: TestDatabase;
  let server: InProcessBoardServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startBoardServer(database);
  });
  afterAll(async () => {
    await server.close();
    await database.cleanup();
  });

  /** A session of a structure, a person it accompanies, and a participant "Awa" who posted a card from the phone. */
  async function workshopWithCard(text: string) {
    const { db } = database;
    const setup = await createFacilitatorWithSession(db);
    const person = await db.person.create({ data: { structureId: setup.structure.id, displayName: "Awa Diallo" } });
    const awaCookie = await participantCookie(db, setup.sessionId, "Awa");
    const awa = (await findParticipant(db, awaCookie, setup.sessionId))!;
    const phone = await connectFacilitation(server.wsBase, setup.sessionId, awaCookie, { phone: true });
    try {
      expect(await phone.client.send({ type: "post", text })).toEqual({ ok: true });
    } finally {
      phone.close();
    }
    const session = await db.groupSession.findUniqueOrThrow({ where: { id: setup.sessionId }, select: { agenda: true } });
    const zones = await sessionCardsByZone(db, setup.sessionId, session.agenda);
    const card = zones.find((zone) => zone.frameId === FIRST_ZONE)!.cards.find((candidate) => candidate.text === text)!;
    return { ...setup, person, awa, awaCookie, zones, card };
  }

  it("the stored board gives each card in its zone, with its author as the board server recorded them", async () => {
    const { zones, awa } = await workshopWithCard("Je sais écouter les autres");
    const zone = zones.find((candidate) => candidate.frameId === FIRST_ZONE);
    expect(zone).toMatchObject({ phaseTitle: "Faire connaissance", dimension: null });
    expect(zone?.cards).toEqual([
      expect.objectContaining({ text: "Je sais écouter les autres", author: "Awa", authorParticipantId: awa.id }),
    ]);
    expect(zones.filter((candidate) => candidate.frameId !== FIRST_ZONE).every((candidate) => candidate.cards.length === 0)).toBe(true);
  });

  it("a professional of another structure can neither link a participant nor propose, and the closing page does not exist for them", async () => {
    const { db } = database;
    const { sessionId, person, awa, card } = await workshopWithCard("Cuisiner pour dix");
    const other = await createFacilitatorWithSession(db);
    expect(await linkParticipant(db, other.user.id, sessionId, awa.id, person.id)).toBe(false);
    expect(await linkParticipant(db, other.user.id, sessionId, awa.id, null)).toBe(false);
    const input = { participantId: awa.id, cardId: card.id, cardText: card.text, kind: "strength" as const, dimension: "skills" as const };
    expect(await proposeOutcome(db, other.user.id, sessionId, input)).toBeNull();

    const cookie = await professionalCookie(db, other.user.id);
    const url = `http://localhost/sessions/${sessionId}/closing`;
    const args = { params: { sessionId }, context: { db, tldrawLicenseKey: null } };
    expect((await answerOf(() => closingLoader({ ...args, request: new Request(url, { headers: { Cookie: cookie } }) }))).status).toBe(404);
    const link = form(cookie, url, { intent: "link", participantId: awa.id, personId: person.id });
    expect((await answerOf(() => closingAction({ ...args, request: link }))).status).toBe(404);
    expect(await db.participant.findUniqueOrThrow({ where: { id: awa.id }, select: { personId: true } })).toEqual({ personId: null });
    expect(await db.outcome.count({ where: { sessionId } })).toBe(0);
  });

  it("proposing a card for a participant not linked to a record is refused, with a French message", async () => {
    const { db } = database;
    const { sessionId, user, awa, card } = await workshopWithCard("Je voudrais passer le permis");
    const input = { participantId: awa.id, cardId: card.id, cardText: card.text, kind: "need" as const, dimension: "mobility" as const };
    expect(await proposeOutcome(db, user.id, sessionId, input)).toBeNull();

    const cookie = await professionalCookie(db, user.id);
    const request = form(cookie, `http://localhost/sessions/${sessionId}/closing`, {
      intent: "propose",
      cardId: card.id,
      kind: "need",
      participantId: awa.id,
      dimension: "mobility",
    });
    const answer = await answerOf(() => closingAction({ request, params: { sessionId }, context: { db, tldrawLicenseKey: null } }));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      errors: { participantId: "closing.error.notLinked" },
      values: { kind: "need", dimension: "mobility" },
    });
    expect(await db.outcome.count({ where: { sessionId } })).toBe(0);
  });

  it("a proposal is answered from the phone only by the linked participant of that session: accepted it joins the diagnostic, declined it is gone", async () => {
    const { db } = database;
    const { sessionId, user, structure, person, awa, awaCookie, card } = await workshopWithCard("Je sais réparer un vélo");
    expect(await linkParticipant(db, user.id, sessionId, awa.id, person.id)).toBe(true);
    const strength = (await proposeOutcome(db, user.id, sessionId, {
      participantId: awa.id,
      cardId: card.id,
      cardText: card.text,
      kind: "strength",
      dimension: "skills",
    }))!;
    const need = (await proposeOutcome(db, user.id, sessionId, {
      participantId: awa.id,
      cardId: "shape:autre-carte",
      cardText: "Un vélo à moi",
      kind: "need",
      dimension: "mobility",
    }))!;
    const contribute = (cookie: string, id: string, fields: Record<string, string>) =>
      answerOf(() =>
        contributeAction({
          request: form(cookie, `http://localhost/contribute/${id}`, fields),
          params: { sessionId: id },
          context: { db, tldrawLicenseKey: null },
        }),
      );

    // Another participant of the same session, not recognised as that person.
    const bilal = await participantCookie(db, sessionId, "Bilal");
    expect((await contribute(bilal, sessionId, { answer: "accept", outcomeId: strength.id })).status).toBe(404);
    // The same person recognised in another session: this session's proposals are not answered from there.
    const otherSessionId = await createSessionFor(db, user.id, structure.id);
    const elsewhere = await participantCookie(db, otherSessionId, "Awa");
    const elsewhereParticipant = (await findParticipant(db, elsewhere, otherSessionId))!;
    expect(await linkParticipant(db, user.id, otherSessionId, elsewhereParticipant.id, person.id)).toBe(true);
    expect((await contribute(elsewhere, otherSessionId, { answer: "decline", outcomeId: need.id })).status).toBe(404);
    // Nobody signed in on this session at all.
    expect((await contribute("", sessionId, { answer: "accept", outcomeId: strength.id })).status).toBe(404);
    expect(await db.outcome.count({ where: { sessionId, status: "proposed" } })).toBe(2);
    expect(await db.diagnosticEntry.count({ where: { diagnostic: { personId: person.id } } })).toBe(0);

    expect(await contribute(awaCookie, sessionId, { answer: "accept", outcomeId: strength.id })).toEqual({
      status: 200,
      body: { answered: "accept" },
    });
    expect(await contribute(awaCookie, sessionId, { answer: "decline", outcomeId: need.id })).toEqual({
      status: 200,
      body: { answered: "decline" },
    });
    // Answered once: a second tap is told it is no longer there.
    expect((await contribute(awaCookie, sessionId, { answer: "decline", outcomeId: strength.id })).status).toBe(404);

    const entries = await db.diagnosticEntry.findMany({ where: { diagnostic: { personId: person.id } } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: "strength", dimension: "skills", text: "Je sais réparer un vélo" });
    expect(entries[0].provenance).toMatchObject({ sessionId, sessionTitle: "Atelier de test" });
    expect(await db.outcome.findMany({ where: { sessionId, personId: person.id }, select: { cardId: true, status: true } })).toEqual([
      { cardId: card.id, status: "accepted" },
    ]);
    // Declined: only an anonymous count remains — no person, no text, not the card.
    const declined = await db.outcome.findMany({ where: { sessionId, status: "declined" } });
    expect(declined).toHaveLength(1);
    expect(declined[0]).toMatchObject({ personId: null, cardText: "", entryId: null });
    expect(declined[0]!.cardId).not.toBe("shape:autre-carte");
    expect(JSON.stringify(declined)).not.toContain("vélo à moi");
  });
});
