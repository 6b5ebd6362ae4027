// Join codes are short (6 characters), so they must not be searchable: every look-up of a code is
// counted per client address, and every unknown answer is counted both per address and across all
// addresses (the code space as a whole). Rules and figures: docs/decisions/007-joining-limits.md.
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { inMemory, type LimitStore } from "../lib/rate-limits.server.js";

export interface JoinLimitOptions {
  /** Join pages and attempts one address may ask for per minute (a whole class behind one address fits). */
  requestsPerAddressPerMinute: number;
  /** Unknown codes one address may try per 10 minutes. */
  unknownPerAddressPer10Minutes: number;
  /** Unknown codes answered per minute to all addresses together. */
  unknownPerMinute: number;
}

export const DEFAULT_JOIN_LIMITS: JoinLimitOptions = {
  requestsPerAddressPerMinute: 120,
  unknownPerAddressPer10Minutes: 20,
  unknownPerMinute: 60,
};

/** Minutes to wait before trying again. */
export type Pause = { minutes: number };

const EVERYONE = "all-codes";

/**
 * Counted where `store` says, like the sign-in throttle: this process's memory (a restart forgets the
 * counts) or Redis shared by every node; keys are keyed hashes of the address. Unknown answers
 * are counted *before* the look-up and given back when the code turns out to be a session that takes
 * people in, so that a burst of parallel guesses cannot slip past the count while it is being read.
 */
export class JoinLimiter {
  private readonly requests: RateLimiterAbstract;
  private readonly unknownByAddress: RateLimiterAbstract;
  private readonly unknownEverywhere: RateLimiterAbstract;
  private readonly key: (address: string) => string;

  constructor(options: JoinLimitOptions = DEFAULT_JOIN_LIMITS, store: LimitStore = inMemory()) {
    this.key = (address) => store.key(address);
    this.requests = store.limiter({ keyPrefix: "join-requests", points: options.requestsPerAddressPerMinute, duration: 60 });
    this.unknownByAddress = store.limiter({
      keyPrefix: "join-unknown-address",
      points: options.unknownPerAddressPer10Minutes,
      duration: 600,
    });
    this.unknownEverywhere = store.limiter({ keyPrefix: "join-unknown-all", points: options.unknownPerMinute, duration: 60 });
  }

  /** Counts one request (page, look-up or attempt) from `address`; a pause when it is one too many. */
  async request(address: string): Promise<Pause | null> {
    return take(this.requests, this.key(address));
  }

  /** Counts a look-up as unknown until `found` says otherwise; a pause when either budget is spent. */
  async beginLookUp(address: string): Promise<Pause | null> {
    const own = await take(this.unknownByAddress, this.key(address));
    if (own) return own;
    const all = await take(this.unknownEverywhere, EVERYONE);
    if (all) {
      await this.unknownByAddress.reward(this.key(address), 1);
      return all;
    }
    return null;
  }

  /** The code led to a session that answers this person: the look-up was not an unknown one. */
  async found(address: string): Promise<void> {
    await Promise.all([this.unknownByAddress.reward(this.key(address), 1), this.unknownEverywhere.reward(EVERYONE, 1)]);
  }
}

async function take(limiter: RateLimiterAbstract, key: string): Promise<Pause | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    return { minutes: Math.max(1, Math.ceil(error.msBeforeNext / 60_000)) };
  }
}

/** The key of per-address limits: the load context's address, or one shared bucket where there is none (stricter, never looser). */
export function joinClientKey(context: { clientIp?: string }): string {
  return context.clientIp && context.clientIp.length > 0 ? context.clientIp : "anonymous";
}
