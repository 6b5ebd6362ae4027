// A known history for the indicator tests (issue 16): sessions, people, registrations, answers,
// outcomes and action-plan steps written straight into the database at fixed Paris dates, so each
// figure of a report can be checked to the unit.
import { randomUUID } from "node:crypto";
import type { Db } from "../../prisma/db.js";
import { parisInstant } from "../../app/lib/paris-dates.js";

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter += 1)}`;

export async function structureWithAdmin(db: Db, name: string, territory: string | null = null) {
  const structure = await db.structure.create({ data: { name, territory } });
  const user = await db.user.create({ data: { email: `admin-${unique()}@exemple.fr`, displayName: `Admin ${name}`, passwordHash: "x" } });
  await db.membership.create({ data: { userId: user.id, structureId: structure.id, role: "admin" } });
  return { structure, user };
}

export async function professional(db: Db, structureId: string | null, role = "facilitator") {
  const user = await db.user.create({ data: { email: `pro-${unique()}@exemple.fr`, displayName: `Pro ${counter}`, passwordHash: "x" } });
  if (structureId) await db.membership.create({ data: { userId: user.id, structureId, role } });
  return user;
}

export interface SessionSeed {
  structureId: string;
  createdById: string;
  /** Paris day, "YYYY-MM-DD". */
  day: string;
  kind?: "information_session" | "peer_workshop" | "practice_exchange";
  templateId?: string;
  seriesId?: string;
}

export async function session(db: Db, seed: SessionSeed): Promise<string> {
  const created = await db.groupSession.create({
    data: {
      structureId: seed.structureId,
      kind: seed.kind ?? "peer_workshop",
      title: "Séance du passé",
      startsAt: parisInstant(seed.day, "14:00"),
      // Past sessions were closed: the indicators count the answers of closed sessions only.
      closedAt: parisInstant(seed.day, "16:00"),
      templateId: seed.templateId ?? "forces-et-reconnaissance",
      agenda: [],
      joinCode: unique().toUpperCase(),
      createdById: seed.createdById,
      seriesId: seed.seriesId ?? null,
    },
  });
  return created.id;
}

export async function people(db: Db, structureId: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    ids.push((await db.person.create({ data: { structureId, displayName: `Personne ${index + 1}` } })).id);
  }
  return ids;
}

/** Participants on the session's board: linked to people, not linked, or professionals. */
export async function participants(db: Db, sessionId: string, who: { personIds?: string[]; unlinked?: number; userIds?: string[] }) {
  const rows = [
    ...(who.personIds ?? []).map((personId) => ({ personId })),
    ...Array.from({ length: who.unlinked ?? 0 }, () => ({})),
    ...(who.userIds ?? []).map((userId) => ({ userId })),
  ];
  for (const row of rows) {
    await db.participant.create({ data: { sessionId, displayName: "Participant", tokenHash: randomUUID(), ...row } });
  }
}

export async function registrations(
  db: Db,
  sessionId: string,
  counts: Partial<Record<"present" | "absent" | "excused" | "unmarked" | "cancelled" | "waiting", number>>,
) {
  for (const [key, count] of Object.entries(counts)) {
    for (let index = 0; index < (count ?? 0); index++) {
      const status = key === "cancelled" ? "cancelled" : key === "waiting" ? "waiting" : "registered";
      const attendance = key === "present" || key === "absent" || key === "excused" ? key : null;
      await db.registration.create({ data: { sessionId, name: "Inscrit", status, attendance } });
    }
  }
}

/** Ballots answering one question: `values` lists each ballot's face. */
export async function answers(db: Db, sessionId: string, question: { id: string; label: string; scale: number }, values: number[]) {
  for (const value of values) {
    await db.feedbackBallot.create({
      data: {
        sessionId,
        answers: { create: [{ sessionId, questionId: question.id, label: question.label, scale: question.scale, value }] },
      },
    });
  }
}

export async function outcomes(
  db: Db,
  sessionId: string,
  proposedById: string,
  dimension: string,
  counts: { accepted?: number; declined?: number; proposed?: number },
  personId: string,
) {
  for (const [status, count] of Object.entries(counts)) {
    for (let index = 0; index < (count ?? 0); index++) {
      const declined = status === "declined";
      await db.outcome.create({
        data: {
          sessionId,
          personId: declined ? null : personId,
          status,
          kind: "need",
          dimension,
          cardId: declined ? `declined:${randomUUID()}` : `shape:${randomUUID()}`,
          cardText: declined ? "" : "Une carte",
          proposedById,
        },
      });
    }
  }
}

/** Action-plan steps written on `day` in the person's diagnostic. */
export async function steps(db: Db, personId: string, day: string, statuses: (string | null)[]) {
  const diagnostic = await db.diagnostic.upsert({ where: { personId }, update: {}, create: { personId } });
  for (const status of statuses) {
    await db.diagnosticEntry.create({
      data: {
        diagnosticId: diagnostic.id,
        dimension: "action_plan",
        kind: "action",
        text: "Une étape",
        status,
        createdAt: parisInstant(day, "10:00"),
      },
    });
  }
}
