// The shared board: a tldraw canvas whose document lives in the session's Yjs room. Browser-only
// (tldraw needs the DOM): routes load it lazily after hydration.
import { getAssetUrls } from "@tldraw/assets/selfHosted";
import * as decoding from "lib0/decoding";
import { useEffect, useMemo, useRef, useState, type CSSProperties } from "react";
import { computed, getUserPreferences, Tldraw, useTldrawCurrentUser, type Editor, type TLStore } from "tldraw";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { t } from "~/i18n";
import type { BoardAgenda } from "../../board-core/agenda";
import { BoardOverlay, OverlayContext } from "./BoardOverlay";
import { bindCardReflow } from "./card-reflow";
import { CLOSE_REMOVED } from "../../board-core/close-codes";
import {
  acceptCompressedSync,
  canInflateSync,
  COMPRESSED_SYNC_PARAM,
  COMPRESSED_SYNC_VALUE,
  holdUpdatesUntilBoard,
} from "../../board-core/compressed-sync";
import { FacilitationClient } from "./facilitation-client";
import { bindFacilitationToCanvas, focusPhase } from "./facilitation-canvas";
import { MESSAGE_FACILITATION } from "../../board-core/facilitation-protocol";
import { FacilitationPanel } from "./FacilitationPanel";
import { bindMissedKeyReleases } from "./missed-key-release";
import { PanelDock, usePanelDock } from "./PanelDock";
import { bindPresence, presenceUserId, type PresenceUser } from "../../board-core/presence";
import { boardShapeUtils, createBoardStore } from "./tldraw-store";
import { boardAuthors } from "../../board-core/shared-doc";
import { boardUiOverrides, TLDRAW_LOCALE } from "./tldraw-french";
import { BoardSchemaError, bindStoreToYDoc } from "./yjs-binding";

// Fonts, icons and translations are served by us (server/http/tldraw-assets.ts), never by a CDN.
const assetUrls = getAssetUrls({ baseUrl: "/tldraw-assets" });

/** How long "connection restored" stays on screen. */
const RESTORED_NOTICE_MS = 4000;

export interface BoardMessages {
  /** Connected, waiting for the board's content. */
  loading: string;
  /** Trying to reach the server (first connection). */
  connecting: string;
  /** The connection dropped after the board was shown; the provider is trying again. */
  reconnecting: string;
  /** The browser itself has no network. */
  offline: string;
  /** The connection came back. */
  online: string;
  /** The board was saved by a newer version of the application. */
  outdated: string;
  /** The server closed the connection for good (access refused, session closed). */
  refused: string;
  /** The facilitator removed this person from the session. */
  removed: string;
  /** Anything else that prevents the board from opening. */
  failed: string;
}

function defaultMessages(): BoardMessages {
  return {
    loading: t("board.loading"),
    connecting: t("board.connecting"),
    reconnecting: t("board.reconnecting"),
    offline: t("board.offline"),
    online: t("board.online"),
    outdated: t("board.outdated"),
    refused: t("board.refused"),
    removed: t("contribute.connection.removed"),
    failed: t("board.failed"),
  };
}

export interface BoardProps {
  /** The Yjs room: the session id. */
  roomName: string;
  /** e.g. "wss://example.org/yjs"; the provider connects to `${wsBaseUrl}/${roomName}`. */
  wsBaseUrl: string;
  /** Shown to the others: cursor label, author of new cards, list of people here. */
  user: PresenceUser;
  role: "facilitator" | "participant";
  agenda: BoardAgenda;
  /** tldraw licence key; required in production on a public host. */
  licenseKey?: string;
  messages?: Partial<BoardMessages>;
}

type Opening =
  | { state: "connecting" }
  | { state: "loading" }
  | { state: "ready"; store: TLStore; doc: Y.Doc }
  | { state: "failed"; reason: "outdated" | "refused" | "removed" | "failed" }
  /** The stored board holds what this canvas cannot read: the facilitator can repair it. */
  | { state: "unreadable"; repair: (() => Promise<boolean>) | null };

type Connection = "online" | "offline" | "restored";

/**
 * Fills its nearest positioned ancestor (give the container `position: relative` and a size).
 * Shows a loading state until the room's content has arrived, then the canvas; announces lost and
 * restored connections in a polite live region.
 */
export default function Board({ roomName, wsBaseUrl, user, role, agenda, licenseKey, messages }: BoardProps) {
  const text = { ...defaultMessages(), ...messages };
  const [opening, setOpening] = useState<Opening>({ state: "connecting" });
  const [connection, setConnection] = useState<Connection>("online");
  const [client, setClient] = useState<FacilitationClient | null>(null);
  const dock = usePanelDock();
  const userRef = useRef(user);
  const selfUserId = presenceUserId(user);
  // tldraw's own idea of who this browser is: the name on its cursor, never followed by itself;
  // and its interface in French whatever the browser's language.
  const preferences = useMemo(
    () =>
      computed("board-user", () => ({ ...getUserPreferences(), id: user.id, name: user.name, color: user.color, locale: TLDRAW_LOCALE })),
    [user.id, user.name, user.color],
  );
  const currentUser = useTldrawCurrentUser({ userPreferences: preferences });

  useEffect(() => {
    const doc = new Y.Doc();
    // Where the browser can inflate it, the whole board comes gzipped (issue 19): a fraction of its bytes.
    const compressed = canInflateSync();
    const provider = new WebsocketProvider(wsBaseUrl, roomName, doc, {
      params: compressed ? { [COMPRESSED_SYNC_PARAM]: COMPRESSED_SYNC_VALUE } : {},
    });
    if (compressed) acceptCompressedSync(provider, (error) => console.error("board: compressed sync unreadable", error));
    else holdUpdatesUntilBoard(provider);
    const facilitation = new FacilitationClient({
      send: (frame) => {
        if (provider.ws?.readyState !== WebSocket.OPEN) return false;
        provider.ws.send(frame);
        return true;
      },
    });
    // Facilitation frames ride the same socket as the Yjs sync, with a message type of their own.
    provider.messageHandlers[MESSAGE_FACILITATION] = (_encoder, decoder) => {
      facilitation.receiveText(decoding.readVarString(decoder));
    };
    setClient(facilitation);
    const store = createBoardStore();
    let unbind: (() => void) | null = null;
    let unbindPresence: (() => void) | null = null;
    let everConnected = false;

    const onStatus = ({ status }: { status: "connected" | "disconnected" | "connecting" }) => {
      if (status === "connected") {
        facilitation.reconnected();
        if (!unbind) setOpening({ state: "loading" });
        setConnection((previous) => (previous === "offline" ? "restored" : previous));
        everConnected = true;
      } else if (status === "disconnected" && everConnected) {
        setConnection("offline");
      }
    };
    // The store is bound once, after the first sync: binding earlier would show an empty board
    // and could write tldraw's default page over the room's content.
    const tryBind = (): boolean => {
      if (unbind) return true;
      try {
        unbind = bindStoreToYDoc(store, doc, { writeBack: role === "facilitator" });
        unbindPresence = bindPresence(store, provider.awareness, userRef.current);
        doc.off("update", retryWhenChanged);
        setOpening({ state: "ready", store, doc });
        return true;
      } catch (error) {
        if (!(error instanceof BoardSchemaError)) {
          console.error("board: cannot open", error);
          setOpening({ state: "failed", reason: "failed" });
          provider.disconnect();
          return false;
        }
        // Stay connected: the board opens as soon as it is repaired (by this facilitator, or for
        // a participant, by theirs: the repair reaches the doc like any edit).
        doc.on("update", retryWhenChanged);
        const repair = async () => (await facilitation.send({ type: "repair" })).ok && tryBind();
        setOpening({ state: "unreadable", repair: role === "facilitator" ? repair : null });
        return false;
      }
    };
    const retryWhenChanged = () => void tryBind();
    const onSync = (synced: boolean) => {
      if (synced) tryBind();
    };
    const onClosed = (close: { code: number }) =>
      setOpening({ state: "failed", reason: close.code === CLOSE_REMOVED ? "removed" : "refused" });

    provider.on("status", onStatus);
    provider.on("sync", onSync);
    provider.on("closed", onClosed);
    return () => {
      provider.off("status", onStatus);
      provider.off("sync", onSync);
      provider.off("closed", onClosed);
      doc.off("update", retryWhenChanged);
      unbindPresence?.();
      unbind?.(); // before the provider goes, so that pending local changes still reach the server
      facilitation.destroy();
      provider.destroy();
      doc.destroy();
      store.dispose();
      setClient(null);
      setOpening({ state: "connecting" });
      setConnection("online");
    };
  }, [roomName, wsBaseUrl]);

  useEffect(() => {
    if (connection !== "restored") return;
    const timer = setTimeout(() => setConnection("online"), RESTORED_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [connection]);

  if (opening.state === "failed") {
    return (
      <div style={fill}>
        <p role="alert" style={centered}>
          {text[opening.reason]}
        </p>
      </div>
    );
  }

  if (opening.state === "unreadable") {
    return <UnreadableBoard repair={opening.repair} />;
  }

  if (opening.state !== "ready") {
    return (
      <div style={fill} aria-busy="true">
        <p role="status" style={centered}>
          {opening.state === "connecting" ? text.connecting : text.loading}
        </p>
      </div>
    );
  }

  const onMount = (editor: Editor) => {
    focusPhase(editor, client?.view?.phaseId ?? null);
    const unbindKeys = bindMissedKeyReleases(editor);
    // Only a facilitator may move the cards a grown card would cover (card-reflow.ts).
    const unbindReflow = role === "facilitator" ? bindCardReflow(editor) : () => undefined;
    const unbind = client
      ? bindFacilitationToCanvas(editor, client, { role, selfUserId, authors: boardAuthors(opening.doc) })
      : () => undefined;
    return () => {
      unbind();
      unbindReflow();
      unbindKeys();
    };
  };

  return (
    <div style={fill} className={`board${dock.open ? " with-panel" : ""}${dock.narrow ? " narrow" : ""}`}>
      <div className="board-stage">
        <OverlayContext.Provider value={{ client, authors: boardAuthors(opening.doc) }}>
          <Tldraw
            store={opening.store}
            licenseKey={licenseKey}
            assetUrls={assetUrls}
            shapeUtils={boardShapeUtils}
            user={currentUser}
            components={{ OnTheCanvas: BoardOverlay }}
            overrides={boardUiOverrides}
            onMount={onMount}
          />
        </OverlayContext.Provider>
      </div>
      <PanelDock dock={dock} client={client} agenda={agenda}>
        {client ? <FacilitationPanel client={client} agenda={agenda} role={role} selfUserId={selfUserId} sessionId={roomName} /> : null}
      </PanelDock>
      <div role="status" data-testid="board-connection" style={connection === "online" ? visuallyHidden : notice}>
        {connection === "offline"
          ? typeof navigator !== "undefined" && !navigator.onLine
            ? text.offline
            : text.reconnecting
          : connection === "restored"
            ? text.online
            : ""}
      </div>
    </div>
  );
}

const fill: CSSProperties = { position: "absolute", inset: 0 };

const centered: CSSProperties = {
  position: "absolute",
  inset: 0,
  display: "flex",
  alignItems: "center",
  justifyContent: "center",
  margin: 0,
  padding: "1rem",
  textAlign: "center",
};

// Above tldraw's own UI, out of the way of its toolbars, never catching pointer events.
const notice: CSSProperties = {
  position: "absolute",
  top: "3.5rem",
  left: "50%",
  transform: "translateX(-50%)",
  zIndex: 1000,
  maxWidth: "min(90vw, 32rem)",
  padding: "0.5rem 1rem",
  borderRadius: "0.5rem",
  background: "#1f2937",
  color: "#fff",
  textAlign: "center",
  pointerEvents: "none",
};

// Kept in the DOM while silent, so that screen readers announce the next change.
const visuallyHidden: CSSProperties = {
  position: "absolute",
  width: 1,
  height: 1,
  overflow: "hidden",
  clip: "rect(0 0 0 0)",
  whiteSpace: "nowrap",
};

/** What a board the canvas cannot read shows: the facilitator's way to repair it, or a plain wait. */
function UnreadableBoard({ repair }: { repair: (() => Promise<boolean>) | null }) {
  const [state, setState] = useState<"idle" | "busy" | "failed">("idle");
  return (
    <div style={fill}>
      <div role="alert" style={{ ...centered, flexDirection: "column", gap: "1rem" }}>
        <p>{repair ? t("board.unreadable.facilitator") : t("board.unreadable.participant")}</p>
        {repair ? (
          <button
            type="button"
            className="button"
            disabled={state === "busy"}
            onClick={() => {
              setState("busy");
              void repair().then((ok) => setState(ok ? "idle" : "failed"));
            }}
          >
            {t("board.unreadable.repair")}
          </button>
        ) : null}
        {state === "failed" ? <p>{t("board.unreadable.failed")}</p> : null}
      </div>
    </div>
  );
}
