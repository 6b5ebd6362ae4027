// From a group session to a person's diagnostic. The facilitator marks a card as an outcome for a
// participant their structure accompanies; the person sees it as a proposal and decides, one by
// one. Accepted: a diagnostic entry with its provenance. Declined: only an anonymous count stays
// (see declineOutcome).
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../../prisma/db.js";
import { diagnosticDimensionSchema } from "../../workshops/schema.js";
import { sessionsRunBy } from "../sessions/sessions.server.js";
import { addEntry, type EntryInput } from "./diagnostic.server.js";

export const OUTCOME_KINDS = ["need", "strength", "next_step", "question", "practice"] as const;

/** How an outcome reads in the diagnostic. */
const ENTRY_KIND: Record<(typeof OUTCOME_KINDS)[number], EntryInput["kind"]> = {
  need: "need",
  strength: "strength",
  next_step: "action",
  question: "note",
  practice: "note",
};

export const outcomeInputSchema = z.object({
  participantId: z.string().min(1),
  cardId: z.string().regex(/^shape:/),
  cardText: z.string().trim().min(1).max(2000),
  kind: z.enum(OUTCOME_KINDS),
  dimension: diagnosticDimensionSchema,
});
export type OutcomeInput = z.infer<typeof outcomeInputSchema>;

/** The session, if this professional belongs to its structure. */
function facilitatedSession(db: Db, userId: string, sessionId: string) {
  return db.groupSession.findFirst({
    where: { id: sessionId, ...sessionsRunBy(userId) },
    select: { id: true, title: true, kind: true, startsAt: true, structureId: true, structure: { select: { name: true } } },
  });
}

/** Recognises a participant as a person the facilitator's structures accompany (or unlinks with null). */
export async function linkParticipant(db: Db, userId: string, sessionId: string, participantId: string, personId: string | null) {
  const session = await facilitatedSession(db, userId, sessionId);
  if (!session) return false;
  if (personId !== null) {
    const person = await db.person.findFirst({
      where: { id: personId, structure: { memberships: { some: { userId } } } },
      select: { id: true },
    });
    if (!person) return false;
  }
  const { count } = await db.participant.updateMany({ where: { id: participantId, sessionId }, data: { personId } });
  return count === 1;
}

/** Proposes a card to the participant's person; proposing the same card again updates the proposal. */
export async function proposeOutcome(db: Db, userId: string, sessionId: string, input: OutcomeInput) {
  const session = await facilitatedSession(db, userId, sessionId);
  if (!session) return null;
  const participant = await db.participant.findFirst({ where: { id: input.participantId, sessionId }, select: { personId: true } });
  if (!participant?.personId) return null;
  const key = { sessionId_personId_cardId: { sessionId, personId: participant.personId, cardId: input.cardId } };
  const data = { kind: input.kind, dimension: input.dimension, cardText: input.cardText };
  return db.outcome.upsert({
    where: key,
    update: data,
    create: { ...data, sessionId, personId: participant.personId, cardId: input.cardId, proposedById: userId },
    select: { id: true, status: true },
  });
}

/** The person's open proposals, with where each comes from. */
export async function listProposals(db: Db, personId: string) {
  const outcomes = await db.outcome.findMany({
    where: { personId, status: "proposed" },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      sessionId: true,
      kind: true,
      dimension: true,
      cardText: true,
      session: { select: { title: true, kind: true, startsAt: true, structure: { select: { name: true } } } },
    },
  });
  return outcomes;
}

/** Accepted: becomes an entry of the person's diagnostic, written by the person, with its provenance. */
export async function acceptOutcome(db: Db, personId: string, outcomeId: string) {
  const outcome = await db.outcome.findFirst({
    where: { id: outcomeId, personId, status: "proposed" },
    select: {
      id: true,
      kind: true,
      dimension: true,
      cardText: true,
      proposedById: true,
      session: { select: { id: true, title: true, kind: true, startsAt: true, structure: { select: { name: true } } } },
    },
  });
  if (!outcome) return null;
  const facilitator = await db.user.findUnique({ where: { id: outcome.proposedById }, select: { displayName: true } });
  const kind = outcome.kind as (typeof OUTCOME_KINDS)[number];
  const entry = await addEntry(
    db,
    { kind: "person", personId },
    personId,
    { dimension: diagnosticDimensionSchema.parse(outcome.dimension), kind: ENTRY_KIND[kind] ?? "note", text: outcome.cardText },
    {
      sessionId: outcome.session.id,
      sessionTitle: outcome.session.title,
      sessionKind: outcome.session.kind,
      sessionDate: outcome.session.startsAt.toISOString(),
      structure: outcome.session.structure.name,
      facilitator: facilitator?.displayName ?? "",
      cardText: outcome.cardText,
      outcomeKind: kind,
    },
  );
  await db.outcome.update({ where: { id: outcome.id }, data: { status: "accepted", entryId: entry.id } });
  return entry;
}

/**
 * Declined: nothing of the proposal stays stored against the person. The row keeps only what the
 * indicators count (its session, kind and dimension) with status "declined", no person, no text and
 * a random card id, so that neither the person's pages, her export, her erasure nor the session's
 * report can find it again (docs/decisions/019).
 */
export async function declineOutcome(db: Db, personId: string, outcomeId: string): Promise<boolean> {
  const { count } = await db.outcome.updateMany({
    where: { id: outcomeId, personId, status: "proposed" },
    data: { status: "declined", personId: null, cardText: "", cardId: `declined:${randomUUID()}`, entryId: null },
  });
  return count === 1;
}

/** For the facilitator's report: which cards became outcomes, counted, without saying for whom. */
export async function sessionOutcomeReport(db: Db, userId: string, sessionId: string) {
  const session = await facilitatedSession(db, userId, sessionId);
  if (!session) return null;
  const outcomes = await db.outcome.findMany({
    where: { sessionId, status: { not: "declined" } },
    select: { cardId: true, kind: true, status: true },
  });
  const byCard = new Map<string, { proposed: number; accepted: number }>();
  for (const outcome of outcomes) {
    const counts = byCard.get(outcome.cardId) ?? { proposed: 0, accepted: 0 };
    counts[outcome.status === "accepted" ? "accepted" : "proposed"]++;
    byCard.set(outcome.cardId, counts);
  }
  return byCard;
}
