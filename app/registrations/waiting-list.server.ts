// The waiting list moves up when a seat frees (a cancellation, a larger capacity), and the public
// page promises "on vous préviendra": each person moved up gets a message through the outbox
// (e-mail at once when SMTP is configured, otherwise waiting in /outbox like an SMS), and their own
// registration page says so.
import type { Db } from "../../prisma/db.js";
import { newToken } from "../auth/auth.server.js";
import { t } from "../i18n/index.js";
import { agendaMinutes, buildInvitation } from "./invitation-ics.server.js";
import { queueMessage } from "./outbox.server.js";

/**
 * The secret of a person's own registration page. Kept as is (not hashed), like a session's public
 * registration link: the messages that move someone up must carry it again, and it opens nothing
 * but that page (the session, the status, nothing about anybody else).
 */
export function newFollowUpToken(): string {
  return newToken();
}

export function followUpLink(origin: string, token: string): string {
  return `${origin}/inscription/suivi/${token}`;
}

/**
 * Moves people from the waiting list to free seats, oldest first, then tells each of them.
 * `origin` ("https://host") builds the links in the message; without it the links are relative.
 */
export async function promoteFromWaitingList(db: Db, sessionId: string, origin = ""): Promise<string[]> {
  const now = new Date();
  const promoted = await db.$transaction(async (tx) => {
    const session = await tx.groupSession.findUniqueOrThrow({ where: { id: sessionId }, select: { capacity: true } });
    const taken = await tx.registration.count({ where: { sessionId, status: "registered" } });
    const free = session.capacity === null ? undefined : Math.max(0, session.capacity - taken);
    if (free === 0) return [];
    const waiting = await tx.registration.findMany({
      where: { sessionId, status: "waiting" },
      orderBy: { createdAt: "asc" },
      take: free,
      select: { id: true, token: true },
    });
    for (const person of waiting) {
      // A registration made before follow-up links existed gets its token now, for the message.
      await tx.registration.update({
        where: { id: person.id },
        data: { status: "registered", promotedAt: now, token: person.token ?? newFollowUpToken() },
      });
    }
    return waiting.map((person) => person.id);
  });
  for (const registrationId of promoted) await tellPromoted(db, registrationId, origin);
  return promoted;
}

async function tellPromoted(db: Db, registrationId: string, origin: string) {
  const registration = await db.registration.findUniqueOrThrow({
    where: { id: registrationId },
    select: {
      name: true,
      email: true,
      phone: true,
      token: true,
      session: {
        select: { structureId: true, title: true, startsAt: true, place: true, online: true, bring: true, joinCode: true, agenda: true },
      },
    },
  });
  const { session } = registration;
  const recipient = registration.email ?? registration.phone;
  if (!recipient) return;
  const message = buildInvitation(
    { ...session, minutes: agendaMinutes(session.agenda) },
    { id: registrationId, name: registration.name },
    `${origin}/join/${session.joinCode}`,
    {
      subject: t("registrations.promoted.subject", { title: session.title }),
      intro: t("registrations.promoted.message", { title: session.title }),
      after: registration.token ? [t("registrations.promoted.followUp", { link: followUpLink(origin, registration.token) })] : [],
    },
  );
  await queueMessage(db, {
    structureId: session.structureId,
    registrationId,
    channel: registration.email ? "email" : "sms",
    recipient,
    ...message,
  });
}

/** What a person sees on their own registration page; null for an unknown link. */
export async function findFollowUp(db: Db, token: string) {
  if (!token) return null;
  const registration = await db.registration.findUnique({
    where: { token },
    select: {
      name: true,
      status: true,
      promotedAt: true,
      session: { select: { title: true, startsAt: true, place: true, online: true, bring: true, joinCode: true } },
    },
  });
  return registration;
}
