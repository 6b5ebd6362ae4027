// The outbox's round (issue 17.2): every few minutes, e-mails whose time has come (appointments'
// reminders and notices) are handed to the mail server. One round at a time across processes: a
// lease in JobLease, as the purge does (app/privacy/purge-lease.server.ts). Without mail configured
// there is no round: everything waits on the outbox page.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Db } from "../../prisma/db.js";
import { releaseLease, takeLease } from "../privacy/purge-lease.server.js";
import { sendDueMessages, type Mailer } from "../registrations/outbox.server.js";

export const OUTBOX_LEASE = "outbox";
/** A round never holds the lease longer than this (a crashed holder blocks the next rounds until then). */
const LEASE_MS = 4 * 60_000;

/** Runs one round if no other process is running one; the number of e-mails sent, or null when another held the lease. */
export async function runOutboxRound(
  db: Db,
  mailer: Mailer,
  now: Date = new Date(),
  holder = `${hostname()}:${process.pid}:${randomUUID()}`,
) {
  if (!(await takeLease(db, OUTBOX_LEASE, holder, now, new Date(now.getTime() + LEASE_MS)))) return null;
  try {
    return await sendDueMessages(db, mailer, now);
  } finally {
    await releaseLease(db, OUTBOX_LEASE, holder);
  }
}
