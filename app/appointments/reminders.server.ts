// The outbox's round (issue 17.2): every few minutes, e-mails whose time has come (appointments'
// reminders and notices) are handed to the mail server. Every node may run it, at the same time too:
// each message is claimed before it is sent (sendMessage in app/registrations/outbox.server.ts), so it
// leaves once, and one claimed by a node that died is sent by another once the claim is over. No lease
// around the whole round, then: a crashed node holds nothing but its own message. Without mail
// configured there is no round: everything waits on the outbox page.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Db } from "../../prisma/db.js";
import { sendDueMessages, type Mailer } from "../registrations/outbox.server.js";

/** Runs one round; the number of e-mails this round handed to the mail server. */
export async function runOutboxRound(
  db: Db,
  mailer: Mailer,
  now: Date = new Date(),
  claimer = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
): Promise<number> {
  return sendDueMessages(db, mailer, now, 100, claimer);
}
