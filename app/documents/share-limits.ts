// How long a document may be shown. A structure sees it until a Paris calendar day she picks, as far
// ahead as a diagnostic grant may go (grant-limits.ts); a link for anyone lasts one of a few short
// durations, at most SHARE_LINK_MAX_DAYS: a CV sent to an employer should not stay open for a year.
// Pure: the form uses it in the browser, the server checks it again.

export const SHARE_LINK_DAYS = [1, 7, 30] as const;
export type ShareLinkDays = (typeof SHARE_LINK_DAYS)[number];
export const SHARE_LINK_MAX_DAYS = 30;

export function isShareLinkDays(value: number): value is ShareLinkDays {
  return (SHARE_LINK_DAYS as readonly number[]).includes(value);
}

/** A share link's token as newToken() writes it (32 random bytes, base64url): anything else is refused before the database. */
export const SHARE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
