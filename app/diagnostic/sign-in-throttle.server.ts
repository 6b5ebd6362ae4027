// Guessing a personal-space code, from one place: after a few wrong codes that place is paused for
// a while. Same approach and library as the professionals' login (app/login-throttle.server.ts),
// keyed by the client's address since the person has no account name to count against.
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/** Wrong codes allowed from one address within the window. */
export const SIGN_IN_CODE_MAX_FAILURES = 10;
const WINDOW_SECONDS = 15 * 60;

// In this process's memory, like the login limiter (a restart forgets the count).
const failures = new RateLimiterMemory({
  keyPrefix: "person-code",
  points: SIGN_IN_CODE_MAX_FAILURES,
  duration: WINDOW_SECONDS,
  blockDuration: WINDOW_SECONDS,
});

/**
 * Who is guessing: the client address from the load context (server/index.ts), or, where there is
 * none (tests calling a route directly), one shared bucket: stricter, never looser.
 */
export function signInClientKey(context: { clientIp?: string }): string {
  const ip = context.clientIp;
  return ip && ip.length > 0 ? ip : "anonymous";
}

/** Minutes until this client may try again, or null when it may try now. */
export async function signInPausedFor(clientKey: string): Promise<number | null> {
  const state = await failures.get(clientKey);
  if (!state || state.consumedPoints < SIGN_IN_CODE_MAX_FAILURES) return null;
  return Math.max(1, Math.ceil(state.msBeforeNext / 60_000));
}

export async function recordSignInFailure(clientKey: string): Promise<void> {
  try {
    await failures.consume(clientKey);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
  }
}
