import { Link } from "@remix-run/react";
import { useCallback } from "react";
import type { BoardAgenda } from "../../board-core/agenda";
import { useFacilitation } from "~/board/use-facilitation";
import type { ProposalView } from "~/diagnostic/closing/closing.server";
import { SessionTimer } from "~/board/timer";
import { t } from "~/i18n/participant";
import { ConnectionStatus, usePhoneConnection } from "./connection";
import { PostForm } from "./post-form";
import { ProposalsPanel } from "./proposals";
import { LockedNotice, PrivatePanel } from "./private-panel";
import { VotePanel } from "./vote-panel";
import { MyCardsSection } from "./my-cards";
import { LiveFeedback } from "~/feedback/live-feedback";
import { Picto } from "./section";
import { BookingOffer } from "./booking-offer";

export type ContributionPhase = BoardAgenda["phases"][number];
/** A zone as the phone needs it: the id of its frame on the board and its label. */
export type ContributionZone = ContributionPhase["zones"][number];

/**
 * Taking part without the canvas, for an old phone and for people who read little: the current
 * step in big words, the timer, one box to write or dictate a card, and the vote as a list.
 * Everything live comes from the facilitation channel; the agenda comes from the loader.
 */
export function ContributionScreen({
  sessionId,
  title,
  displayName,
  phases,
  proposals = [],
}: {
  sessionId: string;
  title: string;
  displayName: string;
  phases: ContributionPhase[];
  /** End of session: what the facilitator proposes to add to this person's diagnostic. */
  proposals?: ProposalView[];
}) {
  const { client, state, retry } = usePhoneConnection(sessionId);
  const { view, mine } = useFacilitation(client);
  const serverNow = useCallback(() => client?.serverNow() ?? Date.now(), [client]);
  const phaseIndex = view ? phases.findIndex((phase) => phase.id === view.phaseId) : -1;
  const phase = phaseIndex >= 0 ? phases[phaseIndex] : undefined;
  // A closed vote's results belong to the step of its zone: at the next step they stay behind.
  const latest = view?.vote ?? null;
  const vote = latest && (latest.open || phase?.zones.some((zone) => zone.frameId === latest.zoneId)) ? latest : null;

  return (
    <div className="page narrow contribute">
      <h1>{title}</h1>
      <p className="muted">
        <Picto name="person" />
        {t("contribute.you", { name: displayName })}
      </p>
      <ConnectionStatus state={state} onRetry={retry} />

      {!view ? (
        <p>{t("contribute.waiting")}</p>
      ) : !phase ? (
        <p className="notice">{t("contribute.notStarted")}</p>
      ) : (
        <section className="contribute-step" aria-labelledby="contribute-step-title" data-testid="contribute-step">
          <p className="contribute-step-number">
            <Picto name="step" />
            {t("contribute.step", { number: phaseIndex + 1, total: phases.length })}
          </p>
          <h2 id="contribute-step-title">{phase.title}</h2>
          <p className="contribute-prompt">
            <Picto name="prompt" />
            {phase.prompt}
          </p>
          <SessionTimer timer={view.timer} serverNow={serverNow} />
        </section>
      )}

      {view?.locks.board ? <LockedNotice /> : null}
      {view?.anonymous ? (
        <p className="notice" data-testid="anonymous-step">
          {t("contribute.anonymous")}
        </p>
      ) : null}
      {view?.feedback ? <LiveFeedback sessionId={sessionId} /> : null}
      {vote?.open ? <VotePanel client={client} vote={vote} mine={mine} /> : null}
      {view?.private ? <PrivatePanel mode={view.private} mine={mine} /> : null}
      {/* Keyed by step: each step starts with an empty box and no "Envoyé" from the step before. */}
      {view && phase && !(view.feedback && phase.zones.length === 0) ? (
        <PostForm
          key={phase.id}
          client={client}
          zones={phase.zones}
          privateZoneId={view.private?.zoneId ?? null}
          anonymous={view.anonymous}
        />
      ) : null}
      {phase?.booking ? <BookingOffer href={`/rdv/atelier/${sessionId}`} /> : null}
      {vote && !vote.open ? <VotePanel client={client} vote={vote} mine={mine} /> : null}
      {view ? <MyCardsSection client={client} cards={mine?.cards ?? []} /> : null}
      <ProposalsPanel proposals={proposals} />

      <p className="contribute-board-link">
        <Link to={`/board/${sessionId}`}>
          <Picto name="board" />
          {t("contribute.board.link")}
        </Link>
      </p>
    </div>
  );
}
