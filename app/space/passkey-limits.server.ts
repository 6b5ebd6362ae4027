// Asking for a sign-in challenge needs no account, and each one is a row for five minutes: one client
// address may ask this many a minute (an honest phone asks one per try). In process memory, like the
// other sign-in limits (decision 006).
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

export const SIGN_IN_CHALLENGES_PER_MINUTE = 20;

const challenges = new RateLimiterMemory({ keyPrefix: "passkey_challenge", points: SIGN_IN_CHALLENGES_PER_MINUTE, duration: 60 });

/** Seconds this address must wait before asking again, or null when it may ask now (the ask is counted). */
export async function challengeWait(address: string): Promise<number | null> {
  try {
    await challenges.consume(address);
    return null;
  } catch (error) {
    if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    throw error;
  }
}
