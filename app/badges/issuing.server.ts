import type { AppLoadContext } from "@remix-run/node";
import type { Issuing } from "./keys.server.js";

/** Our public address as the credentials name it: PUBLIC_ORIGIN, or the request's own. */
export function badgeOrigin(request: Request, context: Pick<AppLoadContext, "publicOrigin">): string {
  return new URL(context.publicOrigin || request.url).origin;
}

/** What signing needs, from the request's context (the server provides the secret). */
export function issuingFor(request: Request, context: Pick<AppLoadContext, "publicOrigin" | "signingSecret">): Issuing {
  const secret = context.signingSecret;
  if (!secret) throw new Error("signingSecret missing from the load context");
  return { origin: badgeOrigin(request, context), secret };
}
