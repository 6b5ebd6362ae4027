import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { findParticipant, requireBoardAccess } from "~/auth/auth.server";
import { answerProposal, proposalAnswerSchema, proposalsForParticipant } from "~/diagnostic/closing/closing.server";
import { ClosedSessionScreen } from "~/contribute/closed-session";
import { ContributionScreen } from "~/contribute/contribution-screen";
import { earlySocketScript } from "~/contribute/early-socket";
import { useNonce } from "~/lib/nonce";
import { t } from "~/i18n";
import { readForm } from "~/lib/request-body.server";
import { notFound, parseForm } from "~/lib/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · ${t("app.name")}` }];

/** The phone screen: same access as the board, and only the agenda's words and zone frame ids. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const sessionId = params.sessionId ?? "";
  const access = await requireBoardAccess(context.db, request, sessionId);
  const session = await context.db.groupSession.findUnique({
    where: { id: sessionId },
    select: { title: true, agenda: true, closedAt: true },
  });
  if (!session) throw notFound();
  // Imported here, not at the top: the agenda module pulls in tldraw's schema (for the zone frame
  // ids), ~250 KB that an old phone should not download for a page without a canvas.
  const { boardAgenda } = await import("../../board-core/agenda");
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
export async function action({ request, params, context }: ActionFunctionArgs) {
  const sessionId = params.sessionId ?? "";
  const participant = await findParticipant(context.db, request.headers.get("Cookie"), sessionId);
  if (!participant) throw notFound();
  const parsed = parseForm(proposalAnswerSchema, await readForm(request));
  if (!parsed.ok) return data({ answered: null }, { status: 400 });
  const answered = await answerProposal(context.db, participant.id, sessionId, parsed.data);
  if (!answered) return data({ answered: null }, { status: 404 });
  return { answered: parsed.data.answer };
}

export default function ContributePage() {
  const { closed, ...data } = useLoaderData<typeof loader>();
  // Closed: nothing to write any more (and no board connection), but proposals can still be answered.
  if (closed) {
    const booking = data.phases.some((phase) => phase.booking) ? `/rdv/atelier/${data.sessionId}` : null;
    return <ClosedSessionScreen title={data.title} proposals={data.proposals} bookingHref={booking} />;
  }
  return (
    <>
      <EarlySocket sessionId={data.sessionId} />
      <ContributionScreen {...data} />
    </>
  );
}

/**
 * Loaded as a page (a reload, a form posted before hydration), the screen's socket opens from the HTML,
 * before React is parsed and hydrated; usePhoneConnection takes it (early-socket.ts). Rendered by
 * React after a navigation inside the app, the script does not run: the socket opens as before.
 */
function EarlySocket({ sessionId }: { sessionId: string }) {
  const nonce = useNonce();
  return <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: earlySocketScript(sessionId) }} />;
}
