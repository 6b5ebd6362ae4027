// A request that changes something (any method but GET and HEAD) must come from our own pages:
// a form on another site cannot sign someone out, post a card or share a diagnostic in their name.
// Browsers say where a request comes from in `Origin` (always on cross-site POSTs); when it is
// absent, `Sec-Fetch-Site` says whether the request is same-origin. A client sending neither is not
// a browser acting for someone (curl, a test, a monitoring probe), so there is nobody to trick.
import type { RequestHandler } from "express";
import { t } from "../../app/i18n/index.js";

const SAFE_METHODS = new Set(["GET", "HEAD"]);

export function refuseCrossSite(allowedOrigins: string[]): RequestHandler {
  const allowed = new Set(allowedOrigins.map((origin) => origin.toLowerCase()));
  return (request, response, next) => {
    if (SAFE_METHODS.has(request.method) || fromOurPages(request.headers, allowed)) return next();
    response.status(403).type("text/plain; charset=utf-8").send(t("http.crossSite"));
  };
}

function fromOurPages(headers: Record<string, string | string[] | undefined>, allowed: Set<string>): boolean {
  const origin = headers.origin;
  if (typeof origin === "string") return sameHost(origin, headers.host) || allowed.has(origin.toLowerCase());
  if (origin !== undefined) return false; // several Origin headers: not something a browser sends
  const site = headers["sec-fetch-site"];
  return site === undefined || site === "same-origin" || site === "none";
}

/** The same test as the board's WebSocket upgrade: the page's host is the host it asks. */
function sameHost(origin: string, host: string | string[] | undefined): boolean {
  if (typeof host !== "string" || origin === "null") return false;
  try {
    const url = new URL(origin);
    return (url.protocol === "http:" || url.protocol === "https:") && url.host === host.toLowerCase();
  } catch {
    return false;
  }
}
