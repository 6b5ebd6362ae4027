/**
 * Every answer about a share link: kept by no cache (a revoked link must not be served from one),
 * its address (the token) sent to no other site, never guessed as another type, never indexed.
 */
export const PUBLIC_SHARE_HEADERS: Record<string, string> = {
  "Cache-Control": "no-store",
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  "X-Robots-Tag": "noindex, nofollow",
};
