// A board's socket that reached a node which does not own the board goes on to the owner through a
// plain TCP pipe (docs/decisions/023): browsers do not follow redirects on WebSocket upgrades. The
// request is sent on as it came (the owner checks Origin and cookies again), with one header saying
// which node forwarded it, signed with CLUSTER_SECRET: a node never forwards a forwarded socket again
// (the guard against loops), and nobody outside the cluster can make a request look forwarded.
import type { IncomingMessage } from "node:http";
import { connect, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import { sign, verify } from "./signed.js";

export const HOP_HEADER = "x-atelier-hop";
/** How long the owner may take to accept the TCP connection and answer the upgrade (a paused owner's kernel accepts). */
const CONNECT_TIMEOUT_MS = 5_000;

/** "<from> <time> <signature>": which node forwards, signed with the path it forwards. */
export function signHop(secret: string, from: string, url: string, now = Date.now()): string {
  return `${from} ${sign(secret, "hop", `${from}\n${url}`, now)}`;
}

/** Whether the request was forwarded by a node of this cluster (a valid, recent hop header). */
export function isForwarded(request: IncomingMessage, secret: string, now = Date.now()): boolean {
  const header = request.headers[HOP_HEADER];
  if (typeof header !== "string" || header.length > 512) return false;
  const space = header.indexOf(" ");
  if (space <= 0) return false;
  const from = header.slice(0, space);
  return verify(secret, "hop", `${from}\n${request.url ?? ""}`, header.slice(space + 1), now);
}

/** The sockets this node is piping to owners, so that a shutdown can cut them (their clients reconnect). */
export class Tunnels {
  private readonly open = new Set<Socket>();

  get size(): number {
    return this.open.size;
  }

  /**
   * Pipes an upgrade request (already authenticated here) and its socket to the node at `target`;
   * whatever happens to one side happens to the other.
   */
  forward(request: IncomingMessage, socket: Duplex, head: Buffer, target: string, hop: string, onUnreachable?: () => void): void {
    const url = new URL(target);
    const upstream = connect({ host: url.hostname, port: Number(url.port || 80) });
    this.open.add(upstream);
    upstream.setNoDelay(true);
    upstream.setKeepAlive(true, 5_000);
    upstream.setTimeout(CONNECT_TIMEOUT_MS);
    const cut = () => {
      upstream.destroy();
      socket.destroy();
    };
    /** Whether the owner has answered anything: one that never does is forgotten by the caller. */
    let answered = false;
    const failed = () => {
      if (!answered) onUnreachable?.();
      cut();
    };
    upstream.on("timeout", failed);
    upstream.on("error", failed);
    upstream.on("close", () => {
      this.open.delete(upstream);
      // Ended, not destroyed: a close frame the owner sent last (a removal, a deleted board) still reaches a slow reader.
      socket.end();
      setTimeout(() => socket.destroy(), CONNECT_TIMEOUT_MS).unref();
    });
    socket.on("close", () => upstream.destroy());
    socket.on("error", cut);
    // The owner's first byte (its answer to the upgrade) ends the wait; the connect alone does not.
    upstream.once("data", () => {
      answered = true;
      upstream.setTimeout(0);
    });
    upstream.once("connect", () => {
      const lines = [`${request.method ?? "GET"} ${request.url ?? "/"} HTTP/1.1`];
      // Node's parser has already refused any header with a line break: they are copied as they came.
      for (let index = 0; index + 1 < request.rawHeaders.length; index += 2) {
        if (request.rawHeaders[index].toLowerCase() === HOP_HEADER) continue;
        lines.push(`${request.rawHeaders[index]}: ${request.rawHeaders[index + 1]}`);
      }
      lines.push(`${HOP_HEADER}: ${hop}`);
      upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (head.byteLength > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
  }

  /** Cuts every tunnel (shutdown): their clients reconnect through another node. */
  closeAll(): void {
    for (const upstream of this.open) upstream.destroy();
    this.open.clear();
  }
}
