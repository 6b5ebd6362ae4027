import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { inMemory, type LimitStore } from "../lib/rate-limits.server.js";

/**
 * Guessing protection for a sign-in, after rate-limiter-flexible's "login endpoint protection"
 * pattern: failures are counted per (account, client address) pair — so a stranger guessing a
 * password pauses only themselves, never the real person signing in from elsewhere — and per
 * address over a day, so one place cannot try many accounts. A success clears the pair's count.
 * Counted where `store` says: this process's memory (a restart forgets), or Redis shared by every node
 * (server/shared-state.ts). Counters expire after a day, which bounds their room; keys are keyed hashes.
 */
export interface LoginProtectionOptions {
  name: string;
  /** Failures in a row for one account from one address before that pair is paused. */
  maxConsecutiveFailures: number;
  /** How long that pause lasts, in seconds. */
  pauseSeconds: number;
  /** Failures from one address, any account, within a day before the address is paused for a day. */
  maxFailuresPerDay: number;
}

const DAY_SECONDS = 24 * 60 * 60;

export interface LoginProtection {
  /** Seconds until this account may be tried again from this address, or null when it may now. */
  pausedFor(account: string | null, address: string): Promise<number | null>;
  recordFailure(account: string | null, address: string): Promise<void>;
  /** The right secret: earlier misses of this pair are forgotten (the address's daily count stays). */
  recordSuccess(account: string | null, address: string): Promise<void>;
}

export function createLoginProtection(options: LoginProtectionOptions, store: LimitStore = inMemory()): LoginProtection {
  const byPair = store.limiter({
    keyPrefix: `${options.name}_consecutive_account_and_ip`,
    points: options.maxConsecutiveFailures,
    duration: DAY_SECONDS,
    blockDuration: options.pauseSeconds,
  });
  const byAddressPerDay = store.limiter({
    keyPrefix: `${options.name}_ip_per_day`,
    points: options.maxFailuresPerDay,
    duration: DAY_SECONDS,
    blockDuration: DAY_SECONDS,
  });
  // The account part is normalised by the caller; an account-less sign-in (a one-time code) counts per address.
  const pairKey = (account: string | null, address: string) => store.key(account ?? "", address);
  const addressKey = (address: string) => store.key(address);
  // As in the documented pattern, a key over its points is blocked (consumedPoints > points).
  const blockedFor = (state: RateLimiterRes | null, max: number) => (state && state.consumedPoints > max ? state.msBeforeNext : 0);

  return {
    async pausedFor(account, address) {
      const [pair, day] = await Promise.all([byPair.get(pairKey(account, address)), byAddressPerDay.get(addressKey(address))]);
      const waitMs = Math.max(blockedFor(pair, options.maxConsecutiveFailures), blockedFor(day, options.maxFailuresPerDay));
      return waitMs > 0 ? Math.ceil(waitMs / 1000) : null;
    },
    async recordFailure(account, address) {
      await Promise.all([
        failOnce(byPair, pairKey(account, address), options.maxConsecutiveFailures, options.pauseSeconds),
        failOnce(byAddressPerDay, addressKey(address), options.maxFailuresPerDay, DAY_SECONDS),
      ]);
    },
    async recordSuccess(account, address) {
      await byPair.delete(pairKey(account, address));
    },
  };
}

/**
 * Counts one failure. The library blocks a key on the consume *after* its last point; we block on
 * the last one itself, so that the Nth miss, not the N+1th, starts the pause — the right secret
 * typed next must wait too, or a guesser would get one free try per pause.
 */
async function failOnce(limiter: RateLimiterAbstract, key: string, max: number, pauseSeconds: number): Promise<void> {
  try {
    const state = await limiter.consume(key);
    if (state.consumedPoints >= max) await limiter.block(key, pauseSeconds);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error; // already over: the pause is running
  }
}

/**
 * The client address a limit is keyed by: from the load context (server/index.ts, per TRUST_PROXY),
 * or, where there is none (tests calling a route directly), one shared bucket: stricter, never looser.
 */
export function clientAddress(context: { clientIp?: string }): string {
  const ip = context.clientIp;
  return ip && ip.length > 0 ? ip : "anonymous";
}

/** Wrong passwords in a row for one account from one address before that pair waits 15 minutes. */
export const LOGIN_MAX_FAILURES = 5;
/** Wrong passwords from one address, any account, in a day. */
export const LOGIN_MAX_FAILURES_PER_DAY = 100;

/** The professionals' sign-in: an account is its e-mail, compared trimmed and lower-case. */
export function professionalLogins(store: LimitStore) {
  const logins = createLoginProtection(
    { name: "login", maxConsecutiveFailures: LOGIN_MAX_FAILURES, pauseSeconds: 15 * 60, maxFailuresPerDay: LOGIN_MAX_FAILURES_PER_DAY },
    store,
  );
  const accountKey = (email: string) => email.trim().toLowerCase();
  return {
    pausedFor: (email: string, address: string) => logins.pausedFor(accountKey(email), address),
    recordFailure: (email: string, address: string) => logins.recordFailure(accountKey(email), address),
    recordSuccess: (email: string, address: string) => logins.recordSuccess(accountKey(email), address),
  };
}
export type ProfessionalLogins = ReturnType<typeof professionalLogins>;
