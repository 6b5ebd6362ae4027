// The phone screen's socket, opened as soon as the join form's answer says where the person goes
// (issue 13): on a slow network its handshake then runs while the screen loads instead of after
// it has rendered, one round trip less before "Connecté". The seat's cookie is
// already set by that answer. usePhoneConnection (connection.ts) adopts it for its first attempt;
// what the server sent before that is kept and replayed in order.

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

let early: { sessionId: string; held: EarlySocket; timer: ReturnType<typeof setTimeout> } | null = null;

function drop() {
  if (!early) return;
  clearTimeout(early.timer);
  early.held.socket.close();
  early = null;
}

export function openEarlyPhoneSocket(sessionId: string): void {
  if (typeof WebSocket === "undefined" || early?.sessionId === sessionId) return;
  drop();
  const socket = new WebSocket(phoneSocketUrl(sessionId));
  socket.binaryType = "arraybuffer";
  const held: EarlySocket = { socket, received: [] };
  socket.onmessage = (event: MessageEvent) => {
    if (event.data instanceof ArrayBuffer) held.received.push(event.data);
  };
  // Closed before the screen came (refused, network gone): the screen opens its own.
  socket.onclose = () => {
    if (early?.held === held) {
      clearTimeout(early.timer);
      early = null;
    }
  };
  early = { sessionId, held, timer: setTimeout(drop, UNCLAIMED_MS) };
}

/**
 * The same, before any module runs, when the phone screen is loaded as a page (a reload, a tab the
 * phone had dropped, the join form posted by the browser before React was there; decision 011): an
 * inline script of the screen's HTML, allowed by the page's nonce, opens the socket while React and
 * the screen's scripts are parsed and hydrated, and leaves it on `window` under this name for
 * takeEarlyPhoneSocket.
 */
const PAGE_SOCKET = "__atelierPhoneSocket";

interface PageSocket {
  sessionId: string;
  held: EarlySocket;
  timer: ReturnType<typeof setTimeout>;
}

/** The inline script's text; the session id goes in as a JSON string, `<` escaped for the HTML. */
export function earlySocketScript(sessionId: string): string {
  const id = JSON.stringify(sessionId).replace(/</g, "\\u003c");
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

/** The socket the page's inline script opened, moved to where takeEarlyPhoneSocket looks. */
function adoptPageSocket(sessionId: string): void {
  const page = (window as unknown as Record<string, PageSocket | null | undefined>)[PAGE_SOCKET];
  if (!page || page.sessionId !== sessionId) return;
  (window as unknown as Record<string, PageSocket | null>)[PAGE_SOCKET] = null;
  clearTimeout(page.timer);
  if (early) drop();
  early = { sessionId, held: page.held, timer: setTimeout(drop, UNCLAIMED_MS) };
}

/** The socket opened early for `sessionId`, if it is still opening or open; it is the caller's from now on. */
export function takeEarlyPhoneSocket(sessionId: string): EarlySocket | null {
  if (typeof window !== "undefined") adoptPageSocket(sessionId);
  if (!early || early.sessionId !== sessionId) return null;
  const { held, timer } = early;
  clearTimeout(timer);
  early = null;
  if (held.socket.readyState !== WebSocket.CONNECTING && held.socket.readyState !== WebSocket.OPEN) return null;
  held.socket.onmessage = null;
  held.socket.onclose = null;
  return held;
}
