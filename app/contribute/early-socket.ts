// The phone screen's socket, opened by the page's HTML itself (issue 13): on a slow network its
// handshake runs while the screen's script loads instead of after it has run, one round trip less
// before "Connecté". usePhoneConnection (connection.tsx) adopts it for its first attempt; what the
// server sent before that is kept and replayed in order.
import { scriptJson } from "~/lib/light/island";

/** Where the phone screen of `sessionId` connects: facilitation frames only, no Yjs. */
export function phoneSocketUrl(sessionId: string): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/yjs/${encodeURIComponent(sessionId)}?view=phone`;
}

export interface EarlySocket {
  socket: WebSocket;
  /** Frames received before the screen took the socket, in order. */
  received: ArrayBuffer[];
}

/** Not taken within this time (the screen never came): closed, so that no seat stays connected for nothing. */
const UNCLAIMED_MS = 20_000;

/**
 * When the phone screen is loaded as a page (after the join form, a reload, a tab the phone had
 * dropped; decisions 011 and 024): an inline script of the screen's HTML, allowed by the page's nonce,
 * opens the socket before the screen's script is parsed and run, and leaves it on `window` under this
 * name for takeEarlyPhoneSocket.
 */
const PAGE_SOCKET = "__atelierPhoneSocket";

interface PageSocket {
  sessionId: string;
  held: EarlySocket;
  timer: ReturnType<typeof setTimeout>;
}

/** The inline script's text; the session id goes in as a JSON string escaped for the HTML. */
export function earlySocketScript(sessionId: string): string {
  const id = scriptJson(sessionId);
  return (
    `(function(id){if(typeof WebSocket==="undefined")return;` +
    `var s=new WebSocket((location.protocol==="https:"?"wss":"ws")+"://"+location.host+"/yjs/"+encodeURIComponent(id)+"?view=phone");` +
    `s.binaryType="arraybuffer";var h={socket:s,received:[]};` +
    `var e={sessionId:id,held:h,timer:setTimeout(function(){if(window.${PAGE_SOCKET}===e){window.${PAGE_SOCKET}=null;s.close()}},${UNCLAIMED_MS})};` +
    `s.onmessage=function(m){if(m.data instanceof ArrayBuffer)h.received.push(m.data)};` +
    `s.onclose=function(){if(window.${PAGE_SOCKET}===e){clearTimeout(e.timer);window.${PAGE_SOCKET}=null}};` +
    `window.${PAGE_SOCKET}=e})(${id})`
  );
}

/** The socket the page's inline script opened for `sessionId`, if it is still opening or open; it is the caller's from now on. */
export function takeEarlyPhoneSocket(sessionId: string): EarlySocket | null {
  if (typeof window === "undefined") return null;
  const slot = window as unknown as Record<string, PageSocket | null | undefined>;
  const page = slot[PAGE_SOCKET];
  if (!page || page.sessionId !== sessionId) return null;
  slot[PAGE_SOCKET] = null;
  clearTimeout(page.timer);
  const { held } = page;
  if (held.socket.readyState !== WebSocket.CONNECTING && held.socket.readyState !== WebSocket.OPEN) return null;
  held.socket.onmessage = null;
  held.socket.onclose = null;
  return held;
}

/**
 * The screen's own address, put in the history when the page came as the answer to the join form
 * (server/http/remix-pages.ts answers the post with the screen instead of a redirect): a reload then
 * asks for the screen, not for the post again.
 */
export function screenAddressScript(sessionId: string): string {
  const address = scriptJson(`/contribute/${encodeURIComponent(sessionId)}`);
  return `if(location.pathname!==${address})history.replaceState(null,"",${address})`;
}
