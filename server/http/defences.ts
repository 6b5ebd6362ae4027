// The HTTP defences in front of Remix, in the order they must run (docs/decisions/006).
import type { Express } from "express";
import { MAX_UPLOAD_REQUEST_BYTES } from "../../app/diagnostic/documents.server.js";
import type { Env } from "../env.js";
import { limitBodies } from "./body-limit.js";
import { refuseCrossSite } from "./cross-site.js";
import { securityHeaders } from "./security-headers.js";

/** Routes allowed more than a form's 64 KiB. */
const LARGER_BODIES = [
  { path: /^\/espace\/documents$/, bytes: MAX_UPLOAD_REQUEST_BYTES },
  // A workshop template with a dozen phases and zones, accents percent-encoded three bytes each.
  { path: /^\/templates\/[^/]+\/edit$/, bytes: 256 * 1024 },
];

/** Before anything else, static files included: who we trust, the headers, body sizes, same-site changes. */
export function installHttpDefences(app: Express, env: Env, allowedOrigins: string[]): void {
  app.set("trust proxy", env.TRUST_PROXY ?? false);
  app.use(securityHeaders());
  app.use(limitBodies(LARGER_BODIES));
  app.use(refuseCrossSite(allowedOrigins));
}
