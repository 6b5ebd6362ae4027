// Everything a session's report says, gathered once for the page and for each download. Read for
// a professional who runs the session (host or co-host), or nothing at all.
import type { Db } from "../../prisma/db.js";
import { storedFacilitationSchema, voteCounts } from "../../board-core/facilitation-state.js";
import { boardAgenda } from "../../board-core/agenda.js";
import { cardsByZone, loadBoardRecords } from "../diagnostic/session-cards.server.js";
import { sessionsRunBy } from "../sessions/sessions.server.js";
import { countRegistrations, type RegistrationCounts } from "../registrations/counts.js";
import { boardDrawing, type BoardDrawing } from "./board-image.server.js";
import { feedbackSummary, type FeedbackSummary } from "../feedback/feedback.server.js";

/** A card as the report shows it: never its author (private or anonymous writing stays so). */
export interface ReportCard {
  text: string;
  votes: number;
}

export interface ReportZone {
  label: string;
  phaseTitle: string;
  dimension: string | null;
  cards: ReportCard[];
}

export interface SessionReport {
  session: {
    id: string;
    title: string;
    kind: string;
    startsAt: Date;
    place: string | null;
    online: boolean;
    structure: string;
    closedAt: Date | null;
    /** What the group decided, as the facilitator saved it on the report ("" when none). */
    decisions: string;
  };
  phases: { id: string; title: string; minutes: number; prompt: string }[];
  /** The phase the live board was on last; null when the board was never run. */
  endedOnPhase: string | null;
  zones: ReportZone[];
  /** The zone of a vote still open when the report was made: its counts are provisional. */
  openVoteZone: string | null;
  /** Cards of the zones feeding the action plan: the group's next steps. */
  nextSteps: (ReportCard & { zone: string })[];
  attendance: RegistrationCounts & { joinedBoard: number };
  contacts: { name: string; structure: string; role: string; helpWith: string }[];
  /** The participants' anonymous answers to the end-of-session questions (issue 16.1); null when nobody answered or the session is still open. */
  feedback?: FeedbackSummary | null;
  board: BoardDrawing;
}

export async function gatherReport(db: Db, userId: string, sessionId: string): Promise<SessionReport | null> {
  const session = await db.groupSession.findFirst({
    where: { id: sessionId, ...sessionsRunBy(userId) },
    select: {
      id: true,
      title: true,
      kind: true,
      startsAt: true,
      place: true,
      online: true,
      closedAt: true,
      decisions: true,
      agenda: true,
      structure: { select: { name: true } },
      board: { select: { facilitation: true } },
      registrations: { select: { status: true, attendance: true } },
      _count: { select: { participants: true } },
      contactCards: {
        orderBy: { createdAt: "asc" },
        select: { name: true, role: true, helpWith: true, structure: { select: { name: true } } },
      },
    },
  });
  if (!session) return null;

  // The answers are read only once the session is closed: until then each may still change, and a
  // facilitator reloading the report as people tap would see what the one just seen tapping chose
  // (a count moving by one, a new word). Closed, they are final and nobody can be watched any more.
  const [records, feedback] = await Promise.all([
    loadBoardRecords(db, session.id),
    session.closedAt ? feedbackSummary(db, session.id, session.agenda) : null,
  ]);
  const parsedState = storedFacilitationSchema.safeParse(session.board?.facilitation);
  const state = parsedState.success ? parsedState.data : null;
  const agenda = boardAgenda(session.agenda);
  const openVote = state?.vote?.open ? state.vote : null;
  const liveCounts = openVote ? voteCounts(openVote.ballots) : {};

  const zones = cardsByZone(records, session.agenda).map((zone) => ({
    label: zone.label,
    phaseTitle: zone.phaseTitle,
    dimension: zone.dimension,
    cards: zone.cards.map((card) => ({
      text: card.text,
      votes: openVote?.zoneId === zone.frameId ? (liveCounts[card.id] ?? 0) : card.votes,
    })),
  }));

  return {
    session: {
      id: session.id,
      title: session.title,
      kind: session.kind,
      startsAt: session.startsAt,
      place: session.place,
      online: session.online,
      structure: session.structure.name,
      closedAt: session.closedAt,
      decisions: session.decisions ?? "",
    },
    phases: agenda.phases.map(({ id, title, minutes, prompt }) => ({ id, title, minutes, prompt })),
    // Until the facilitator's first command nothing is stored: the board is then on its first phase.
    endedOnPhase: agenda.phases.find((phase) => phase.id === (state ? state.phaseId : agenda.phases[0]?.id))?.title ?? null,
    zones,
    openVoteZone: openVote
      ? (agenda.phases.flatMap((phase) => phase.zones).find((zone) => zone.frameId === openVote.zoneId)?.label ?? null)
      : null,
    nextSteps: zones
      .filter((zone) => zone.dimension === "action_plan")
      .flatMap((zone) => zone.cards.map((card) => ({ ...card, zone: zone.label }))),
    attendance: { ...countRegistrations(session.registrations), joinedBoard: session._count.participants },
    contacts: session.contactCards.map((card) => ({
      name: card.name,
      structure: card.structure.name,
      role: card.role,
      helpWith: card.helpWith,
    })),
    feedback,
    board: boardDrawing(records),
  };
}
