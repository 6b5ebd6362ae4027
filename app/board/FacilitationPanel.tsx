// The side panel beside the canvas: plain HTML, so that everything the facilitation offers works
// with a keyboard and a screen reader. Everyone sees the phase, the timer, an open vote and who is
// here; the facilitator also gets the controls. The server decides: a refused command is shown.
import { useState, type ReactNode } from "react";
import { VotePanel } from "~/contribute/vote-panel";
import { MyCardsList } from "~/contribute/my-cards";
import { SessionTimer } from "~/board/timer";
import { LiveParticipants } from "~/sessions/participants-admin";
import { t } from "~/i18n";
import type { BoardAgenda } from "../../board-core/agenda";
import type { CommandOutcome, FacilitationClient } from "./facilitation-client";
import { useFacilitation } from "./use-facilitation";
import { feedbackAction } from "~/feedback/fields";

export interface FacilitationPanelProps {
  client: FacilitationClient;
  agenda: BoardAgenda;
  role: "facilitator" | "participant";
  /** This browser's presence user id: "follow me" and "bring everyone here" point at it. */
  selfUserId: string;
  /** The session: a participant reaches the end-of-session questions through its feedback page. */
  sessionId: string;
}

export function FacilitationPanel({ client, agenda, role, selfUserId, sessionId }: FacilitationPanelProps) {
  const { view, mine } = useFacilitation(client);
  const [problem, setProblem] = useState("");
  if (!view || !mine) return null;
  const phaseIndex = agenda.phases.findIndex((phase) => phase.id === view.phaseId);
  const phase = agenda.phases[phaseIndex];
  const facilitator = role === "facilitator";
  const run = (command: Parameters<FacilitationClient["send"]>[0]) => {
    setProblem("");
    void client.send(command).then((outcome: CommandOutcome) => {
      if (!outcome.ok) setProblem(t(`facilitation.refused.${outcome.reason}`));
    });
  };
  const zones = phase?.zones ?? [];
  const zoneLabel = (zoneId: string) => agenda.phases.flatMap((p) => p.zones).find((zone) => zone.frameId === zoneId)?.label ?? "";

  return (
    <div className="facilitation-panel" data-testid="facilitation-panel">
      <section aria-labelledby="panel-phase">
        <h2 id="panel-phase" className="panel-title">
          {phase ? t("facilitation.phase", { number: phaseIndex + 1, total: agenda.phases.length }) : t("facilitation.phase.none")}
        </h2>
        {phase ? (
          <>
            <p className="panel-phase-title" data-testid="current-phase">
              {phase.title}
            </p>
            <p className="panel-prompt">{phase.prompt}</p>
          </>
        ) : null}
        <SessionTimer timer={view.timer} serverNow={client.serverNow} />
        {facilitator ? (
          <div className="panel-row">
            <button
              type="button"
              className="button small"
              onClick={() => run({ type: "timer", action: view.timer.running ? "pause" : "start" })}
            >
              {view.timer.running ? t("panel.timer.pause") : t("panel.timer.start")}
            </button>
            <button type="button" className="button small secondary" onClick={() => run({ type: "timer", action: "add-minute" })}>
              {t("panel.timer.addMinute")}
            </button>
            <button type="button" className="button small secondary" onClick={() => run({ type: "timer", action: "reset" })}>
              {t("panel.timer.reset")}
            </button>
          </div>
        ) : null}
        {view.locks.board && !facilitator ? <p className="notice">{t("facilitation.locked.board")}</p> : null}
        {view.feedback && !facilitator ? (
          <p className="notice">
            <a href={feedbackAction(sessionId)} className="button" data-testid="board-feedback-link">
              {t("feedback.boardLink")}
            </a>
          </p>
        ) : null}
      </section>

      {view.sorting && !facilitator ? <p className="notice">{t("facilitation.sorting.open")}</p> : null}
      {view.anonymous && !facilitator ? (
        <p className="notice" data-testid="anonymous-step">
          {t("facilitation.anonymous.on")}
        </p>
      ) : null}
      <p role="status" className="panel-problem" data-testid="panel-problem">
        {problem || (client.refusedEdit ? t(`facilitation.refused.${client.refusedEdit.reason}`) : "")}
      </p>

      {facilitator ? (
        <Section id="panel-agenda" title={t("panel.agenda")}>
          <ol className="panel-agenda">
            {agenda.phases.map((item, index) => (
              <li key={item.id}>
                <button
                  type="button"
                  className="link-button"
                  aria-current={item.id === view.phaseId ? "step" : undefined}
                  onClick={() => run({ type: "phase", phaseId: item.id })}
                >
                  {index + 1}. {item.title} ({t("panel.minutes", { minutes: item.minutes })})
                  {view.anonymousPhases.includes(item.id) ? ` ${t("panel.agenda.anonymous")}` : null}
                </button>
              </li>
            ))}
          </ol>
          {phaseIndex >= 0 && phaseIndex < agenda.phases.length - 1 ? (
            <button
              type="button"
              className="button small"
              onClick={() => run({ type: "phase", phaseId: agenda.phases[phaseIndex + 1].id })}
            >
              {t("panel.next")}
            </button>
          ) : null}
        </Section>
      ) : null}

      {view.vote ? (
        <div className="panel-section">
          <p className="panel-zone">{zoneLabel(view.vote.zoneId)}</p>
          <VotePanel client={client} vote={view.vote} mine={mine} />
          {facilitator && view.vote.open ? (
            <button type="button" className="button small" onClick={() => run({ type: "vote-close" })}>
              {t("panel.vote.close")}
            </button>
          ) : null}
        </div>
      ) : null}

      {facilitator && !view.vote?.open ? (
        <StartForm
          id="panel-vote-start"
          title={t("panel.vote.start")}
          zones={zones}
          extra={(values, set) => (
            <label className="panel-field">
              {t("panel.vote.perPerson")}
              <input
                type="number"
                min={1}
                max={10}
                value={values.votes}
                onChange={(event) => set({ ...values, votes: Number(event.target.value) })}
              />
            </label>
          )}
          onStart={(zoneId, values) => run({ type: "vote-open", zoneId, votesPerPerson: Math.min(10, Math.max(1, values.votes || 3)) })}
        />
      ) : null}

      {view.private ? (
        <Section id="panel-private" title={t("panel.private.title")}>
          <p>{t("facilitation.private.on")}</p>
          {view.private.anonymous ? <p>{t("facilitation.private.anonymous")}</p> : null}
          <p data-testid="private-hidden">
            {t("facilitation.private.hidden", { count: view.private.hiddenCards, authors: view.private.authors })}
          </p>
          {facilitator ? (
            <button type="button" className="button small" onClick={() => run({ type: "private-reveal" })}>
              {t("panel.private.reveal")}
            </button>
          ) : null}
        </Section>
      ) : facilitator ? (
        <StartForm
          id="panel-private-start"
          title={t("panel.private.start")}
          zones={zones}
          extra={(values, set) => (
            <label className="checkbox">
              <input type="checkbox" checked={values.anonymous} onChange={(event) => set({ ...values, anonymous: event.target.checked })} />
              {t("panel.private.anonymous")}
            </label>
          )}
          onStart={(zoneId, values) => run({ type: "private-start", zoneId, anonymous: values.anonymous })}
        />
      ) : null}

      {facilitator ? (
        <Section id="panel-room" title={t("panel.room")}>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={view.locks.frames}
              onChange={(event) => run({ type: "locks", frames: event.target.checked, board: view.locks.board })}
            />
            {t("panel.locks.frames")}
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={view.locks.board}
              onChange={(event) => run({ type: "locks", frames: view.locks.frames, board: event.target.checked })}
            />
            {t("panel.locks.board")}
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={view.sorting} onChange={(event) => run({ type: "sorting", open: event.target.checked })} />
            {t("panel.sorting")}
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={view.feedback}
              onChange={(event) => run({ type: "feedback", open: event.target.checked })}
              aria-describedby="panel-feedback-hint"
            />
            {t("panel.feedback.open")}
          </label>
          <p className="hint" id="panel-feedback-hint">
            {t("panel.feedback.hint")}
          </p>
          {view.phaseId ? (
            <label className="checkbox">
              <input
                type="checkbox"
                checked={view.anonymous}
                onChange={(event) => run({ type: "anonymous", phaseId: view.phaseId!, anonymous: event.target.checked })}
              />
              {t("panel.anonymous")}
            </label>
          ) : null}
          <div className="panel-row">
            <button
              type="button"
              className="button small secondary"
              aria-pressed={view.follow?.userId === selfUserId}
              onClick={() => run({ type: "follow", userId: view.follow?.userId === selfUserId ? null : selfUserId })}
            >
              {t("panel.follow")}
            </button>
            <button type="button" className="button small secondary" onClick={() => run({ type: "summon", userId: selfUserId })}>
              {t("panel.summon")}
            </button>
          </div>
        </Section>
      ) : view.follow ? (
        <p className="notice">{t("panel.following", { name: view.follow.name })}</p>
      ) : null}

      <Section id="panel-people" title={t("facilitation.people", { count: view.people.length })}>
        <ul className="panel-people" data-testid="people">
          {view.people.map((person) => (
            <li key={`${person.role}-${person.name}`}>
              {person.name}
              {person.role === "facilitator" ? ` (${t("facilitation.people.facilitator")})` : ""}
            </li>
          ))}
        </ul>
      </Section>
      {/* Their own cards, once they have some (each comes with its two buttons). */}
      {facilitator || mine.cards.length === 0 ? null : (
        <Section id="panel-mine" title={t("mine.title", { count: mine.cards.length })}>
          <MyCardsList client={client} cards={mine.cards} />
        </Section>
      )}
      {/* The facilitator's own list, with ids, from a page only they may read: admit, turn away, remove. */}
      {facilitator ? <LiveParticipants refreshKey={view.people.map((person) => `${person.name}:${person.connections}`).join("|")} /> : null}
    </div>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="panel-section">
      <h2 id={id} className="panel-title">
        {title}
      </h2>
      {children}
    </section>
  );
}

interface StartValues {
  votes: number;
  anonymous: boolean;
}

/** Picks a zone of the current phase (and one option), then starts a vote or a private brainstorm. */
function StartForm(props: {
  id: string;
  title: string;
  zones: BoardAgenda["phases"][number]["zones"];
  extra: (values: StartValues, set: (values: StartValues) => void) => ReactNode;
  onStart: (zoneId: string, values: StartValues) => void;
}) {
  const [zoneId, setZoneId] = useState("");
  const [values, setValues] = useState<StartValues>({ votes: 3, anonymous: true });
  if (props.zones.length === 0) return null;
  const chosen = props.zones.some((zone) => zone.frameId === zoneId) ? zoneId : props.zones[0].frameId;
  return (
    <Section id={props.id} title={props.title}>
      <label className="panel-field">
        {t("panel.zone")}
        <select value={chosen} onChange={(event) => setZoneId(event.target.value)}>
          {props.zones.map((zone) => (
            <option key={zone.frameId} value={zone.frameId}>
              {zone.label}
            </option>
          ))}
        </select>
      </label>
      {props.extra(values, setValues)}
      <button type="button" className="button small" onClick={() => props.onStart(chosen, values)}>
        {t("panel.start")}
      </button>
    </Section>
  );
}
