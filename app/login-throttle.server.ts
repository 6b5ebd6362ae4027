import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/** Wrong passwords allowed for one account within the window before it is paused. */
export const LOGIN_MAX_FAILURES = 5;
/** The window, in seconds, counted from the first miss: a paused account may try again when it ends. */
const WINDOW_SECONDS = 15 * 60;

// In this process's memory: a restart forgets the count, which costs an attacker a restart of our
// server, not a bypass. Several nodes would share a Redis limiter (same library, RateLimiterRedis).
const failures = new RateLimiterMemory({
  keyPrefix: "login",
  points: LOGIN_MAX_FAILURES,
  duration: WINDOW_SECONDS,
  // Only reached when misses race past the limit: the pause then runs a full window from there.
  blockDuration: WINDOW_SECONDS,
});

const accountKey = (email: string) => email.trim().toLowerCase();

/** Minutes until the account may try again, or null when it may try now. */
export async function loginPausedFor(email: string): Promise<number | null> {
  const state = await failures.get(accountKey(email));
  if (!state || state.consumedPoints < LOGIN_MAX_FAILURES) return null;
  return Math.max(1, Math.ceil(state.msBeforeNext / 60_000));
}

export async function recordLoginFailure(email: string): Promise<void> {
  try {
    await failures.consume(accountKey(email));
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error; // already over the limit (concurrent misses)
  }
}

export async function clearLoginFailures(email: string): Promise<void> {
  await failures.delete(accountKey(email));
}
