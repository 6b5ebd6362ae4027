// The phone screen's data and its one form (a yes or no to a proposal), on the server. Apart from its
// route module so that the screen's script imports nothing of what they use (app/lib/forms.ts speaks
// through the whole catalogue; the participant's pages carry only their part of it, issue 13).
import { data, type AppLoadContext } from "@remix-run/node";
import { boardAgenda } from "../../board-core/agenda";
import { findParticipant, requireBoardAccess } from "~/auth/auth.server";
import { answerProposal, proposalAnswerSchema, proposalsForParticipant } from "~/diagnostic/closing/closing.server";
import { notFound, parseForm } from "~/lib/forms";
import { readForm } from "~/lib/request-body.server";

/** The phone screen: same access as the board, and only the agenda's words and zone frame ids. */
export async function phoneScreen(request: Request, context: AppLoadContext, sessionId: string) {
  const access = await requireBoardAccess(context.db, request, sessionId);
  const session = await context.db.groupSession.findUnique({
    where: { id: sessionId },
    select: { title: true, agenda: true, closedAt: true },
  });
  if (!session) throw notFound();
  // End of session: what the facilitator proposes for this participant's diagnostic, if recognised.
  const participant = await findParticipant(context.db, request.headers.get("Cookie"), sessionId);
  const { proposals } = participant ? await proposalsForParticipant(context.db, participant.id, sessionId) : { proposals: [] };
  const closed = session.closedAt !== null;
  return {
    sessionId,
    title: session.title,
    closed,
    displayName: access.displayName,
    phases: boardAgenda(session.agenda).phases,
    proposals,
  };
}

/** The person's yes or no to a proposal: only for their own, from this session (checked in answerProposal). */
export async function answerProposalFromPhone(request: Request, context: AppLoadContext, sessionId: string) {
  const participant = await findParticipant(context.db, request.headers.get("Cookie"), sessionId);
  if (!participant) throw notFound();
  const parsed = parseForm(proposalAnswerSchema, await readForm(request));
  if (!parsed.ok) return data({ answered: null }, { status: 400 });
  const answered = await answerProposal(context.db, participant.id, sessionId, parsed.data);
  if (!answered) return data({ answered: null }, { status: 404 });
  return { answered: parsed.data.answer };
}
