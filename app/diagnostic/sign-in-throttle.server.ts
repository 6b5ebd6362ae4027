// Guessing a personal-space code, from one place: after a few wrong codes that place is paused for
// a while. Same limiter as the professionals' login, keyed by the client's address since the
// person has no account name to count against.
import { createFailureLimiter } from "../login-throttle.server.js";

/** Wrong codes allowed from one address within 15 minutes. */
export const SIGN_IN_CODE_MAX_FAILURES = 10;
const codes = createFailureLimiter("person-code", SIGN_IN_CODE_MAX_FAILURES, 15 * 60);

/**
 * Who is guessing: the client address from the load context (server/index.ts), or, where there is
 * none (tests calling a route directly), one shared bucket: stricter, never looser.
 */
export function signInClientKey(context: { clientIp?: string }): string {
  const ip = context.clientIp;
  return ip && ip.length > 0 ? ip : "anonymous";
}

export const signInPausedFor = (clientKey: string) => codes.pausedFor(clientKey);
export const recordSignInFailure = (clientKey: string) => codes.recordFailure(clientKey);
