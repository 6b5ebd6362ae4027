// The facilitator's list of participants: who is on the board now, who waits to be let in, and a
// way to remove someone (in two steps, so that a slip of the finger removes nobody). Used on the
// session's participants page and in the board's side panel, which reloads it every few seconds.
import { useFetcher, useParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { t } from "~/i18n";
import type { SessionParticipants } from "~/sessions/participants.server";

type Participant = SessionParticipants["participants"][number];

/** How often the side panel asks again, for people who arrive in the waiting room (not on the board yet). */
const REFRESH_MS = 5_000;

export function ParticipantsAdmin({ list, headingLevel }: { list: SessionParticipants; headingLevel: 2 | 3 }) {
  // One fetcher for removals, here rather than in the row: the row is gone once the list reloads,
  // and the announcement must outlive it.
  const removal = useFetcher<{ ok: boolean }>({ key: `remove-participant-${list.sessionId}` });
  const [removing, setRemoving] = useState("");
  const action = `/sessions/${list.sessionId}/participants`;
  const remove = (participant: Participant) => {
    setRemoving(participant.displayName);
    removal.submit({ intent: "remove", participantId: participant.id }, { method: "post", action });
  };
  const announcement =
    removal.state !== "idle" || !removing ? "" : removal.data?.ok ? t("participants.removed", { name: removing }) : t("participants.error");
  const waiting = list.participants.filter((participant) => participant.waiting);
  const seated = list.participants.filter((participant) => !participant.waiting);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <div className="participants-admin stack" data-testid="participants-admin">
      <WaitingRoomSwitch action={action} on={list.waitingRoom} />
      <p>{t("participants.seats", { count: list.participants.length, cap: list.cap })}</p>
      {waiting.length > 0 ? (
        <section aria-labelledby="participants-waiting">
          <Heading id="participants-waiting" className="panel-title">
            {t("participants.waiting", { count: waiting.length })}
          </Heading>
          <ul className="participants-list" data-testid="participants-waiting">
            {waiting.map((participant) => (
              <WaitingRow key={participant.id} action={action} participant={participant} />
            ))}
          </ul>
        </section>
      ) : null}
      {seated.length > 0 ? (
        <ul className="participants-list" data-testid="participants-seated">
          {seated.map((participant) => (
            <SeatedRow key={participant.id} participant={participant} onRemove={remove} />
          ))}
        </ul>
      ) : (
        <p>{t("participants.none")}</p>
      )}
      <p role="status">{announcement}</p>
    </div>
  );
}

/**
 * The board's side panel: the same list, kept fresh while the board is open. Polled with a plain
 * fetch of its JSON twin: a poll that fails (the server restarting, the network gone) keeps the last
 * list instead of taking the board down with it.
 */
export function LiveParticipants({ refreshKey }: { refreshKey: string }) {
  const sessionId = useParams().sessionId ?? "";
  const [list, setList] = useState<SessionParticipants | null>(null);
  const url = `/sessions/${encodeURIComponent(sessionId)}/participants.json`;
  const [wanted, setWanted] = useState(0);
  useEffect(() => setWanted((count) => count + 1), [url, refreshKey]);
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") setWanted((count) => count + 1);
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [url]);
  useEffect(() => {
    if (wanted === 0) return;
    const controller = new AbortController();
    fetch(url, { credentials: "same-origin", signal: controller.signal })
      .then((response) => (response.ok ? (response.json() as Promise<SessionParticipants>) : null))
      .then((next) => next && setList(next))
      .catch(() => undefined);
    return () => controller.abort();
  }, [wanted, url]);
  if (!list) return null;
  return (
    <section aria-labelledby="panel-participants" className="panel-section">
      <h2 id="panel-participants" className="panel-title">
        {t("participants.title")}
      </h2>
      <ParticipantsAdmin list={list} headingLevel={3} />
    </section>
  );
}

function WaitingRoomSwitch({ action, on }: { action: string; on: boolean }) {
  const fetcher = useFetcher<{ ok: boolean }>();
  const pending = fetcher.formData?.get("on");
  const shown = pending ? pending === "true" : on;
  return (
    <fetcher.Form method="post" action={action}>
      <input type="hidden" name="intent" value="waitingRoom" />
      <button
        type="submit"
        name="on"
        value={shown ? "false" : "true"}
        className="button small secondary"
        aria-pressed={shown}
        aria-describedby="waiting-room-hint"
      >
        {t("participants.waitingRoom")}
      </button>
      <p id="waiting-room-hint" className="hint">
        {t("participants.waitingRoom.hint")}
      </p>
      {fetcher.data?.ok === false ? <p role="alert">{t("participants.error")}</p> : null}
    </fetcher.Form>
  );
}

function WaitingRow({ action, participant }: { action: string; participant: Participant }) {
  const fetcher = useFetcher<{ ok: boolean }>();
  const name = participant.displayName;
  return (
    <li>
      <span>{name}</span>
      <fetcher.Form method="post" action={action} className="panel-row">
        <input type="hidden" name="participantId" value={participant.id} />
        <button
          type="submit"
          name="intent"
          value="admit"
          className="button small"
          aria-label={t("participants.admit.label", { name })}
          disabled={fetcher.state !== "idle"}
        >
          {t("participants.admit")}
        </button>
        <button
          type="submit"
          name="intent"
          value="refuse"
          className="button small secondary"
          aria-label={t("participants.refuse.label", { name })}
          disabled={fetcher.state !== "idle"}
        >
          {t("participants.refuse")}
        </button>
      </fetcher.Form>
      {fetcher.data?.ok === false ? <p role="alert">{t("participants.error")}</p> : null}
    </li>
  );
}

function SeatedRow({ participant, onRemove }: { participant: Participant; onRemove: (participant: Participant) => void }) {
  const [confirming, setConfirming] = useState(false);
  const name = participant.displayName;
  const presence =
    participant.connections === 0
      ? t("participants.away")
      : participant.connections === 1
        ? t("participants.connected")
        : t("participants.connectedMany", { count: participant.connections });
  return (
    <li data-testid="participant" data-connections={participant.connections}>
      <span>
        {name} <span className="hint">({presence})</span>
      </span>
      {confirming ? (
        <div className="stack">
          <p>{t("participants.remove.question", { name })}</p>
          <div className="panel-row">
            <button
              type="button"
              className="button small danger"
              // The "Retirer" button that had the focus is gone: the question's answer takes it.
              autoFocus
              onClick={() => {
                setConfirming(false);
                onRemove(participant);
              }}
            >
              {t("participants.remove.confirm", { name })}
            </button>
            <button type="button" className="button small secondary" onClick={() => setConfirming(false)}>
              {t("participants.cancel")}
            </button>
          </div>
        </div>
      ) : (
        <button
          type="button"
          className="link-button"
          aria-label={t("participants.remove.label", { name })}
          onClick={() => setConfirming(true)}
        >
          {t("participants.remove")}
        </button>
      )}
    </li>
  );
}
