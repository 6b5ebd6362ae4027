import { useCallback, useEffect, useRef, useState } from "react";
import { CLOSE_REMOVED } from "../../board-core/close-codes";
import { FacilitationClient } from "~/board/facilitation-client";
import { t, type ParticipantMessageKey } from "~/i18n/participant";
import { Picto, type PictoName } from "~/ui/pictograms";
import { phoneSocketUrl, takeEarlyPhoneSocket } from "./early-socket";

export type PhoneConnectionState = "connecting" | "online" | "reconnecting" | "offline" | "stopped" | "removed";

/** Backoff between attempts: doubles from the first delay, never above the cap. */
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;
/** Close codes that mean "this client sent something wrong": retrying at once would loop. */
const CLOSED_FOR_BAD_MESSAGES = new Set([1003, 1007]);
/** "Too many messages": try again, but only after the longest wait. */
const CLOSED_FOR_RATE = 1008;

/**
 * The phone screen's own WebSocket to the board room (`?view=phone`: facilitation frames only,
 * no Yjs). Reconnects on its own with backoff, pauses while the phone says it is offline, and
 * stops after the server rejected our messages (the person can try again by hand).
 */
export function usePhoneConnection(sessionId: string) {
  const [client, setClient] = useState<FacilitationClient | null>(null);
  const [state, setState] = useState<PhoneConnectionState>("connecting");
  const retryNow = useRef<() => void>(() => undefined);

  useEffect(() => {
    let socket: WebSocket | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let everOpen = false;
    let disposed = false;
    const url = phoneSocketUrl(sessionId);
    const facilitation = new FacilitationClient({
      send(frame) {
        if (socket?.readyState !== WebSocket.OPEN) return false;
        socket.send(frame);
        return true;
      },
    });

    const open = () => {
      clearTimeout(retryTimer);
      if (disposed || socket) return;
      if (!navigator.onLine) return setState("offline");
      setState(everOpen ? "reconnecting" : "connecting");
      // The first time, the socket the join form opened while this screen's data came, if any.
      const early = everOpen ? null : takeEarlyPhoneSocket(sessionId);
      const ws = early?.socket ?? new WebSocket(url);
      ws.binaryType = "arraybuffer";
      socket = ws;
      ws.onopen = () => {
        attempt = 0;
        everOpen = true;
        setState("online");
        facilitation.reconnected();
      };
      ws.onmessage = (event: MessageEvent) => {
        if (event.data instanceof ArrayBuffer) facilitation.receive(new Uint8Array(event.data));
      };
      ws.onclose = (event) => {
        if (socket !== ws) return;
        socket = null;
        retryAfterClose(event.code);
      };
      if (early && ws.readyState === WebSocket.OPEN) {
        // Opened before we were here: what its open and its first frames would have done, in order.
        ws.onopen(new Event("open"));
        for (const frame of early.received) facilitation.receive(new Uint8Array(frame));
      }
    };

    const retryAfterClose = (code: number) => {
      if (disposed) return;
      if (CLOSED_FOR_BAD_MESSAGES.has(code)) return setState("stopped");
      // Removed by the facilitator: the token opens nothing any more, trying again would only be refused.
      if (code === CLOSE_REMOVED) return setState("removed");
      if (!navigator.onLine) return setState("offline");
      setState(everOpen ? "reconnecting" : "connecting");
      const delay = code === CLOSED_FOR_RATE ? MAX_RETRY_MS : Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt);
      attempt++;
      // Jitter, so that a whole room of phones does not come back in the same millisecond.
      retryTimer = setTimeout(open, delay / 2 + Math.random() * (delay / 2));
    };

    const goOffline = () => {
      clearTimeout(retryTimer);
      setState("offline");
      const ws = socket;
      socket = null;
      ws?.close();
    };
    const goOnline = () => {
      attempt = 0;
      open();
    };
    retryNow.current = goOnline;
    window.addEventListener("offline", goOffline);
    window.addEventListener("online", goOnline);
    setClient(facilitation);
    open();

    return () => {
      disposed = true;
      clearTimeout(retryTimer);
      window.removeEventListener("offline", goOffline);
      window.removeEventListener("online", goOnline);
      const ws = socket;
      socket = null;
      ws?.close();
      facilitation.destroy();
      retryNow.current = () => undefined;
    };
  }, [sessionId]);

  const retry = useCallback(() => retryNow.current(), []);
  return { client, state, retry };
}

const STATE_TEXT: Record<PhoneConnectionState, { picto: PictoName; key: ParticipantMessageKey }> = {
  connecting: { picto: "waiting", key: "contribute.connection.connecting" },
  online: { picto: "online", key: "contribute.connection.online" },
  reconnecting: { picto: "reconnecting", key: "contribute.connection.reconnecting" },
  offline: { picto: "offline", key: "contribute.connection.offline" },
  stopped: { picto: "stopped", key: "contribute.connection.stopped" },
  removed: { picto: "stopped", key: "contribute.connection.removed" },
};

/** Where the connection stands, in a polite live region: announced when it changes, not before. */
export function ConnectionStatus({ state, onRetry }: { state: PhoneConnectionState; onRetry: () => void }) {
  const { picto, key } = STATE_TEXT[state];
  return (
    <div className="contribute-connection" data-state={state}>
      <p role="status" data-testid="contribute-connection">
        <Picto name={picto} />
        {t(key)}
      </p>
      {state === "stopped" ? (
        <button type="button" className="button secondary" onClick={onRetry}>
          {t("contribute.connection.retry")}
        </button>
      ) : null}
    </div>
  );
}
