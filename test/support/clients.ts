import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { WAIT_LIMIT_MS, withinLimit } from "./wait.js";

/** The Origin a page served by the same server would send: http(s) instead of ws(s). */
export function originOf(wsUrl: string | URL): string {
  return new URL(wsUrl).origin.replace(/^ws/, "http");
}

/** A `ws` WebSocket that presents a browser's Cookie and Origin headers, for y-websocket in Node. */
export function browserLikeSocket(cookie: string | null) {
  return class extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers: { Origin: originOf(address), ...(cookie ? { Cookie: cookie } : {}) } });
    }
  };
}

export interface BoardClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  synced: Promise<void>;
  destroy(): void;
}

/** A real y-websocket provider, as a browser tab would run it. */
export function connectBoardClient(baseUrl: string, room: string, cookie: string | null): BoardClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(baseUrl, room, doc, {
    WebSocketPolyfill: browserLikeSocket(cookie) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    provider.once("sync", (isSynced: boolean) => isSynced && resolve());
  });
  return {
    doc,
    provider,
    synced,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Resolves when `check` holds for the document, re-checking after each of its updates; gives up after `ms`. */
export function until(doc: Y.Doc, check: () => boolean, what = "a document change that never came", ms = WAIT_LIMIT_MS): Promise<void> {
  let onUpdate: (() => void) | undefined;
  const met = new Promise<void>((resolve) => {
    if (check()) return resolve();
    onUpdate = () => {
      if (!check()) return;
      doc.off("update", onUpdate!);
      resolve();
    };
    doc.on("update", onUpdate);
  });
  return withinLimit(met, `${what} (until: ${check.toString().slice(0, 120)})`, ms, () => onUpdate && doc.off("update", onUpdate));
}

/** Opens a raw WebSocket and reports how the upgrade ended: "open" or the HTTP status. */
export function tryUpgrade(url: string, headers: Record<string, string>): Promise<"open" | number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.on("open", () => {
      socket.close();
      resolve("open");
    });
    socket.on("unexpected-response", (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on("error", () => undefined);
  });
}

/** Sends raw frames once open and resolves with the close code the server chose. */
export function sendRawAndAwaitClose(url: string, headers: Record<string, string>, frames: Uint8Array[]): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.on("open", () => {
      for (const frame of frames) socket.send(frame);
    });
    socket.on("close", (code) => resolve(code));
    socket.on("error", () => undefined);
  });
}
