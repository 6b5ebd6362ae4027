// Two years of a structure's history for the indicators bench (issue 16.7), written in batches
// (createMany) into a fresh database: 1,000 sessions, 20,000 participations, 5,000 outcomes, 10,000
// satisfaction answers (2,500 anonymous ballots of 4 questions), 15,000 registrations, 3,000 people
// with their action plans, and a practice-exchange series shared with two other structures. Random
// but seeded: every run writes the same history.
import { randomBytes } from "node:crypto";
import { ACTION_STATUSES } from "../app/diagnostic/diagnostic.server.js";
import type { Db } from "../prisma/db.js";
import { DEFAULT_FEEDBACK_QUESTIONS } from "../workshops/feedback.js";
import { findTemplate, loadWorkshopLibrary } from "../workshops/library.js";
import { DIAGNOSTIC_DIMENSIONS, type SessionKind } from "../workshops/schema.js";

export interface HistoryPlan {
  sessions: number;
  participationsPerSession: number;
  registrationsPerSession: number;
  outcomes: number;
  ballots: number;
  people: number;
  /** The history ends the day before this instant and spans this many days. */
  until: Date;
  days: number;
}

export const FULL_HISTORY: HistoryPlan = {
  sessions: 1_000,
  participationsPerSession: 20,
  registrationsPerSession: 15,
  outcomes: 5_000,
  ballots: 2_500,
  people: 3_000,
  until: new Date("2026-12-01T00:00:00Z"),
  days: 730,
};

export interface History {
  structureId: string;
  memberId: string;
  outsiderId: string;
  seriesId: string;
  rows: Record<string, number>;
}

const BATCH = 500;

/** Mulberry32: a small seeded generator, so that two runs bench the same history. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

async function inBatches<T>(rows: T[], write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH) await write(rows.slice(start, start + BATCH));
}

const id = (prefix: string, index: number) => `${prefix}${String(index).padStart(7, "0")}${randomBytes(4).toString("hex")}`;

const TEMPLATES: Record<SessionKind, string[]> = {
  peer_workshop: ["forces-et-reconnaissance", "freins-et-leviers", "courbe-du-changement"],
  information_session: ["information-avant-diagnostic"],
  practice_exchange: ["echange-pratiques-thematique"],
};

export async function writeHistory(db: Db, plan: HistoryPlan = FULL_HISTORY): Promise<History> {
  const random = seeded(16);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const library = loadWorkshopLibrary();
  const agendas = new Map<string, unknown>();
  for (const ids of Object.values(TEMPLATES))
    for (const templateId of ids) agendas.set(templateId, findTemplate(library, templateId)?.phases ?? []);

  const structure = await db.structure.create({ data: { name: "Mission locale du banc d'essai", territory: "Bassin minier" } });
  const partners = await Promise.all(
    ["Centre social des Oiseaux", "PLIE du Bassin"].map((name) => db.structure.create({ data: { name, territory: "Bassin minier" } })),
  );
  const outsiderStructure = await db.structure.create({ data: { name: "Autre structure", territory: "Ailleurs" } });
  const member = await db.user.create({ data: { email: `membre-${Date.now()}@exemple.fr`, displayName: "Membre", passwordHash: "x" } });
  const outsider = await db.user.create({ data: { email: `autre-${Date.now()}@exemple.fr`, displayName: "Autre", passwordHash: "x" } });
  await db.membership.create({ data: { userId: member.id, structureId: structure.id, role: "admin" } });
  await db.membership.create({ data: { userId: outsider.id, structureId: outsiderStructure.id, role: "admin" } });
  const series = await db.practiceSeries.create({
    data: { title: "Échanges du Bassin minier", territory: "Bassin minier", theme: "Mobilité", createdById: member.id },
  });
  await db.seriesMember.createMany({
    data: [structure, ...partners].map((s, position) => ({ seriesId: series.id, structureId: s.id, position })),
  });

  const people = Array.from({ length: plan.people }, (_, index) => ({
    id: id("per", index),
    structureId: structure.id,
    displayName: `Personne ${index}`,
    createdAt: new Date(plan.until.getTime() - plan.days * 86_400_000),
  }));
  await inBatches(people, (data) => db.person.createMany({ data }));

  const start = plan.until.getTime() - plan.days * 86_400_000;
  const sessions = Array.from({ length: plan.sessions }, (_, index) => {
    const roll = random();
    const kind: SessionKind = roll < 0.45 ? "peer_workshop" : roll < 0.8 ? "information_session" : "practice_exchange";
    const templateId = pick(TEMPLATES[kind]);
    const startsAt = new Date(start + Math.floor(random() * plan.days) * 86_400_000 + 13 * 3_600_000);
    // Practice exchanges of the series are hosted in turn by its three structures.
    const host = kind === "practice_exchange" ? pick([structure, structure, ...partners]) : structure;
    return {
      id: id("ses", index),
      structureId: host.id,
      kind,
      title: `Séance ${index}`,
      startsAt,
      templateId,
      agenda: agendas.get(templateId) as object,
      joinCode: randomBytes(6).toString("hex"),
      closedAt: new Date(startsAt.getTime() + 2 * 3_600_000),
      seriesId: kind === "practice_exchange" ? series.id : null,
      createdById: member.id,
    };
  });
  await inBatches(sessions, (data) => db.groupSession.createMany({ data }));

  // People come back: a fifth of the people make most of the linked participations.
  const personOf = () => (random() < 0.7 ? people[Math.floor(random() ** 2 * people.length)]!.id : null);
  const participations: { id: string; sessionId: string; displayName: string; personId: string | null; tokenHash: string }[] = [];
  const linked = new Map<string, string[]>();
  sessions.forEach((session) => {
    const seen = new Set<string>();
    for (let seat = 0; seat < plan.participationsPerSession; seat++) {
      let personId = personOf();
      if (personId && seen.has(personId)) personId = null;
      if (personId) seen.add(personId);
      participations.push({
        id: id("par", participations.length),
        sessionId: session.id,
        displayName: `Participant ${seat}`,
        personId,
        tokenHash: randomBytes(16).toString("hex"),
      });
    }
    linked.set(session.id, [...seen]);
  });
  await inBatches(participations, (data) => db.participant.createMany({ data }));

  const registrations = sessions.flatMap((session) =>
    Array.from({ length: plan.registrationsPerSession }, (_, seat) => {
      const roll = random();
      const status = roll < 0.9 ? "registered" : roll < 0.95 ? "cancelled" : "waiting";
      const mark = random();
      const attendance = status !== "registered" ? null : mark < 0.7 ? "present" : mark < 0.9 ? "absent" : mark < 0.97 ? "excused" : null;
      return { sessionId: session.id, kind: "beneficiary", name: `Inscrit ${seat}`, status, attendance };
    }),
  );
  await inBatches(registrations, (data) => db.registration.createMany({ data }));

  const outcomes: {
    sessionId: string;
    personId: string;
    status: string;
    kind: string;
    dimension: string;
    cardId: string;
    cardText: string;
    proposedById: string;
  }[] = [];
  for (let index = 0; outcomes.length < plan.outcomes; index++) {
    const session = sessions[index % sessions.length]!;
    const persons = linked.get(session.id)!;
    if (persons.length === 0) continue;
    const roll = random();
    outcomes.push({
      sessionId: session.id,
      personId: pick(persons),
      status: roll < 0.3 ? "proposed" : roll < 0.85 ? "accepted" : "declined",
      kind: pick(["need", "strength", "next_step"]),
      dimension: pick(DIAGNOSTIC_DIMENSIONS),
      cardId: `carte-${index}`,
      cardText: "Une carte",
      proposedById: member.id,
    });
  }
  await inBatches(outcomes, (data) => db.outcome.createMany({ data }));

  // Ballots on half of the sessions, five each; closed sessions keep no ballot key.
  const ballotSessions = sessions.filter((_, index) => index % 2 === 0);
  const ballots = Array.from({ length: plan.ballots }, (_, index) => ({
    id: id("bal", index),
    sessionId: ballotSessions[index % ballotSessions.length]!.id,
    word: null,
  }));
  await inBatches(ballots, (data) => db.feedbackBallot.createMany({ data }));
  const answers = ballots.flatMap((ballot) =>
    DEFAULT_FEEDBACK_QUESTIONS.map((question) => ({
      ballotId: ballot.id,
      sessionId: ballot.sessionId,
      questionId: question.id,
      label: question.label,
      scale: question.scale,
      value: 1 + Math.floor(random() ** 0.6 * question.scale),
    })),
  );
  await inBatches(answers, (data) => db.feedbackAnswer.createMany({ data }));

  // An action plan of two steps for two people in three.
  const diagnostics = people.filter((_, index) => index % 3 !== 0).map((person, index) => ({ id: id("dia", index), personId: person.id }));
  await inBatches(diagnostics, (data) => db.diagnostic.createMany({ data }));
  const steps = diagnostics.flatMap((diagnostic) =>
    [0, 1].map((step) => ({
      diagnosticId: diagnostic.id,
      dimension: "action_plan",
      kind: "action",
      text: `Étape ${step}`,
      status: pick(ACTION_STATUSES),
    })),
  );
  await inBatches(steps, (data) => db.diagnosticEntry.createMany({ data }));

  const proposals = sessions
    .filter((session) => session.seriesId)
    .map((session) => ({
      seriesId: series.id,
      structureId: session.structureId,
      status: "accepted",
      sessionId: session.id,
      decidedAt: session.startsAt,
      createdAt: session.startsAt,
    }));
  await inBatches(proposals, (data) => db.hostingProposal.createMany({ data }));
  await db.contactCard.create({
    data: { userId: member.id, structureId: structure.id, seriesId: series.id, name: "Membre", role: "Conseiller", helpWith: "Mobilité" },
  });

  return {
    structureId: structure.id,
    memberId: member.id,
    outsiderId: outsider.id,
    seriesId: series.id,
    rows: {
      sessions: sessions.length,
      participations: participations.length,
      registrations: registrations.length,
      outcomes: outcomes.length,
      ballots: ballots.length,
      answers: answers.length,
      people: people.length,
      actionSteps: steps.length,
      hostingProposals: proposals.length,
    },
  };
}
