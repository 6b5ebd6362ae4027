import type { AppLoadContext } from "@remix-run/node";
import type { Db } from "../prisma/db.js";
import { JoinLimiter } from "../app/sessions/join-limits.server.js";
import type { Env } from "./env.js";
import { signingSecretSource } from "./signing-secret.js";

/** The context every loader and action receives (its shape: app/lib/load-context.ts), built from the environment. */
export function createAppLoadContext(db: Db, env: Env): AppLoadContext {
  const limiter = new JoinLimiter({
    requestsPerAddressPerMinute: env.JOIN_MAX_REQUESTS_PER_MINUTE,
    unknownPerAddressPer10Minutes: env.JOIN_MAX_UNKNOWN_PER_ADDRESS,
    unknownPerMinute: env.JOIN_MAX_UNKNOWN_PER_MINUTE,
  });
  return {
    db,
    tldrawLicenseKey: env.TLDRAW_LICENSE_KEY ?? null,
    publicOrigin: env.PUBLIC_ORIGIN ?? null,
    signingSecret: signingSecretSource(env),
    joining: { limiter, maxParticipants: env.SESSION_MAX_PARTICIPANTS },
  };
}
