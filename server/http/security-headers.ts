// The headers every answer carries (docs/decisions/006-http-hardening.md says why each source is
// there). The policy is strict for scripts — only ours, and Remix's inline scripts by a nonce made
// per request — and loose only where the board's canvas needs it (tldraw's inline styles, the
// pictures it builds in memory as blob:/data:), as found by test/e2e/content-security-policy.test.ts.
import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import path from "node:path";
import type { Request, RequestHandler, Response } from "express";
import helmet from "helmet";

/** The nonce of this request's inline scripts, for entry.server.tsx (through the load context). */
export function cspNonceOf(response: Response): string {
  return String(response.locals.cspNonce ?? "");
}

const nonceSource = (_request: unknown, response: unknown) => `'nonce-${cspNonceOf(response as Response)}'`;

/** The board's WebSocket is this very host; named explicitly since older Safari do not read 'self' as ws:/wss:. */
function boardSocketSource(request: unknown): string {
  const req = request as Request;
  const host = req.headers.host ?? "";
  if (!/^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i.test(host)) return "'self'";
  return `${req.secure ? "wss" : "ws"}://${host.toLowerCase()}`;
}

const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "camera=()",
  "display-capture=()",
  "geolocation=()",
  "gyroscope=()",
  "hid=()",
  "magnetometer=()",
  // Off too: the phone screen's dictation is the phone keyboard's own microphone (an input method,
  // outside the page), not the Web Speech API — no page of ours asks for the microphone.
  "microphone=()",
  "midi=()",
  "payment=()",
  "serial=()",
  "usb=()",
].join(", ");

export function securityHeaders(): RequestHandler[] {
  const nonce: RequestHandler = (_request, response, next) => {
    response.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  };
  const policy = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", nonceSource],
        // tldraw writes style attributes and <style> elements at run time (tried without: refused).
        styleSrc: ["'self'", "'unsafe-inline'"],
        // tldraw draws its cursors, icons and shape fills as data: and blob: pictures (tried without: refused).
        imgSrc: ["'self'", "data:", "blob:"],
        // The fonts are self-hosted in /tldraw-assets; no data: font was needed.
        fontSrc: ["'self'"],
        connectSrc: ["'self'", boardSocketSource],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Set below, only when the request really came over HTTPS.
    strictTransportSecurity: false,
    referrerPolicy: { policy: "same-origin" },
    xFrameOptions: { action: "deny" },
  });
  const rest: RequestHandler = (request, response, next) => {
    response.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
    // Over plain HTTP the header means nothing and would pin a wrong promise on a test host.
    if (request.secure) response.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  };
  return [nonce, policy, rest];
}

/** Subresources that are never a document: scripts, styles, fonts, raster pictures (not SVG, not HTML). */
const SUBRESOURCE_EXTENSIONS = new Set([
  ".js",
  ".mjs",
  ".css",
  ".map",
  ".json",
  ".woff",
  ".woff2",
  ".ttf",
  ".otf",
  ".png",
  ".jpg",
  ".jpeg",
  ".webp",
  ".gif",
  ".ico",
]);
/** Headers that only a document reads (helmet's and ours above). */
const DOCUMENT_ONLY_HEADERS = [
  "Content-Security-Policy",
  "Permissions-Policy",
  "X-Frame-Options",
  "Cross-Origin-Opener-Policy",
  "Origin-Agent-Cluster",
  "Referrer-Policy",
  "X-DNS-Prefetch-Control",
  "X-Download-Options",
  "X-Permitted-Cross-Domain-Policies",
  "X-XSS-Protection",
];

/**
 * For express.static's `setHeaders`: a file served from the build or the board's assets that is a
 * script, a style, a font or a raster picture keeps what applies to a subresource (no sniffing, no use
 * by other sites, HTTPS only) and drops the documents' policies, which mean nothing on it yet cost
 * about 1.1 KB per file over HTTP/1.1 — 19 KB of the 142 KB a phone downloads to join (issue 13).
 * Decided on the file actually served (its extension; `.br`/`.gz` twins by their original's), never
 * on the request's path: a page reached through a look-alike path keeps its policy.
 */
export function subresourceHeaders(response: ServerResponse, file: string): void {
  const original = /\.(br|gz)$/.test(file) ? file.replace(/\.(br|gz)$/, "") : file;
  if (!SUBRESOURCE_EXTENSIONS.has(path.extname(original).toLowerCase())) return;
  for (const header of DOCUMENT_ONLY_HEADERS) response.removeHeader(header);
}

/**
 * Everything Remix answers is built for one person (signed-in pages, the personal space, a
 * participant's screen, and their `.data` twins): nothing is kept by browsers or shared caches,
 * unless a route says otherwise. Static files keep their own long-lived caching.
 */
export const noStoreByDefault: RequestHandler = (_request, response, next) => {
  const writeHead = response.writeHead;
  response.writeHead = function (this: Response, ...args: unknown[]) {
    if (!this.hasHeader("Cache-Control")) this.setHeader("Cache-Control", "no-store");
    return (writeHead as (...a: unknown[]) => Response).apply(this, args);
  } as typeof response.writeHead;
  next();
};

/**
 * Security headers a route may set for itself (a share link's "no-referrer"), replacing the
 * defaults helmet set before: Remix's adapter appends a route's headers, which for these made two
 * values ("same-origin, no-referrer"), left to each browser to read.
 */
const ROUTE_MAY_REPLACE = new Set(["referrer-policy", "x-content-type-options", "x-frame-options", "x-robots-tag"]);

export const routeSecurityHeadersReplaceDefaults: RequestHandler = (_request, response, next) => {
  const append = response.append;
  response.append = function (this: Response, field: string, value?: string | string[]) {
    if (ROUTE_MAY_REPLACE.has(field.toLowerCase()) && value !== undefined) {
      this.setHeader(field, value);
      return this;
    }
    return append.call(this, field, value);
  } as typeof response.append;
  next();
};
