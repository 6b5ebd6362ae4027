import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import nodemailer from "nodemailer";
import { z } from "zod";
import type { Db } from "../../prisma/db.js";
import { mailSettingsSchema } from "./mail-settings.js";
import { sessionsRunBy } from "../sessions/sessions.server.js";
import { t } from "../i18n/index.js";

/**
 * Messages to people invited to a session. With SMTP configured, e-mails leave at once and are
 * marked sent or failed; without it (and always for SMS) they wait in the outbox page, where the
 * facilitator copies or prints them and says when they delivered them. Nothing is ever marked
 * "sent" that was not handed to a mail server.
 */

export interface Mailer {
  from: string;
  sendMail(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    icalEvent?: object;
    attachments?: object[];
  }): Promise<unknown>;
}

/** The mailer from SMTP_URL / SMTP_FROM, or null when mail is not configured. */
export function mailerFromEnv(source: NodeJS.ProcessEnv = process.env): Mailer | null {
  const env = mailSettingsSchema.parse(source);
  if (!env.SMTP_URL) return null;
  const transport = nodemailer.createTransport(env.SMTP_URL);
  return { from: env.SMTP_FROM ?? "Atelier commun <no-reply@localhost>", sendMail: (message) => transport.sendMail(message) };
}

export interface NewMessage {
  structureId: string;
  registrationId?: string;
  channel: "email" | "sms";
  recipient: string;
  subject: string;
  body: string;
  ics: string;
}

/** Stores the message, then sends it if it can go by e-mail now. */
export async function queueMessage(db: Db, message: NewMessage, mailer: Mailer | null = mailerFromEnv()) {
  const stored = await db.outboxMessage.create({ data: { ...message, status: "queued" }, select: { id: true } });
  if (mailer && message.channel === "email") await sendMessage(db, stored.id, mailer);
  return stored.id;
}

/** A node sending a message holds it this long; one that died mid-send lets another send it after. */
export const CLAIM_MS = 5 * 60_000;
/** A mail server that has not taken the message by then: it is marked failed, well before the claim ends. */
export const SEND_LIMIT_MS = 2 * 60_000;

/** Who claims a message: this process, and this call (two calls of one process are two senders). */
const newClaimer = () => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/**
 * Hands one queued e-mail to the mail server and records what happened, error included. A message
 * that waits until `notBefore` (an appointment's reminder) is not sent before that time. Several
 * nodes may try the same message at once: it is first claimed in one statement (only where nobody
 * holds it, or their claim is over), and only the claimer sends it, so it leaves once.
 */
export async function sendMessage(
  db: Db,
  messageId: string,
  mailer: Mailer,
  now: Date = new Date(),
  claimer: string = newClaimer(),
): Promise<"sent" | "failed" | "skipped"> {
  const { count } = await db.outboxMessage.updateMany({
    where: {
      id: messageId,
      channel: "email",
      status: { in: ["queued", "failed"] },
      AND: [{ OR: [{ notBefore: null }, { notBefore: { lte: now } }] }, { OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] }],
    },
    data: { claimedBy: claimer, claimedUntil: new Date(now.getTime() + CLAIM_MS) },
  });
  if (count === 0) return "skipped";
  const message = await db.outboxMessage.findFirst({ where: { id: messageId, claimedBy: claimer } });
  if (!message) return "skipped";
  // Written by id only (updateMany): a message erased meanwhile is no error.
  const settle = (data: { status: string; sentAt?: Date; error: string | null }) =>
    db.outboxMessage.updateMany({ where: { id: messageId }, data: { ...data, claimedUntil: null } });
  try {
    await withinSendLimit(
      mailer.sendMail({
        from: mailer.from,
        to: message.recipient,
        subject: message.subject,
        text: message.body,
        attachments: message.ics
          ? [{ filename: "invitation.ics", content: message.ics, contentType: "text/calendar; charset=utf-8; method=PUBLISH" }]
          : [],
      }),
    );
    await settle({ status: "sent", sentAt: new Date(), error: null });
    return "sent";
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await settle({ status: "failed", error: reason.slice(0, 500) });
    return "failed";
  }
}

/**
 * The mail server's answer, or a failure once SEND_LIMIT_MS has passed: the claim must outlive the
 * send, or another node would take the message over while this one may still deliver it. A message
 * given up on is marked failed (never sent again by itself), even if it reaches her later.
 */
async function withinSendLimit<T>(sending: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(t("registrations.outbox.timeout"))), SEND_LIMIT_MS);
  });
  try {
    return await Promise.race([sending, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Sends the e-mails whose time has come (`notBefore` reached: appointments' reminders and notices),
 * oldest first, a batch at a time; returns how many this call handed to the mail server. Messages
 * without `notBefore` left at once when queued (queueMessage) and are not picked up here. Several
 * nodes may run this at once: each message is claimed before it is sent (sendMessage).
 */
export async function sendDueMessages(db: Db, mailer: Mailer, now: Date = new Date(), batch = 100, claimer?: string): Promise<number> {
  const due = await db.outboxMessage.findMany({
    where: { channel: "email", status: "queued", notBefore: { lte: now }, OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
    orderBy: { notBefore: "asc" },
    take: batch,
    select: { id: true },
  });
  let sent = 0;
  for (const message of due) if ((await sendMessage(db, message.id, mailer, now, claimer)) === "sent") sent += 1;
  return sent;
}

/** Whose messages a professional may see: their sessions' invitations and their structures' appointments. */
function visibleTo(userId: string) {
  return {
    OR: [{ registration: { session: sessionsRunBy(userId) } }, { appointment: { structure: { memberships: { some: { userId } } } } }],
  };
}

/**
 * Messages a professional still has to deliver: waiting or failed. With mail configured, an e-mail
 * that waits for its time (a reminder) leaves by itself and is not listed; anything else (an SMS) is
 * listed with the time from which to send it.
 */
export function listOutbox(db: Db, userId: string, mailConfigured = false) {
  return db.outboxMessage.findMany({
    where: {
      status: { in: ["queued", "failed"] },
      ...visibleTo(userId),
      ...(mailConfigured ? { NOT: { channel: "email", status: "queued", notBefore: { not: null } } } : {}),
    },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      channel: true,
      recipient: true,
      subject: true,
      body: true,
      status: true,
      error: true,
      notBefore: true,
      registration: { select: { id: true, name: true, session: { select: { id: true, title: true } } } },
    },
  });
}

/** The facilitator delivered it themselves (by hand, by phone): recorded as such, not as "sent". */
export async function markDeliveredByHand(db: Db, userId: string, messageId: string): Promise<boolean> {
  const { count } = await db.outboxMessage.updateMany({
    where: { id: messageId, status: { in: ["queued", "failed"] }, ...visibleTo(userId) },
    data: { status: "delivered", sentAt: new Date(), error: null },
  });
  return count > 0;
}

/** "Delivered by hand": which message of the outbox. */
export const deliveredByHandSchema = z.object({ messageId: z.string().min(1).max(64) });
