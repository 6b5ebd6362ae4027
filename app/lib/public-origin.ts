// The product's own address. PUBLIC_ORIGIN says it; without it, a request's origin is built from its
// Host header, which whoever sends the request chooses (attack of issue 17: an e-mailed link, or a
// signed credential, pointing to the sender's own site).

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** For what is shown back to the one who asked (a page, a link to copy, a download): PUBLIC_ORIGIN, or the request's own. */
export function ownOrigin(request: Request, publicOrigin: string | null | undefined): string {
  return new URL(publicOrigin || request.url).origin;
}

/**
 * For what leaves the product to someone else (a link in a message, the ids a credential is signed
 * with): PUBLIC_ORIGIN; without it, the request's own origin only on a loopback host (a local
 * install, the tests), where no one else's request arrives. Null otherwise: the caller leaves the
 * link out, or refuses.
 */
export function originForOthers(request: Request, publicOrigin: string | null | undefined): string | null {
  if (publicOrigin) return new URL(publicOrigin).origin;
  const url = new URL(request.url);
  return LOOPBACK_HOSTS.has(url.hostname) ? url.origin : null;
}
