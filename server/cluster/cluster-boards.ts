// What the pages ask of the live boards, on several nodes (docs/decisions/023): a page may be served by
// any node, but a board lives on its owner. What concerns a board held by another node is asked of
// that node over HTTP (POST /_cluster/boards, signed with CLUSTER_SECRET; HAProxy refuses the path
// from outside, and a request without a valid signature is refused anyway); the owner does it on its
// own registry, never forwarding again.
import type { RequestHandler } from "express";
import type { LiveBoards } from "../../app/lib/load-context.js";
import { RoomRefusedError, type RoomRegistry } from "../board/room-registry.js";
import type { BoardOwnership } from "./board-ownership.js";
import { sign, verify } from "./signed.js";

export const CLUSTER_PATH = "/_cluster/boards";
const SIGNATURE_HEADER = "x-atelier-cluster";
const MAX_BODY_BYTES = 4 * 1024;
/** Removing a person's cards compacts the board: it may take a while on a big one. */
const ASK_TIMEOUT_MS = 60_000;

type Command =
  | { op: "disconnectPerson"; sessionId: string; personKey: string; reason: string }
  | { op: "connectedPeople"; sessionId: string }
  | { op: "eraseAuthor"; sessionId: string; personKey: string }
  | { op: "forgetBoard"; sessionId: string };

/** The owner answered 503: it no longer holds the board (or is stopping); another node may by now. */
class OwnerBusyError extends Error {
  constructor() {
    super("owner node answered 503");
    this.name = "OwnerBusyError";
  }
}

export class ClusterBoards implements LiveBoards {
  constructor(
    private readonly registry: RoomRegistry,
    private readonly ownership: BoardOwnership,
    private readonly secret: string,
    private readonly onWarning: (message: string, error?: unknown) => void,
  ) {}

  disconnectPerson(sessionId: string, personKey: string, reason: string): number {
    const here = this.registry.disconnectPerson(sessionId, personKey, reason);
    void this.askOwner<{ count: number }>({ op: "disconnectPerson", sessionId, personKey, reason }).catch((error: unknown) =>
      this.onWarning(`board of session ${sessionId}: could not reach its owner to remove a participant`, error),
    );
    return here;
  }

  async connectedPeople(sessionId: string): Promise<Map<string, number>> {
    // An owner that does not answer (it is dying, the board moving) must not fail the page: what is known here.
    const answer = await this.askOwner<{ people: Record<string, number> }>({ op: "connectedPeople", sessionId }).catch((error: unknown) => {
      this.onWarning(`board of session ${sessionId}: its owner did not say who is connected`, error);
      return null;
    });
    if (!answer) return this.registry.connectedPeople(sessionId);
    return new Map(Object.entries(answer.people).filter(([, count]) => Number.isInteger(count)));
  }

  async eraseAuthor(sessionId: string, personKey: string): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      // The owner may answer 503 (it lost the board meanwhile): ask again, whoever holds it then.
      const answer = await this.askOwner<{ count: number }>({ op: "eraseAuthor", sessionId, personKey }).catch((error: unknown) => {
        if (attempt < 2 && error instanceof OwnerBusyError) return "again" as const;
        throw error;
      });
      if (answer === "again") continue;
      if (answer) return answer.count;
      try {
        // Nobody else holds the board: this node takes it for the erasure (the registry loads and unloads it).
        return await this.registry.eraseAuthor(sessionId, personKey);
      } catch (error) {
        // Taken by another node in between: ask that one.
        if (attempt < 2 && error instanceof RoomRefusedError && error.status === 503) continue;
        throw error;
      }
    }
  }

  async forgetBoard(sessionId: string): Promise<void> {
    await this.askOwner({ op: "forgetBoard", sessionId });
    await this.registry.forgetBoard(sessionId);
  }

  /** Asks the node that holds the session's board; null when it is held here or by no node. */
  private async askOwner<T>(command: Command): Promise<T | null> {
    if (this.registry.hasRoom(command.sessionId)) return null;
    const address = await this.ownership.ownerElsewhere(command.sessionId);
    if (!address) return null;
    const body = JSON.stringify(command);
    const response = await fetch(new URL(CLUSTER_PATH, address), {
      method: "POST",
      headers: { "content-type": "application/json", [SIGNATURE_HEADER]: sign(this.secret, "cluster", body) },
      body,
      signal: AbortSignal.timeout(ASK_TIMEOUT_MS),
    });
    if (response.status === 503) throw new OwnerBusyError();
    if (!response.ok) throw new Error(`owner node answered ${response.status}`);
    return (await response.json()) as T;
  }
}

/** POST /_cluster/boards: what another node of the cluster asks of a board this node holds. */
export function clusterEndpoint(registry: RoomRegistry, secret: string): RequestHandler {
  return (request, response, next) => {
    if (request.path !== CLUSTER_PATH) return next();
    if (request.method !== "POST") return void response.status(405).type("text/plain").send("POST attendu");
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_BODY_BYTES) {
        response.status(413).type("text/plain").send("trop long");
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => {
      if (response.headersSent) return;
      const body = Buffer.concat(chunks).toString("utf8");
      if (!signedBySibling(request.headers[SIGNATURE_HEADER], body, secret)) {
        return void response.status(403).type("text/plain").send("réservé aux serveurs du groupe");
      }
      const command = parseCommand(body);
      if (!command) return void response.status(400).type("text/plain").send("commande illisible");
      void run(registry, command).then(
        (answer) => response.json(answer),
        (error: unknown) => {
          const refused = error instanceof RoomRefusedError;
          response
            .status(refused ? error.status : 500)
            .type("text/plain")
            .send(refused ? error.message : "erreur serveur");
        },
      );
    });
  };
}

function signedBySibling(header: string | string[] | undefined, body: string, secret: string): boolean {
  return typeof header === "string" && header.length <= 256 && verify(secret, "cluster", body, header);
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const TEXT = (value: unknown, max: number): value is string => typeof value === "string" && value.length > 0 && value.length <= max;

function parseCommand(body: string): Command | null {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof raw !== "object" || raw === null) return null;
  const { op, sessionId, personKey, reason } = raw as Record<string, unknown>;
  if (typeof sessionId !== "string" || !ID.test(sessionId)) return null;
  if (op === "connectedPeople" || op === "forgetBoard") return { op, sessionId };
  if (op === "eraseAuthor" && TEXT(personKey, 200)) return { op, sessionId, personKey };
  if (op === "disconnectPerson" && TEXT(personKey, 200) && TEXT(reason, 500)) return { op, sessionId, personKey, reason };
  return null;
}

async function run(registry: RoomRegistry, command: Command): Promise<unknown> {
  switch (command.op) {
    case "disconnectPerson":
      return { count: registry.disconnectPerson(command.sessionId, command.personKey, command.reason) };
    case "connectedPeople":
      return { people: Object.fromEntries(registry.connectedPeople(command.sessionId)) };
    case "eraseAuthor":
      return { count: await registry.eraseAuthor(command.sessionId, command.personKey) };
    case "forgetBoard":
      await registry.forgetBoard(command.sessionId);
      return { done: true };
  }
}
