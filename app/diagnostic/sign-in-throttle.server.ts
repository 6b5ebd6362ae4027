// Guessing a personal-space code: the same protection as the professionals' sign-in
// (app/auth/login-throttle.server.ts), with no account name to pair with the address — a code is typed,
// not chosen — so failures in a row count per address, plus the address's daily total. A right
// code clears the run; codes are single-use and handed out by a professional, so that is no bypass.
// A refused passkey and an unknown e-mailed link count here too.
import { createLoginProtection } from "../auth/login-throttle.server.js";
import type { LimitStore } from "../lib/rate-limits.server.js";

/** Wrong codes in a row from one address before it waits 15 minutes. */
export const SIGN_IN_CODE_MAX_FAILURES = 10;
/** Wrong codes from one address in a day. */
export const SIGN_IN_CODE_MAX_FAILURES_PER_DAY = 100;

export function personSignIns(store: LimitStore) {
  const codes = createLoginProtection(
    {
      name: "person_code",
      maxConsecutiveFailures: SIGN_IN_CODE_MAX_FAILURES,
      pauseSeconds: 15 * 60,
      maxFailuresPerDay: SIGN_IN_CODE_MAX_FAILURES_PER_DAY,
    },
    store,
  );
  return {
    pausedFor: (address: string) => codes.pausedFor(null, address),
    recordFailure: (address: string) => codes.recordFailure(null, address),
    recordSuccess: (address: string) => codes.recordSuccess(null, address),
  };
}
export type PersonSignIns = ReturnType<typeof personSignIns>;
