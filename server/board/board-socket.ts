import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import type { BoardAccess } from "../../board-core/board-access.js";
import { COMPRESSED_SYNC_PARAM, COMPRESSED_SYNC_VALUE } from "../../board-core/compressed-sync.js";
import { boundedSender, DEFAULT_OUTBOUND, type OutboundLimits } from "./outbound.js";
import type { BoardConnection, Room } from "./room.js";
import { RoomRefusedError, type RoomRegistry } from "./room-registry.js";
import { boardDebug, boardWarning } from "../log.js";

export interface BoardSocketOptions {
  registry: RoomRegistry;
  /** Decides, from the Cookie header, who may open a session's board. */
  authorize: (cookieHeader: string | null, sessionId: string) => Promise<BoardAccess>;
  /** Origins allowed besides the request's own host (e.g. a public URL behind a proxy). */
  allowedOrigins: string[];
  maxMessageBytes: number;
  /** Backpressure: what may wait in a connection's socket (docs/decisions/008). */
  outbound?: Partial<OutboundLimits>;
  /** Interval of the ping that finds connections whose peer vanished. */
  heartbeatMs?: number;
  onWarning?: (message: string, error?: unknown) => void;
  /**
   * Several nodes (docs/decisions/023): asked once the upgrade is authenticated. Null: served here;
   * a function: this node does not own the board, and the function pipes the socket to the owner.
   */
  route?: (request: IncomingMessage, sessionId: string) => Promise<null | ((socket: Duplex, head: Buffer) => void)>;
  /** Called when the board sockets close (shutdown), after the clients were told: e.g. cut the tunnels. */
  onClose?: () => void;
}

const ROOM_PATH = /^\/yjs\/([A-Za-z0-9_-]{1,64})$/;

/**
 * Serves board rooms on `/yjs/<sessionId>` of an HTTP server. Every upgrade is checked
 * (path, Origin, then who is asking) before the WebSocket exists, so no Yjs byte is read
 * from anyone who may not edit that board.
 */
/** Sent to every client on a graceful shutdown: their provider reconnects on its own. */
export const CLOSE_RESTARTING = { code: 1012, reason: "redémarrage du serveur" } as const;

export function attachBoardSockets(server: Server, options: BoardSocketOptions): { close(): Promise<void> } {
  const warn = options.onWarning ?? boardWarning;
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes });
  const alive = new WeakSet<WebSocket>();
  let accepting = true;

  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    if (!accepting) return refuse(socket, 503, "Service Unavailable");
    void authorizeUpgrade(request, options).then(
      async (result) => {
        if ("status" in result) return refuse(socket, result.status, result.reason);
        const url = new URL(request.url ?? "/", "http://x");
        const sessionId = ROOM_PATH.exec(url.pathname)![1];
        if (options.route) {
          const elsewhere = await options.route(request, sessionId).catch((error: unknown) => {
            if (!(error instanceof RoomRefusedError)) warn(`board ${sessionId}: could not tell who owns it`, error);
            return "refused" as const;
          });
          if (elsewhere === "refused") return refuse(socket, 503, "Service Unavailable");
          // Gone while the owner was looked up: nothing to forward (an upstream socket would hold a slot at the owner).
          if (socket.destroyed) return;
          if (elsewhere) return elsewhere(socket, head);
        }
        if (socket.destroyed) return;
        wss.handleUpgrade(request, socket, head, (ws) => {
          void serve(ws, socket, sessionId, {
            person: { key: result.personKey, role: result.role, name: result.displayName },
            // The phone screen shows no canvas: it needs the facilitation messages, not the doc.
            receivesDoc: url.searchParams.get("view") !== "phone",
            // A hint only: any other value, or several, is the plain protocol.
            acceptsGzip: url.searchParams.getAll(COMPRESSED_SYNC_PARAM).join() === COMPRESSED_SYNC_VALUE,
          });
        });
      },
      () => refuse(socket, 500, "Internal Server Error"),
    );
  });

  async function serve(
    ws: WebSocket,
    socket: Duplex,
    sessionId: string,
    who: Pick<BoardConnection, "person" | "receivesDoc" | "acceptsGzip">,
  ): Promise<void> {
    const sender = boundedSender(
      ws,
      { ...DEFAULT_OUTBOUND, ...options.outbound },
      (buffered) => warn(`board ${sessionId}: closed a connection that does not read (${buffered} bytes waiting)`),
      socket,
    );
    const connection: BoardConnection = { ...who, send: sender.send, close: sender.close };
    // Frames can arrive while the board loads: keep them, in order, until the room is there.
    const early: Uint8Array[] = [];
    let room: Room | null = null;
    let closed = false;
    alive.add(ws);
    ws.on("pong", () => alive.add(ws));
    ws.on("message", (data: RawData, isBinary: boolean) => {
      if (!isBinary) return connection.close(1003, "binaire attendu");
      const frame = toUint8Array(data);
      if (room) room.receive(connection, frame);
      else early.push(frame);
    });
    ws.on("error", () => ws.terminate());
    ws.on("close", () => {
      closed = true;
      if (room) options.registry.disconnect(room, connection);
    });
    try {
      const joined = await options.registry.connect(sessionId, connection);
      if (closed) return options.registry.disconnect(joined, connection);
      room = joined;
      for (const frame of early.splice(0)) joined.receive(connection, frame);
    } catch (error) {
      if (error instanceof RoomRefusedError) ws.close(error.closeCode, error.message);
      else {
        warn(`board ${sessionId}: could not open (${(error as Error).name})`);
        ws.close(1011, "erreur serveur");
      }
    }
  }

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  return {
    /** Stops accepting, then closes every client with "restarting" (1012); the rooms flush after. */
    async close() {
      accepting = false;
      clearInterval(heartbeat);
      const closing = [...wss.clients].map(
        (ws) =>
          new Promise<void>((resolve) => {
            ws.once("close", () => resolve());
            ws.close(CLOSE_RESTARTING.code, CLOSE_RESTARTING.reason);
            // A peer that does not answer the closing handshake is cut.
            setTimeout(() => ws.terminate(), 2_000).unref();
          }),
      );
      await Promise.all(closing);
      options.onClose?.();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

async function authorizeUpgrade(
  request: IncomingMessage,
  options: BoardSocketOptions,
): Promise<{ status: number; reason: string } | Extract<BoardAccess, { personKey: string }>> {
  const match = ROOM_PATH.exec(new URL(request.url ?? "/", "http://x").pathname);
  if (!match) return { status: 404, reason: "Not Found" };
  if (!originAllowed(request, options.allowedOrigins)) return { status: 403, reason: "Forbidden" };
  const access = await options.authorize(request.headers.cookie ?? null, match[1]);
  if (access.role === "none") return { status: 401, reason: "Unauthorized" };
  // Forbidden too: a participant token that waits to be let in, was revoked or has expired.
  if (access.role === "forbidden" || access.role === "refused") return { status: 403, reason: "Forbidden" };
  return access;
}

/** Browsers always send Origin on WebSockets: it must be this very host or a listed one. */
function originAllowed(request: IncomingMessage, allowedOrigins: string[]): boolean {
  const origin = request.headers.origin;
  if (!origin) return false;
  if (allowedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch (error) {
    boardDebug("upgrade refused: unreadable Origin header", error);
    return false;
  }
}

function refuse(socket: Duplex, status: number, reason: string): void {
  if (socket.destroyed) return;
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function toUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
