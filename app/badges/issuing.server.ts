import type { AppLoadContext } from "@remix-run/node";
import type { Issuing } from "./keys.server.js";
import { t } from "../i18n/index.js";
import { originForOthers, ownOrigin } from "../lib/public-origin.js";

/** Our address as the pages that read credentials name it (app/lib/public-origin.ts). */
export function badgeOrigin(request: Request, context: Pick<AppLoadContext, "publicOrigin">): string {
  return ownOrigin(request, context.publicOrigin);
}

/** What signing needs, from the request's context (the server provides the secret). */
export function issuingFor(request: Request, context: Pick<AppLoadContext, "publicOrigin" | "signingSecret">): Issuing {
  const secret = context.signingSecret;
  if (!secret) throw new Error("signingSecret missing from the load context");
  // A credential signed with ids taken from a Host header the sender chose would carry the
  // structure's signature for someone else's site: signing needs our address for certain.
  const origin = originForOthers(request, context.publicOrigin);
  if (!origin)
    throw new Response(t("badges.error.publicOrigin"), { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return { origin, secret };
}
