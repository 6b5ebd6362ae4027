// One node of several (docs/decisions/023), assembled: the board ownership on its lock connection, the
// tunnels to other owners, what the pages ask of boards held elsewhere, and the endpoint where the
// other nodes ask this one. server/index.ts builds it only when CLUSTER_NODE_ADDRESS is set.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { RequestHandler } from "express";
import type { LiveBoards } from "../../app/lib/load-context.js";
import { RoomRefusedError, type RoomRegistry } from "../board/room-registry.js";
import { BoardOwnership } from "./board-ownership.js";
import { ClusterBoards, clusterEndpoint } from "./cluster-boards.js";
import { isForwarded, signHop, Tunnels } from "./forward.js";

export interface ClusterSettings {
  databaseUrl: string;
  address: string;
  secret: string;
  onWarning: (message: string, error?: unknown) => void;
}

export class ClusterNode {
  readonly ownership: BoardOwnership;
  readonly tunnels = new Tunnels();
  private registry: RoomRegistry | null = null;

  constructor(private readonly settings: ClusterSettings) {
    this.ownership = new BoardOwnership({
      databaseUrl: settings.databaseUrl,
      address: settings.address,
      onLost: (boardIds) => this.registry?.dropBoards(boardIds),
      onWarning: settings.onWarning,
    });
  }

  start(): Promise<void> {
    return this.ownership.start();
  }

  /** Ties the node to its registry; returns what the pages and the board sockets use. */
  attach(registry: RoomRegistry): {
    boards: LiveBoards;
    endpoint: RequestHandler;
    route: (request: IncomingMessage, sessionId: string) => Promise<null | ((socket: Duplex, head: Buffer) => void)>;
  } {
    this.registry = registry;
    const { secret, address } = this.settings;
    return {
      boards: new ClusterBoards(registry, this.ownership, secret, this.settings.onWarning),
      endpoint: clusterEndpoint(registry, secret),
      route: async (request, sessionId) => {
        if (registry.hasRoom(sessionId)) return null;
        const owner = await this.ownership.ownerElsewhere(sessionId);
        if (!owner) return null;
        // Forwarded here by a node that believed this one owned it: never on again (no loops); the client retries.
        if (isForwarded(request, secret)) throw new RoomRefusedError("tableau en cours de reprise", 503);
        const hop = signHop(secret, address, request.url ?? "/");
        return (socket, head) => this.tunnels.forward(request, socket, head, owner, hop);
      },
    };
  }

  /** After the registry has stored everything: gives every board back at once. */
  async close(): Promise<void> {
    this.tunnels.closeAll();
    await this.ownership.close();
  }
}
