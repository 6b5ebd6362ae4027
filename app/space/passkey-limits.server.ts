// Asking for a sign-in challenge needs no account, and each one is a row for five minutes: one client
// address may ask this many a minute (an honest phone asks one per try). Counted with the other
// sign-in limits (decision 006): in memory, or shared by the nodes (app/lib/rate-limits.server.ts).
import { RateLimiterRes } from "rate-limiter-flexible";
import type { LimitStore } from "../lib/rate-limits.server.js";

export const SIGN_IN_CHALLENGES_PER_MINUTE = 20;

export function passkeyChallenges(store: LimitStore) {
  const challenges = store.limiter({ keyPrefix: "passkey_challenge", points: SIGN_IN_CHALLENGES_PER_MINUTE, duration: 60 });
  return {
    /** Seconds this address must wait before asking again, or null when it may ask now (the ask is counted). */
    async wait(address: string): Promise<number | null> {
      try {
        await challenges.consume(store.key(address));
        return null;
      } catch (error) {
        if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        throw error;
      }
    },
  };
}
export type PasskeyChallenges = ReturnType<typeof passkeyChallenges>;
