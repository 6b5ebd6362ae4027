// The closing of a session, server side: who is who, the board's cards by zone, and the
// proposals a participant answers on the phone. The rules themselves live in
// app/diagnostic/outcomes.server.ts; this module only gathers what the two screens show.
import { z } from "zod";
import { DIAGNOSTIC_DIMENSIONS } from "../../../workshops/schema";
import type { Db } from "../../../prisma/db.js";
import type { Professional } from "~/auth/auth.server";
import { acceptOutcome, declineOutcome, listProposals, OUTCOME_KINDS, sessionOutcomeReport } from "~/diagnostic/outcomes.server";
import { sessionCardsByZone } from "~/diagnostic/session-cards.server";
import type { MessageKey } from "~/i18n";
import type { ClosingAnswer } from "~/diagnostic/closing/card-proposals";
import { notFound, parseForm } from "~/lib/forms";
import { linkParticipant, proposeOutcome } from "~/diagnostic/outcomes.server";
import { findSessionForUser, sessionsRunBy } from "~/sessions/sessions.server";

const message = (key: MessageKey) => ({ message: key });

/** The closing page's two forms, for the page and its action alike. Messages are catalogue keys. */
export const closingFormSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("link"),
    participantId: z.string().min(1, message("closing.error.participant")),
    // "" is the choice "nobody (no record)".
    personId: z.string().transform((value) => (value === "" ? null : value)),
  }),
  z.object({
    intent: z.literal("propose"),
    cardId: z.string().regex(/^shape:/, message("closing.error.card")),
    kind: z.enum(OUTCOME_KINDS, message("closing.error.kind")),
    participantId: z.string().min(1, message("closing.error.participant")),
    dimension: z.enum(DIAGNOSTIC_DIMENSIONS, message("closing.error.dimension")),
  }),
]);

/**
 * Closes the session: the decisions typed on the report are saved with it, and the date it was
 * closed the first time (closing again keeps that date). Who wrote the cards of anonymous steps
 * (HiddenAuthorship) is forgotten at the same time: once closed, nobody may withdraw a card, so
 * nothing needs to know; nor which feedback ballot is whose (their keys go). False when the professional does not run it.
 */
export async function closeSession(db: Db, userId: string, sessionId: string, decisions: string): Promise<boolean> {
  const session = await db.groupSession.findFirst({
    where: { id: sessionId, ...sessionsRunBy(userId) },
    select: { id: true, closedAt: true },
  });
  if (!session) return false;
  await db.$transaction([
    db.groupSession.update({ where: { id: session.id }, data: { decisions, closedAt: session.closedAt ?? new Date() } }),
    db.hiddenAuthorship.deleteMany({ where: { board: { sessionId: session.id } } }),
    // Feedback ballots lose the key that let their author change them: nobody may any more (issue 16.1).
    db.feedbackBallot.updateMany({ where: { sessionId: session.id, ballotKey: { not: null } }, data: { ballotKey: null } }),
  ]);
  return true;
}

/**
 * The closing page's two forms: link a participant to a person's record, or propose a card as an
 * outcome for them. `session` is one of the professional's (`findSessionForUser`). Someone else's
 * participant or a record of another structure: a thrown 404, as if it did not exist.
 */
export async function answerClosingForm(
  db: Db,
  userId: string,
  session: { id: string; agenda: unknown },
  form: FormData,
): Promise<ClosingAnswer & { status: number }> {
  const parsed = parseForm(closingFormSchema, form);
  const { values } = parsed;
  const intent = values.intent === "link" ? "link" : "propose";
  const target = (intent === "link" ? values.participantId : values.cardId) ?? "";
  const answer = (errors: ClosingAnswer["errors"], status = 200) =>
    ({ intent, target, errors, values, done: status === 200, status }) as const;
  if (!parsed.ok) return answer(parsed.errors, 400);
  const input = parsed.data;
  if (input.intent === "link") {
    if (!(await linkParticipant(db, userId, session.id, input.participantId, input.personId))) throw notFound();
    return answer({});
  }
  const card = await findSessionCard(db, session.id, session.agenda, input.cardId);
  if (!card) return answer({ cardId: "closing.error.card" }, 400);
  // Its author chose not to be known: giving it to someone would say, or guess, who wrote it.
  if (card.anonymous) return answer({ cardId: "closing.error.anonymous" }, 400);
  const proposed = await proposeOutcome(db, userId, session.id, { ...input, cardText: card.text });
  if (!proposed) return answer({ participantId: "closing.error.notLinked" }, 400);
  return answer({});
}

/** What the closing page shows, or null when the session is not of the professional's structures. */
export async function loadClosing(db: Db, user: Professional, sessionId: string) {
  const session = await findSessionForUser(db, user.id, sessionId);
  if (!session) return null;
  const [participants, persons, zones, report] = await Promise.all([
    db.participant.findMany({
      where: { sessionId },
      orderBy: { createdAt: "asc" },
      select: { id: true, displayName: true, personId: true },
    }),
    db.person.findMany({
      where: { structureId: { in: user.memberships.map((membership) => membership.structure.id) } },
      orderBy: { displayName: "asc" },
      select: { id: true, displayName: true },
    }),
    nonEmptyCardsByZone(db, sessionId, session.agenda),
    sessionOutcomeReport(db, user.id, sessionId),
  ]);
  return {
    session: { id: session.id, title: session.title },
    participants,
    persons,
    zones,
    counts: Object.fromEntries(report ?? []),
    kinds: OUTCOME_KINDS,
  };
}

/** The board's zones with their cards; a card without words cannot become an outcome. */
async function nonEmptyCardsByZone(db: Db, sessionId: string, agenda: unknown) {
  const zones = await sessionCardsByZone(db, sessionId, agenda);
  return zones.map((zone) => ({ ...zone, cards: zone.cards.filter((card) => card.text.trim().length > 0) }));
}

/** A card of the session's board as stored, so a proposal carries the card's real words. */
export async function findSessionCard(db: Db, sessionId: string, agenda: unknown, cardId: string) {
  const zones = await nonEmptyCardsByZone(db, sessionId, agenda);
  return zones.flatMap((zone) => zone.cards).find((card) => card.id === cardId) ?? null;
}

/** What the phone shows of a proposal (kind and dimension as the catalogue knows them). */
const proposalView = z.object({
  id: z.string(),
  kind: z.enum(OUTCOME_KINDS),
  dimension: z.enum(DIAGNOSTIC_DIMENSIONS),
  cardText: z.string(),
});
export type ProposalView = z.infer<typeof proposalView>;

/** The open proposals, from this session only, for the person a participant was recognised as. */
export async function proposalsForParticipant(db: Db, participantId: string, sessionId: string) {
  const participant = await db.participant.findFirst({ where: { id: participantId, sessionId }, select: { personId: true } });
  if (!participant?.personId) return { personId: null, proposals: [] };
  const proposals = (await listProposals(db, participant.personId)).filter((proposal) => proposal.sessionId === sessionId);
  return { personId: participant.personId, proposals: proposals.map((proposal) => proposalView.parse(proposal)) };
}

/**
 * The person's answer, given from the phone: only the person this participant was recognised as
 * (acceptOutcome and declineOutcome have the personId in their where) and only for a proposal
 * of this very session. False when it is not theirs to answer.
 */
export async function answerProposal(
  db: Db,
  participantId: string,
  sessionId: string,
  answer: z.infer<typeof proposalAnswerSchema>,
): Promise<boolean> {
  const { personId, proposals } = await proposalsForParticipant(db, participantId, sessionId);
  if (!personId || !proposals.some((proposal) => proposal.id === answer.outcomeId)) return false;
  if (answer.answer === "accept") return (await acceptOutcome(db, personId, answer.outcomeId)) !== null;
  return declineOutcome(db, personId, answer.outcomeId);
}

export const proposalAnswerSchema = z.object({
  answer: z.enum(["accept", "decline"]),
  outcomeId: z.string().min(1),
});
