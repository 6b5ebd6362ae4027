// Every counter that protects signing in, in one place, built on one store: this process's memory, or
// Redis shared by every node (server/shared-state.ts builds the store, server/load-context.ts this).
// The rules stay beside what they protect; this only gathers them for the load context.
import { personSignIns } from "../diagnostic/sign-in-throttle.server.js";
import { inMemory, type LimitStore } from "../lib/rate-limits.server.js";
import { passkeyChallenges } from "../space/passkey-limits.server.js";
import { linkRequests } from "../space/sign-in-links.server.js";
import { professionalLogins } from "./login-throttle.server.js";

export function createSignInLimits(store: LimitStore = inMemory()) {
  return {
    /** Professionals' passwords, per account and address (app/auth/login-throttle.server.ts). */
    logins: professionalLogins(store),
    /** A person's codes, passkeys and e-mailed links, per address (app/diagnostic/sign-in-throttle.server.ts). */
    personSignIns: personSignIns(store),
    /** Sign-in links asked for, per address typed and per client (app/space/sign-in-links.server.ts). */
    linkRequests: linkRequests(store),
    /** Passkey challenges asked for, per client (app/space/passkey-limits.server.ts). */
    passkeyChallenges: passkeyChallenges(store),
  };
}
export type SignInLimits = ReturnType<typeof createSignInLimits>;

// Only for tests that call a route without the server's load context: counted in this process's memory.
let fallback: SignInLimits | null = null;

/** The load context's limits, or where there are none, this process's own. */
export function signInLimitsOf(context: { signInLimits?: SignInLimits }): SignInLimits {
  return context.signInLimits ?? (fallback ??= createSignInLimits());
}
