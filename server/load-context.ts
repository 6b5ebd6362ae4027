import type { AppLoadContext } from "@remix-run/node";
import type { Db } from "../prisma/db.js";
import { createSignInLimits } from "../app/auth/sign-in-limits.server.js";
import { JoinLimiter } from "../app/sessions/join-limits.server.js";
import type { Env } from "./env.js";
import { log } from "./log.js";
import { openSharedState, type SharedState } from "./shared-state.js";
import { signingSecretSource } from "./signing-secret.js";

/**
 * The context every loader and action receives (its shape: app/lib/load-context.ts), built from the
 * environment. `shared` (server/shared-state.ts) says where the throttles count: Redis with REDIS_URL,
 * memory otherwise. The server opens it (and closes it when it stops); opened here when it does not.
 */
export function createAppLoadContext(db: Db, env: Env, shared: Pick<SharedState, "limits"> = openSharedState(env, log)): AppLoadContext {
  const { limits } = shared;
  const limiter = new JoinLimiter(
    {
      requestsPerAddressPerMinute: env.JOIN_MAX_REQUESTS_PER_MINUTE,
      unknownPerAddressPer10Minutes: env.JOIN_MAX_UNKNOWN_PER_ADDRESS,
      unknownPerMinute: env.JOIN_MAX_UNKNOWN_PER_MINUTE,
    },
    limits,
  );
  return {
    db,
    tldrawLicenseKey: env.TLDRAW_LICENSE_KEY ?? null,
    publicOrigin: env.PUBLIC_ORIGIN ?? null,
    signingSecret: signingSecretSource(env),
    joining: { limiter, maxParticipants: env.SESSION_MAX_PARTICIPANTS },
    signInLimits: createSignInLimits(limits),
  };
}
