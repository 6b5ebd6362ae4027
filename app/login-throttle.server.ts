import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/**
 * Counts failed sign-in attempts per key (an account, a client address) and pauses the key after
 * `maxFailures` within the window counted from the first miss; it may try again when that ends.
 * In this process's memory: a restart forgets the count, which costs an attacker a restart of our
 * server, not a bypass. Several nodes would share a Redis limiter (same library, RateLimiterRedis).
 */
export function createFailureLimiter(name: string, maxFailures: number, windowSeconds: number) {
  const failures = new RateLimiterMemory({
    keyPrefix: name,
    points: maxFailures,
    duration: windowSeconds,
    // Only reached when misses race past the limit: the pause then runs a full window from there.
    blockDuration: windowSeconds,
  });
  return {
    /** Minutes until the key may try again, or null when it may try now. */
    async pausedFor(key: string): Promise<number | null> {
      const state = await failures.get(key);
      if (!state || state.consumedPoints < maxFailures) return null;
      return Math.max(1, Math.ceil(state.msBeforeNext / 60_000));
    },
    async recordFailure(key: string): Promise<void> {
      try {
        await failures.consume(key);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error; // already over the limit (concurrent misses)
      }
    },
    async clear(key: string): Promise<void> {
      await failures.delete(key);
    },
  };
}

/** Wrong passwords allowed for one account within 15 minutes before it is paused. */
export const LOGIN_MAX_FAILURES = 5;
const logins = createFailureLimiter("login", LOGIN_MAX_FAILURES, 15 * 60);
const accountKey = (email: string) => email.trim().toLowerCase();

export const loginPausedFor = (email: string) => logins.pausedFor(accountKey(email));
export const recordLoginFailure = (email: string) => logins.recordFailure(accountKey(email));
export const clearLoginFailures = (email: string) => logins.clear(accountKey(email));
