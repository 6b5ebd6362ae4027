// One node of several (docs/decisions/023), assembled: the board ownership on its lock connection, the
// tunnels to other owners, what the pages ask of boards held elsewhere, and the endpoint where the
// other nodes ask this one. server/index.ts builds it only when CLUSTER_NODE_ADDRESS is set.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { RequestHandler } from "express";
import type { LiveBoards } from "../../app/lib/load-context.js";
import type { BoardStore } from "../board/board-store.js";
import { RoomRefusedError, type RoomOwnership, type RoomRegistry } from "../board/room-registry.js";
import { BoardOwnership } from "./board-ownership.js";
import { ClusterBoards, clusterEndpoint } from "./cluster-boards.js";
import { isForwarded, signHop, Tunnels } from "./forward.js";

export interface ClusterSettings {
  databaseUrl: string;
  address: string;
  secret: string;
  onWarning: (message: string, error?: unknown) => void;
}

/**
 * How long a node trusts what it learnt of a board's owner before asking PostgreSQL again: a join
 * storm on a node that does not own the board asks once, not once per newcomer. A stale answer is
 * safe: the node it names serves the board if it holds it, takes it if nobody does, and refuses
 * (the client retries) if another node took it meanwhile.
 */
const OWNER_CACHE_MS = 2_000;
const OWNER_CACHE_ENTRIES = 10_000;

export class ClusterNode {
  readonly ownership: BoardOwnership;
  readonly tunnels = new Tunnels();
  private registry: RoomRegistry | null = null;
  private readonly owners = new Map<string, { address: string | null; until: number }>();
  /** Lookups under way: a storm of upgrades for one board asks once. */
  private readonly asking = new Map<string, Promise<string | null>>();

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

  /** What the registry needs: take a board, give it back, and the store fenced by a room's epoch. */
  roomOwnership(store: { fencedBy?(epoch: number): BoardStore }): RoomOwnership {
    const { fencedBy } = store;
    if (!fencedBy) throw new Error("several nodes need the PostgreSQL board store");
    return {
      claim: (sessionId) => this.ownership.claim(sessionId),
      release: (boardId, epoch) => this.ownership.release(boardId, epoch),
      storeFor: (epoch) => fencedBy(epoch),
    };
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
        const owner = await this.ownerOf(sessionId);
        if (!owner) return null;
        // Forwarded here by a node that believed this one owned it: never on again (no loops); the client retries.
        if (isForwarded(request, secret)) throw new RoomRefusedError("tableau en cours de reprise", 503);
        const hop = signHop(secret, address, request.url ?? "/");
        // An owner that does not answer is forgotten at once: the client's retry asks PostgreSQL again.
        return (socket, head) => this.tunnels.forward(request, socket, head, owner, hop, () => this.owners.delete(sessionId));
      },
    };
  }

  /** The node holding a session's board, if another one does, from a short-lived cache (OWNER_CACHE_MS). */
  private async ownerOf(sessionId: string): Promise<string | null> {
    const now = Date.now();
    const known = this.owners.get(sessionId);
    // Only another node's address is kept: "nobody" must be asked again, so that this node takes the board once.
    if (known && known.until > now) return known.address;
    const pending = this.asking.get(sessionId);
    if (pending) return pending;
    const asking = this.ownership.ownerElsewhere(sessionId).finally(() => this.asking.delete(sessionId));
    this.asking.set(sessionId, asking);
    const address = await asking;
    if (address) {
      if (this.owners.size >= OWNER_CACHE_ENTRIES) this.owners.clear();
      this.owners.set(sessionId, { address, until: now + OWNER_CACHE_MS });
    } else this.owners.delete(sessionId);
    return address;
  }

  /** After the registry has stored everything: gives every board back at once. */
  async close(): Promise<void> {
    this.tunnels.closeAll();
    await this.ownership.close();
  }
}
