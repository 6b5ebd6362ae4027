// A connection the server closes for its own reasons (restarting, the board taken by another node,
// storage lost: 1001, 1011, 1012) must reach the client with that reason, so that it reconnects and
// resends. The server keeps reading, and dropping, what the client still sends until the client ends
// its side, and only then lets go of the socket (server/board/outbound.ts, dropUntilPeerEnds); one
// that never ends its side is cut after the close grace. The case seen in CI, clients of the owner
// told 1006 after PostgreSQL restarted, is test/cluster-postgres-restart.test.ts; here the client is
// made slow on purpose: it stops reading, keeps sending across the server's close, reads again later.
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { boundedSender, DEFAULT_OUTBOUND } from "../server/board/outbound.js";
import { startWsPairServer, type WsPairServer } from "./support/ws-pair.js";

let server: WsPairServer;

beforeAll(async () => {
  server = await startWsPairServer();
});

afterAll(() => server.close());

async function connect() {
  const { client, ws, socket } = await server.connect();
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    client.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  client.on("error", () => undefined);
  const clientSocket = (client as unknown as { _socket: Socket })._socket;
  return {
    client,
    clientSocket,
    closed,
    serverSocket: socket,
    serverWs: ws,
    sender: boundedSender(ws, DEFAULT_OUTBOUND, undefined, socket),
  };
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("closing for the server's own reasons", () => {
  for (const close of [
    { code: 1012, reason: "redémarrage du serveur" },
    { code: 1011, reason: "erreur serveur" },
    { code: 1001, reason: "" },
  ]) {
    it(`a client that edits across the close and reads late gets ${close.code} and its reason, not 1006`, async () => {
      const { client, clientSocket, closed, serverSocket, sender } = await connect();
      sender.send(Uint8Array.from([1, 2, 3]));
      // The client stops reading: the server's frames wait in its kernel buffer.
      clientSocket.pause();
      const ended = new Promise((resolve) => serverSocket.once("close", resolve));
      sender.close(close.code, close.reason);
      // It goes on editing, small edits and big ones, while the server closes and after.
      for (let round = 0; round < 5; round++) {
        client.send(Uint8Array.from([9, round, 9, 9]));
        client.send(new Uint8Array(64 * 1024).fill(round));
        await delay(30);
      }
      clientSocket.resume();
      expect(await closed).toEqual(close);
      // And the server let go of the socket once the client had ended its side.
      await ended;
    });
  }

  it("a client that floods after the close, frames and raw bytes, has none of it parsed and is cut after the grace", async () => {
    const { client, clientSocket, serverSocket, serverWs, sender } = await connect();
    let parsed = 0;
    serverWs.on("message", () => parsed++);
    // It never reads, so it never ends its side, and it keeps sending.
    clientSocket.pause();
    const ended = new Promise((resolve) => serverSocket.once("close", resolve));
    const started = performance.now();
    sender.close(1012, "redémarrage du serveur");
    const flood = setInterval(() => {
      if (clientSocket.destroyed) return;
      // Well-formed masked frames as ws writes them, and bytes that are no frame at all.
      client.send(new Uint8Array(16 * 1024).fill(7));
      clientSocket.write(Buffer.alloc(16 * 1024, 0xff));
    }, 5);
    try {
      await ended;
    } finally {
      clearInterval(flood);
    }
    expect(performance.now() - started).toBeGreaterThanOrEqual(DEFAULT_OUTBOUND.closeGraceMs - 50);
    expect(parsed).toBe(0);
  });

  it("a client that never answers the close is cut after the grace", async () => {
    const { clientSocket, serverSocket, sender } = await connect();
    // Nothing is read by the client, so it never ends its side.
    clientSocket.pause();
    const ended = new Promise((resolve) => serverSocket.once("close", resolve));
    const started = performance.now();
    sender.close(1012, "redémarrage du serveur");
    await ended;
    expect(performance.now() - started).toBeGreaterThanOrEqual(DEFAULT_OUTBOUND.closeGraceMs - 50);
  });
});
