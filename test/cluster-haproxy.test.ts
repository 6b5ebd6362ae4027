// deploy/haproxy.cfg, run by a real HAProxy in front of three small HTTP servers standing for nodes:
// a board's path always reaches the same node, pages go to all, /_cluster/ never passes, and a node
// that says it is unwell (503 on /healthz) or dies stops receiving anything.
import { createServer, type IncomingMessage, type Server } from "node:http";
import { connect as connectHttp2 } from "node:http2";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { checkHaproxyConfig, startHaproxy, throwawayCertificate, type HaproxyProcess } from "../scripts/haproxy.js";
import { haproxyForTests } from "./support/haproxy.js";
import { rawRequest } from "./support/raw-http.js";
import { freePort } from "./support/server-process.js";
import { withinLimit } from "./support/wait.js";

/** What a node saw of one request. */
interface Seen {
  path: string;
  forwardedFor: string | undefined;
  forwardedProto: string | undefined;
  hop: string | undefined;
}

/** A stand-in for a node: names itself in every answer, answers /healthz as told, accepts board sockets. */
class SmallNode {
  healthy = true;
  readonly seen: Seen[] = [];
  private readonly server: Server;
  private readonly sockets = new WebSocketServer({ noServer: true });

  constructor(readonly name: string) {
    this.server = createServer((request, response) => {
      if (request.url === "/healthz") {
        response.writeHead(this.healthy ? 200 : 503, { "content-type": "application/json" });
        return response.end(JSON.stringify({ status: this.healthy ? "ok" : "indisponible" }));
      }
      this.remember(request);
      response.writeHead(200, { "content-type": "text/plain", "x-node": this.name });
      response.end(this.name);
    });
    this.server.on("upgrade", (request, socket, head) => {
      this.remember(request);
      this.sockets.handleUpgrade(request, socket, head, (ws) => ws.send(this.name));
    });
  }

  private remember(request: IncomingMessage): void {
    const header = (name: string) => request.headers[name] as string | undefined;
    this.seen.push({
      path: request.url ?? "",
      forwardedFor: header("x-forwarded-for"),
      forwardedProto: header("x-forwarded-proto"),
      hop: header("x-atelier-hop"),
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** As a process killed: its port refuses connections, its sockets are gone. */
  kill(): Promise<void> {
    for (const client of this.sockets.clients) client.terminate();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const binary = haproxyForTests();
const nodes = [new SmallNode("node1"), new SmallNode("node2"), new SmallNode("node3")];
let haproxy: HaproxyProcess | undefined;
let port = 0;
/** The HTTPS entry (ATELIER_TLS_BIND), on a throwaway certificate. */
let tlsPort = 0;
let certificate: ReturnType<typeof throwawayCertificate> | undefined;

/** Which node answered a request through HAProxy (or its status when none did). */
async function whoAnswers(path: string): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { connection: "close" } });
  const body = await response.text();
  return response.status === 200 ? body : `status ${response.status}`;
}

async function pagesReach(count: number): Promise<Set<string>> {
  const names = new Set<string>();
  for (let i = 0; i < count; i++) names.add(await whoAnswers(`/sessions?page=${i}`));
  return names;
}

/** Asks until `done` holds (each round after the previous one's answers), giving up after the wait limit. */
async function untilTrue(what: string, done: () => Promise<boolean>): Promise<void> {
  let giveUp = false;
  const loop = async () => {
    while (!giveUp && !(await done())) await new Promise((resolve) => setTimeout(resolve, 100));
  };
  await withinLimit(loop(), what, undefined, () => (giveUp = true));
}

/** The name the node behind a board socket greets it with; the socket is closed after. */
async function greetingOver(socket: WebSocket): Promise<string> {
  try {
    return await withinLimit(
      new Promise<string>((resolve, reject) => {
        socket.once("message", (data) => resolve(data.toString()));
        socket.once("error", reject);
      }),
      `the node's greeting over ${socket.url}`,
    );
  } finally {
    socket.close();
  }
}

const boards = Array.from({ length: 40 }, (_, i) => `/yjs/seance-${i}-${(i * 7919).toString(36)}`);

async function boardOwners(): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  for (const board of boards) owners.set(board, await whoAnswers(board));
  return owners;
}

describe.skipIf(!binary)("HAProxy in front of three nodes (deploy/haproxy.cfg)", () => {
  beforeAll(async () => {
    const addresses = await Promise.all(nodes.map((node) => node.start()));
    port = await freePort();
    tlsPort = await freePort();
    certificate = throwawayCertificate();
    haproxy = await startHaproxy(binary!, {
      port,
      nodes: addresses as [string, string, string],
      tls: { port: tlsPort, certificateFile: certificate.file },
    });
    // Servers start as up; a page round over the three shows HAProxy reaches each.
    await untilTrue("every node to answer pages", async () => (await pagesReach(6)).size === 3);
  });

  afterAll(async () => {
    await haproxy?.stop();
    certificate?.remove();
    await Promise.all(nodes.map((node) => node.kill().catch(() => undefined)));
  });

  it("is a configuration HAProxy's own check accepts, with and without its HTTPS entry", () => {
    expect(() => checkHaproxyConfig(binary!, { port, nodes: ["127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3"] })).not.toThrow();
    const tls = { port: tlsPort, certificateFile: certificate!.file };
    expect(() => checkHaproxyConfig(binary!, { port, nodes: ["127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3"], tls })).not.toThrow();
  });

  it("sends a board's requests and sockets always to the same node, whatever the query string, and spreads boards", async () => {
    const owners = await boardOwners();
    for (const board of boards.slice(0, 10)) {
      for (const query of ["", "?view=phone", "?sync=gzip", "?x=1&y=2"])
        expect(await whoAnswers(`${board}${query}`)).toBe(owners.get(board));
    }
    expect(new Set(owners.values())).toEqual(new Set(["node1", "node2", "node3"]));

    // A real WebSocket upgrade goes through, to the same node.
    expect(await greetingOver(new WebSocket(`ws://127.0.0.1:${port}${boards[0]}`))).toBe(owners.get(boards[0]));
  });

  it("over HTTPS speaks HTTP/2 to a browser that offers it, says https to the node, and carries board sockets", async () => {
    const session = connectHttp2(`https://localhost:${tlsPort}`, { rejectUnauthorized: false, ALPNProtocols: ["h2"] });
    try {
      await withinLimit(new Promise((resolve, reject) => session.once("connect", resolve).once("error", reject)), "an HTTP/2 session");
      expect(session.alpnProtocol).toBe("h2");
      // Several requests at once on the one connection, as a page's scripts are asked for.
      const answers = await Promise.all(
        ["/join", "/build/a.js", "/build/b.js", "/build/c.js"].map(
          (path) =>
            new Promise<{ status: number; node: string; body: string }>((resolve, reject) => {
              const stream = session.request({ ":path": path });
              let body = "";
              let head = { status: 0, node: "" };
              stream.on("response", (headers) => (head = { status: Number(headers[":status"]), node: String(headers["x-node"]) }));
              stream.on("data", (chunk: Buffer) => (body += chunk.toString()));
              stream.on("end", () => resolve({ ...head, body }));
              stream.on("error", reject);
            }),
        ),
      );
      for (const answer of answers) {
        expect(answer.status).toBe(200);
        expect(answer.body).toBe(answer.node);
      }
      const seen = nodes
        .find((node) => node.name === answers[0].node)!
        .seen.filter((entry) => entry.path === "/join")
        .at(-1);
      expect(seen?.forwardedProto).toBe("https");
    } finally {
      session.close();
    }
    // A board socket over TLS reaches the board's node, as over plain HTTP.
    const owner = await whoAnswers(boards[0]);
    expect(await greetingOver(new WebSocket(`wss://localhost:${tlsPort}${boards[0]}`, { rejectUnauthorized: false }))).toBe(owner);
  });

  it("spreads pages over every node", async () => {
    expect(await pagesReach(9)).toEqual(new Set(["node1", "node2", "node3"]));
  });

  it("refuses /_cluster/ from outside however it is written, and no node ever sees it", async () => {
    const before = nodes.map((node) => node.seen.length);
    const spellings = [
      "/_cluster/boards/x",
      "/_cluster",
      "/_CLUSTER/boards/x",
      "/%5Fcluster/boards/x",
      "/%5fcluster/boards/x",
      "//_cluster/boards/x",
      "/yjs/../_cluster/boards/x",
      "/yjs/%2e%2e/_cluster/boards/x",
      "/\\_cluster/boards/x",
      "/./_cluster/boards/x",
    ];
    for (const path of spellings) {
      const answer = await rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close`);
      expect(answer.status, path).toBe(403);
    }
    const upgrade = await rawRequest(
      port,
      `GET /_cluster/forward HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nConnection: close`,
    );
    expect(upgrade.status).toBe(403);
    expect(nodes.map((node) => node.seen.length)).toEqual(before);
  });

  it("tells the node the client's address last in X-Forwarded-For (after any the client wrote) and the scheme, and drops a hop header", async () => {
    const answer = await rawRequest(
      port,
      `GET /join HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Proto: https\r\n` +
        `X-Atelier-Hop: node0 1 forged\r\nConnection: close`,
    );
    const node = nodes.find((candidate) => candidate.name === answer.headers["x-node"]);
    expect(node, JSON.stringify(answer.headers)).toBeDefined();
    const seen = node!.seen.at(-1)!;
    expect(seen.path).toBe("/join");
    expect(seen.forwardedFor?.split(",").map((entry) => entry.trim())).toEqual(["203.0.113.9", "127.0.0.1"]);
    expect(seen.forwardedProto).toBe("http");
    // The header a node sets when it forwards a socket to another is never passed from a client.
    expect(seen.hop).toBeUndefined();
  });

  it("stops sending anything to a node whose /healthz answers 503, cuts its sockets, moves only its boards, and takes it back when well", async () => {
    const owners = await boardOwners();
    const unwell = nodes[1];
    const socket = new WebSocket(`ws://127.0.0.1:${port}${boards.find((board) => owners.get(board) === unwell.name)}`);
    await withinLimit(new Promise((resolve) => socket.once("message", resolve)), "the unwell node's greeting");
    const cut = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    unwell.healthy = false;
    await untilTrue("HAProxy to send no page to the unwell node", async () => !(await pagesReach(6)).has(unwell.name));
    // Its board sockets are cut when it is marked down: their clients reconnect, to another node.
    await withinLimit(cut, "HAProxy to cut the board socket of a node marked down");

    const moved = await boardOwners();
    for (const board of boards) {
      if (owners.get(board) === unwell.name) expect(moved.get(board)).not.toBe(unwell.name);
      // Consistent hashing: the other nodes' boards stay where they were.
      else expect(moved.get(board)).toBe(owners.get(board));
    }

    unwell.healthy = true;
    await untilTrue("HAProxy to send pages to the node again", async () => (await pagesReach(6)).has(unwell.name));
    expect(await boardOwners()).toEqual(owners);
  });

  it("cuts a killed node's board sockets, answers every request from the others at once, and marks it down", async () => {
    const owners = await boardOwners();
    const victim = nodes[2];
    const board = boards.find((candidate) => owners.get(candidate) === victim.name)!;
    const socket = new WebSocket(`ws://127.0.0.1:${port}${board}`);
    await withinLimit(new Promise((resolve) => socket.once("message", resolve)), "the victim's greeting");
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));

    await victim.kill();
    await withinLimit(closed, "the board socket to close when its node died");
    // Before the health check has noticed, a refused connection is retried on another node.
    const answers = await Promise.all(boards.map((path) => whoAnswers(path)));
    expect(answers.filter((name) => !["node1", "node2"].includes(name))).toEqual([]);
    expect(await pagesReach(6)).toEqual(new Set(["node1", "node2"]));
  });
});
