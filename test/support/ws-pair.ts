// A bare WebSocket server and its clients, for tests of what the board server does to one socket
// (server/board/outbound.ts): each connection gives the client, the server's `ws` and the raw socket
// under it, as the board server's upgrade handler has them.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import WebSocket, { WebSocketServer } from "ws";

export interface WsPair {
  client: WebSocket;
  /** The server's side. */
  ws: WebSocket;
  /** The socket under `ws`, as the upgrade gave it. */
  socket: Duplex;
}

export interface WsPairServer {
  /** Opens a connection and waits until both sides have it. */
  connect(): Promise<WsPair>;
  /** Cuts every client, then closes the server. */
  close(): Promise<void>;
}

export async function startWsPairServer(): Promise<WsPairServer> {
  const server = createServer();
  const wss = new WebSocketServer({ noServer: true });
  const clients: WebSocket[] = [];
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    async connect() {
      const accepted = new Promise<{ ws: WebSocket; socket: Duplex }>((resolve) => {
        server.once("upgrade", (request, socket, head) => wss.handleUpgrade(request, socket, head, (ws) => resolve({ ws, socket })));
      });
      const { port } = server.address() as AddressInfo;
      const client = new WebSocket(`ws://127.0.0.1:${port}/`);
      clients.push(client);
      await new Promise((resolve) => client.once("open", resolve));
      return { client, ...(await accepted) };
    },
    async close() {
      for (const client of clients) client.terminate();
      wss.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
