// The shared board: a tldraw canvas whose document lives in the session's Yjs room. Browser-only
// (tldraw needs the DOM): routes load it lazily after hydration.
import { getAssetUrls } from "@tldraw/assets/selfHosted";
import { useEffect, useRef, useState, type CSSProperties } from "react";
import { Box, Tldraw, type Editor, type TLStore } from "tldraw";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { t } from "~/i18n";
import { boardShapeUtils, createBoardStore } from "./tldraw-store";
import { BoardSchemaError, bindStoreToYDoc } from "./yjs-binding";

// Fonts, icons and translations are served by us (scripts/copy-tldraw-assets.mjs), never by a CDN.
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
    failed: t("board.failed"),
  };
}

export interface BoardProps {
  /** The Yjs room: the session id. */
  roomName: string;
  /** e.g. "wss://example.org/yjs"; the provider connects to `${wsBaseUrl}/${roomName}`. */
  wsBaseUrl: string;
  /** Shown to the others (presence). */
  userName: string;
  /** tldraw licence key; required in production on a public host. */
  licenseKey?: string;
  messages?: Partial<BoardMessages>;
}

type Opening =
  | { state: "connecting" }
  | { state: "loading" }
  | { state: "ready"; store: TLStore }
  | { state: "failed"; reason: "outdated" | "refused" | "failed" };

type Connection = "online" | "offline" | "restored";

/**
 * Fills its nearest positioned ancestor (give the container `position: relative` and a size).
 * Shows a loading state until the room's content has arrived, then the canvas; announces lost and
 * restored connections in a polite live region.
 */
export default function Board({ roomName, wsBaseUrl, userName, licenseKey, messages }: BoardProps) {
  const text = { ...defaultMessages(), ...messages };
  const [opening, setOpening] = useState<Opening>({ state: "connecting" });
  const [connection, setConnection] = useState<Connection>("online");
  const providerRef = useRef<WebsocketProvider | null>(null);
  const userNameRef = useRef(userName);

  useEffect(() => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(wsBaseUrl, roomName, doc);
    providerRef.current = provider;
    provider.awareness.setLocalStateField("user", { name: userNameRef.current });
    const store = createBoardStore();
    let unbind: (() => void) | null = null;
    let everConnected = false;

    const onStatus = ({ status }: { status: "connected" | "disconnected" | "connecting" }) => {
      if (status === "connected") {
        if (!unbind) setOpening({ state: "loading" });
        setConnection((previous) => (previous === "offline" ? "restored" : previous));
        everConnected = true;
      } else if (status === "disconnected" && everConnected) {
        setConnection("offline");
      }
    };
    // The store is bound once, after the first sync: binding earlier would show an empty board
    // and could write tldraw's default page over the room's content.
    const onSync = (synced: boolean) => {
      if (!synced || unbind) return;
      try {
        unbind = bindStoreToYDoc(store, doc);
        setOpening({ state: "ready", store });
      } catch (error) {
        console.error("board: cannot open", error);
        setOpening({ state: "failed", reason: error instanceof BoardSchemaError ? "outdated" : "failed" });
        provider.disconnect();
      }
    };
    const onClosed = () => setOpening({ state: "failed", reason: "refused" });

    provider.on("status", onStatus);
    provider.on("sync", onSync);
    provider.on("closed", onClosed);
    return () => {
      provider.off("status", onStatus);
      provider.off("sync", onSync);
      provider.off("closed", onClosed);
      unbind?.(); // first, so that pending local changes still reach the server
      provider.destroy();
      doc.destroy();
      store.dispose();
      providerRef.current = null;
      setOpening({ state: "connecting" });
      setConnection("online");
    };
  }, [roomName, wsBaseUrl]);

  useEffect(() => {
    userNameRef.current = userName;
    providerRef.current?.awareness.setLocalStateField("user", { name: userName });
  }, [userName]);

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

  if (opening.state !== "ready") {
    return (
      <div style={fill} aria-busy="true">
        <p role="status" style={centered}>
          {opening.state === "connecting" ? text.connecting : text.loading}
        </p>
      </div>
    );
  }

  return (
    <div style={fill} className="board">
      <div style={fill}>
        <Tldraw
          store={opening.store}
          licenseKey={licenseKey}
          assetUrls={assetUrls}
          shapeUtils={boardShapeUtils}
          onMount={focusFirstPhase}
        />
      </div>
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

// Fills the nearest positioned ancestor (the route's `.board-canvas`): a percentage height would
// collapse to 0 in a flex item that only has a min-height.
/**
 * Opens on the first phase, its width fitting the screen (never past 100 %), its title just below
 * tldraw's menus, rather than on the page's corner where the menus would hide the title.
 */
function focusFirstPhase(editor: Editor): void {
  const shapes = editor.getCurrentPageShapes();
  const titles = shapes.filter((shape) => shape.meta.role === "phase-title").sort((a, b) => a.x - b.x);
  const firstPhaseId = titles[0]?.meta.phaseId;
  const column = firstPhaseId === undefined ? shapes : shapes.filter((shape) => shape.meta.phaseId === firstPhaseId);
  const bounds = column.flatMap((shape) => editor.getShapePageBounds(shape) ?? []);
  if (bounds.length === 0) return;
  const target = Box.Common(bounds);
  const [side, top] = [24, 64];
  const zoom = Math.min(1, (editor.getViewportScreenBounds().w - 2 * side) / target.w);
  // tldraw's camera: screen = (page + camera) × zoom.
  editor.setCamera({ x: side / zoom - target.x, y: top / zoom - target.y, z: zoom });
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
