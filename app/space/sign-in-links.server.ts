// A sign-in link by e-mail, asked for by the person herself on the sign-in page, where an e-mail
// sender is configured. The answer is the same whether the address is known or not (nobody learns
// who is accompanied); asking is throttled per address typed and per client address. The link works
// once, for 15 minutes; only its hash is kept (PersonSignInCode, kind "link"). The message goes
// through the outbox like any other e-mail, and the link is cut out of the stored copy once sent.
import type { Db } from "../../prisma/db.js";
import { hashToken, newToken } from "../auth/auth.server.js";
import { createLoginProtection, type LoginProtection } from "../auth/login-throttle.server.js";
import { t } from "../i18n/index.js";
import { inMemory, type LimitStore } from "../lib/rate-limits.server.js";
import { sendMessage, type Mailer } from "../registrations/outbox.server.js";

export const LINK_VALID_MINUTES = 15;
/** One address and one place may ask this many links in a row before waiting 15 minutes. */
export const LINK_MAX_REQUESTS = 3;
/** Links one client address may ask for in a day, whatever the addresses typed. */
export const LINK_MAX_REQUESTS_PER_DAY = 30;
/** People sharing one address (several structures) each get their own link, up to this many. */
const MAX_PEOPLE_PER_ADDRESS = 3;

/** Who asked for links: every request counts as a "failure", since asking is what is limited, not guessing. */
export function linkRequests(store: LimitStore): LoginProtection {
  return createLoginProtection(
    { name: "person_link", maxConsecutiveFailures: LINK_MAX_REQUESTS, pauseSeconds: 15 * 60, maxFailuresPerDay: LINK_MAX_REQUESTS_PER_DAY },
    store,
  );
}
// Only for callers without the server's limits (tests): counted in this process's memory.
let fallbackRequests: LoginProtection | null = null;

/** `delivery` settles once the links (if any) are stored and handed to the mail server. */
export type LinkRequestAnswer = { sent: true; delivery: Promise<void> } | { waitSeconds: number };

/**
 * Sends a link to each person with this address (compared lower-case), if any; answers the same
 * either way, and at once: the page does not wait for the mail server, so its answer's time does
 * not tell a known address either. `origin` is where the link points (PUBLIC_ORIGIN or the request's own).
 */
export async function requestSignInLink(
  db: Db,
  input: { email: string; origin: string; client: string; mailer: Mailer; requests?: LoginProtection },
  now: Date = new Date(),
): Promise<LinkRequestAnswer> {
  const email = input.email.trim().toLowerCase();
  const requests = input.requests ?? (fallbackRequests ??= linkRequests(inMemory()));
  const paused = await requests.pausedFor(email, input.client);
  if (paused !== null) return { waitSeconds: paused };
  await requests.recordFailure(email, input.client);
  const delivery = (async () => {
    const people = await db.person.findMany({ where: { email: { not: null } }, select: { id: true, email: true, structureId: true } });
    const hers = people.filter((person) => person.email?.trim().toLowerCase() === email).slice(0, MAX_PEOPLE_PER_ADDRESS);
    for (const person of hers) await sendLink(db, person.id, person.structureId, email, input.origin, input.mailer, now);
  })();
  return { sent: true, delivery };
}

async function sendLink(db: Db, personId: string, structureId: string, email: string, origin: string, mailer: Mailer, now: Date) {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + LINK_VALID_MINUTES * 60_000);
  const url = new URL(`/espace/lien/${token}`, origin).toString();
  await db.$transaction([
    // Only the newest link works: an older one in a mailbox opens nothing.
    db.personSignInCode.updateMany({ where: { personId, kind: "link", usedAt: null }, data: { usedAt: now } }),
    db.personSignInCode.create({ data: { personId, kind: "link", codeHash: hashToken(token), expiresAt, createdAt: now } }),
  ]);
  const body = (link: string) => t("espace.link.mail.body", { link, minutes: String(LINK_VALID_MINUTES) });
  const message = await db.outboxMessage.create({
    data: { structureId, channel: "email", recipient: email, subject: t("espace.link.mail.subject"), body: body(url), status: "queued" },
    select: { id: true },
  });
  await sendMessage(db, message.id, mailer);
  // Once handed over (or failed), the stored copy keeps no working link.
  await db.outboxMessage.update({ where: { id: message.id }, data: { body: body(t("espace.link.mail.removed")) } });
}

/** The person a valid link belongs to, the link then spent; null for anything else (unknown, used, expired). */
export async function redeemSignInLink(db: Db, token: string, now: Date = new Date()): Promise<string | null> {
  if (token.length < 20 || token.length > 100) return null;
  const spent = await db.personSignInCode.updateManyAndReturn({
    where: { codeHash: hashToken(token), kind: "link", usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
    select: { personId: true },
  });
  return spent[0]?.personId ?? null;
}
