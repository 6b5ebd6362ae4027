// What one node of a cluster proves to another (docs/decisions/023): a time and an HMAC, with
// CLUSTER_SECRET, of a purpose and what the message is about. Believed only recent (a minute either
// way), exact, and compared in constant time. Used by the hop header of a forwarded socket and by the
// calls to /_cluster/boards.
import { createHmac, timingSafeEqual } from "node:crypto";

/** A signature older (or younger) than this is not believed. */
const VALID_MS = 60_000;

function mac(secret: string, purpose: string, at: string, content: string): string {
  return createHmac("sha256", secret).update(`${purpose}\n${at}\n${content}`).digest("base64url");
}

/** "<time> <signature>" of `content` for `purpose`. */
export function sign(secret: string, purpose: string, content: string, now = Date.now()): string {
  const at = String(now);
  return `${at} ${mac(secret, purpose, at, content)}`;
}

/** Whether `signed` ("<time> <signature>", nothing else) is this secret's signature of `content` for `purpose`, recent. */
export function verify(secret: string, purpose: string, content: string, signed: string, now = Date.now()): boolean {
  const [at, given, ...rest] = signed.split(" ");
  if (!at || !given || rest.length > 0 || !/^\d{1,16}$/.test(at) || Math.abs(now - Number(at)) > VALID_MS) return false;
  const expected = Buffer.from(mac(secret, purpose, at, content));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
