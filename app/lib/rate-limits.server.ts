// Where the sign-in, code and joining counters live. One node: in its memory. Several nodes: in Redis,
// so that a guesser spreading tries over the nodes is counted once (server/shared-state.ts builds
// that store). Each limit is written once, as a rule; whoever hosts the app decides where it is counted.
import { createHmac, randomBytes } from "node:crypto";
import { RateLimiterMemory, type RateLimiterAbstract } from "rate-limiter-flexible";

/** One counter's rule, in rate-limiter-flexible's words: `points` per `duration` seconds, then `blockDuration`. */
export interface LimitRule {
  /** Names the counter; distinct per counter (the keys of all counters share one store). */
  keyPrefix: string;
  points: number;
  duration: number;
  blockDuration?: number;
}

export interface LimitStore {
  /** Builds the counter for a rule. */
  limiter(rule: LimitRule): RateLimiterAbstract;
  /**
   * The key a counter is kept under: a keyed hash of what it counts (an e-mail typed, a client
   * address), so that the store never holds an address or an e-mail, nor a hash one could test guesses against.
   */
  key(...parts: string[]): string;
}

/** A store from a way to build counters and the secret keying their keys (the same on every node sharing them). */
export function limitStore(limiter: (rule: LimitRule) => RateLimiterAbstract, keySecret: string | Buffer): LimitStore {
  return {
    limiter,
    key: (...parts) => createHmac("sha256", keySecret).update(parts.join("\u0000")).digest("base64url").slice(0, 32),
  };
}

/** Counted in this process's memory: a restart forgets, and another node counts apart. */
export function inMemory(): LimitStore {
  return limitStore((rule) => new RateLimiterMemory(rule), randomBytes(32));
}
