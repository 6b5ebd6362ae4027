import WebSocket from "ws";
import { FacilitationClient } from "../../app/board/facilitation-client.js";
import { encodeFacilitationFrame } from "../../board-core/facilitation-protocol.js";
import { originOf } from "./clients.js";
import { WAIT_LIMIT_MS, withinLimit } from "./wait.js";

export interface FacilitationConnection {
  client: FacilitationClient;
  socket: WebSocket;
  /** Every frame the server sent, raw: to prove what a browser never received. */
  frames: Uint8Array[];
  /** Resolves when `check` holds, re-checked after every facilitation message. */
  until(check: (client: FacilitationClient) => boolean): Promise<void>;
  /** Sends a frame as a hand-crafting participant would, bypassing the client's typing. */
  sendRaw(json: unknown): void;
  close(): void;
}

/** A board connection speaking the facilitation channel through the browser's own client code. */
export async function connectFacilitation(
  wsBase: string,
  sessionId: string,
  cookie: string,
  options: { phone?: boolean } = {},
): Promise<FacilitationConnection> {
  const url = `${wsBase}/${sessionId}${options.phone ? "?view=phone" : ""}`;
  const socket = new WebSocket(url, { headers: { Origin: originOf(wsBase), Cookie: cookie } });
  const frames: Uint8Array[] = [];
  const client = new FacilitationClient({
    send: (frame) => {
      if (socket.readyState !== WebSocket.OPEN) return false;
      socket.send(frame);
      return true;
    },
  });
  socket.on("message", (data: Buffer) => {
    const frame = new Uint8Array(data);
    frames.push(frame);
    client.receive(frame);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  /** Resolves when `check` holds for the facilitation view; gives up with a message after WAIT_LIMIT_MS. */
  const until = (check: (client: FacilitationClient) => boolean) => {
    let stop: (() => void) | undefined;
    const met = new Promise<void>((resolve) => {
      if (check(client)) return resolve();
      stop = client.subscribe(() => {
        if (!check(client)) return;
        stop!();
        resolve();
      });
    });
    return withinLimit(met, `a facilitation view where ${check.toString().slice(0, 120)}`, WAIT_LIMIT_MS, () => stop?.());
  };
  // Our clients say hello (a clock request) on every connection; until then the server sends nothing.
  client.syncClock();
  await until((c) => c.view !== null);
  return {
    client,
    socket,
    frames,
    until,
    sendRaw: (json) => socket.send(encodeFacilitationFrame(json as never)),
    close: () => socket.close(),
  };
}
