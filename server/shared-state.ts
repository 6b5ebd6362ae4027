// What the nodes of a cluster count together: the sign-in, code and joining throttles. With REDIS_URL,
// in Redis through rate-limiter-flexible's RateLimiterRedis, each with a RateLimiterMemory of the same
// rule as its insurance (the library's documented fallback): while Redis is away every call goes to
// this node's memory, so each node counts alone meanwhile — never an open door, never an error page —
// and back on Redis once it answers again. Without REDIS_URL, everything is counted in memory.
// Redis holds only counters that expire (a day at most), keyed by keyed hashes: losing it loses nothing else.
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";
import { inMemory, limitStore, type LimitStore } from "../app/lib/rate-limits.server.js";
import type { Env } from "./env.js";
import type { Logger } from "./log.js";

/** Keys in Redis start with this, so that a Redis shared with something else stays readable. */
const KEY_NAMESPACE = "atelier";

export interface SharedStateOptions {
  /** How long connecting, then each command, may take before the call goes to memory (ms). */
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
}

export interface SharedState {
  /** Where the throttles count (app/lib/rate-limits.server.ts). */
  limits: LimitStore;
  /** "memory" without REDIS_URL; otherwise whether Redis answers now. */
  where(): "memory" | "redis" | "redis-away";
  /** Disconnects from Redis (at the end of a graceful stop). */
  close(): Promise<void>;
}

/** Opens the shared state; never throws nor crashes the node when Redis is unreachable, now or later. */
export function openSharedState(
  env: Pick<Env, "REDIS_URL" | "CLUSTER_SECRET" | "SIGNING_SECRET" | "CLUSTER_NODE_ADDRESS">,
  log: Logger,
  options: SharedStateOptions = {},
): SharedState {
  if (!env.REDIS_URL) {
    if (env.CLUSTER_NODE_ADDRESS) {
      log.warn({ module: "shared-state" }, "no REDIS_URL: each node counts sign-in attempts alone");
    }
    return { limits: inMemory(), where: () => "memory", close: async () => {} };
  }

  const redis = new Redis(env.REDIS_URL, {
    // A call while Redis is away fails at once (and goes to memory) instead of waiting in a queue.
    enableOfflineQueue: false,
    connectTimeout: options.connectTimeoutMs ?? 1_000,
    commandTimeout: options.commandTimeoutMs ?? 1_000,
    maxRetriesPerRequest: 1,
    // Reconnects for ever, at most every 2 s.
    retryStrategy: (times) => Math.min(times * 100, 2_000),
    connectionName: "atelier-limits",
  });
  let state: "connecting" | "up" | "down" = "connecting";
  const becomes = (next: "up" | "down", error?: unknown) => {
    if (state === next) return;
    const first = state === "connecting";
    state = next;
    if (next === "up") log.info({ module: "shared-state" }, "Redis answers: throttles shared by every node");
    else {
      // The error's code only (ECONNREFUSED…): never the URL, which may hold a password.
      const code = (error as { code?: unknown } | undefined)?.code;
      log.warn(
        { module: "shared-state", err: typeof code === "string" ? { code } : undefined },
        first ? "Redis unreachable: each node counts alone meanwhile" : "Redis away: each node counts alone meanwhile",
      );
    }
  };
  redis.on("ready", () => becomes("up"));
  redis.on("error", (error: unknown) => becomes("down", error));
  redis.on("close", () => {
    if (state === "up") becomes("down");
  });

  // Keys must be the same on every node: a secret they share (cluster mode requires CLUSTER_SECRET),
  // or at least the Redis address they all have, which whoever reads Redis knows anyway.
  const keySecret = env.CLUSTER_SECRET ?? env.SIGNING_SECRET ?? env.REDIS_URL;
  const limits = limitStore(
    (rule) =>
      new RateLimiterRedis({
        ...rule,
        keyPrefix: `${KEY_NAMESPACE}:${rule.keyPrefix}`,
        storeClient: redis,
        // Not ready (reconnecting): straight to memory, without asking the client.
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(rule),
      }),
    keySecret,
  );

  return {
    limits,
    where: () => (state === "up" ? "redis" : "redis-away"),
    async close() {
      if (redis.status === "ready") await redis.quit().catch(() => undefined);
      redis.disconnect();
    },
  };
}
