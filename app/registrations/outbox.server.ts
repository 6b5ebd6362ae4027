import nodemailer from "nodemailer";
import { z } from "zod";
import type { Db } from "../../prisma/db.js";
import { mailSettingsSchema } from "./mail-settings.js";
import { sessionsRunBy } from "../sessions/sessions.server.js";

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
  registrationId: string;
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

/** Hands one queued e-mail to the mail server and records what happened, error included. */
export async function sendMessage(db: Db, messageId: string, mailer: Mailer): Promise<"sent" | "failed" | "skipped"> {
  const message = await db.outboxMessage.findFirst({ where: { id: messageId, channel: "email", status: { in: ["queued", "failed"] } } });
  if (!message) return "skipped";
  try {
    await mailer.sendMail({
      from: mailer.from,
      to: message.recipient,
      subject: message.subject,
      text: message.body,
      attachments: message.ics
        ? [{ filename: "invitation.ics", content: message.ics, contentType: "text/calendar; charset=utf-8; method=PUBLISH" }]
        : [],
    });
    await db.outboxMessage.update({ where: { id: messageId }, data: { status: "sent", sentAt: new Date(), error: null } });
    return "sent";
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await db.outboxMessage.update({ where: { id: messageId }, data: { status: "failed", error: reason.slice(0, 500) } });
    return "failed";
  }
}

/** Messages of the sessions a professional runs that still need them: waiting or failed. */
export function listOutbox(db: Db, userId: string) {
  return db.outboxMessage.findMany({
    where: { status: { in: ["queued", "failed"] }, registration: { session: sessionsRunBy(userId) } },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      channel: true,
      recipient: true,
      subject: true,
      body: true,
      status: true,
      error: true,
      registration: { select: { id: true, name: true, session: { select: { id: true, title: true } } } },
    },
  });
}

/** The facilitator delivered it themselves (by hand, by phone): recorded as such, not as "sent". */
export async function markDeliveredByHand(db: Db, userId: string, messageId: string): Promise<boolean> {
  const { count } = await db.outboxMessage.updateMany({
    where: { id: messageId, status: { in: ["queued", "failed"] }, registration: { session: sessionsRunBy(userId) } },
    data: { status: "delivered", sentAt: new Date(), error: null },
  });
  return count > 0;
}

/** "Delivered by hand": which message of the outbox. */
export const deliveredByHandSchema = z.object({ messageId: z.string().min(1).max(64) });
