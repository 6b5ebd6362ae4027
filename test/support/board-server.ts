import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { boardAccess } from "../../app/auth/auth.server.js";
import { attachBoardSockets } from "../../server/board/board-socket.js";
import { openBoardStore } from "../../server/board/board-store.js";
import type { OutboundLimits } from "../../server/board/outbound.js";
import { RoomRegistry, type RoomLimits } from "../../server/board/room-registry.js";
import type { Db } from "../../prisma/db.js";

export interface InProcessBoardServer {
  /** e.g. ws://127.0.0.1:PORT/yjs */
  wsBase: string;
  registry: RoomRegistry;
  close(): Promise<void>;
}

/** The board server alone (no Remix), in this process, on a free loopback port. */
export async function startBoardServer(
  database: { db: Db; url: string },
  options: {
    limits?: Partial<RoomLimits>;
    maxMessageBytes?: number;
    outbound?: Partial<OutboundLimits>;
    onWarning?: (message: string) => void;
  } = {},
): Promise<InProcessBoardServer> {
  const onWarning = options.onWarning ?? (() => undefined);
  const server = createServer();
  const { db } = database;
  const store = openBoardStore(db, database.url);
  const registry = new RoomRegistry(store, options.limits, onWarning);
  const sockets = attachBoardSockets(server, {
    registry,
    authorize: (cookie, sessionId) => boardAccess(db, cookie, sessionId, store.participantByToken),
    allowedOrigins: [],
    maxMessageBytes: options.maxMessageBytes ?? 64 * 1024,
    outbound: options.outbound,
    onWarning,
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    wsBase: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/yjs`,
    registry,
    async close() {
      await sockets.close();
      await registry.close();
      await store.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
