import { createEvent } from "ics";
import { formatDateTime, t } from "../i18n";

/** What an invitation says about its session, whoever receives it. */
export interface InvitedSession {
  title: string;
  startsAt: Date;
  place: string | null;
  online: boolean;
  bring: string | null;
  joinCode: string;
  /** The session's length from its agenda, in minutes. */
  minutes: number;
}

export interface Invitation {
  subject: string;
  body: string;
  ics: string;
}

const DEFAULT_MINUTES = 120;

/** The session's length: the sum of its agenda's phases, or two hours when the agenda says nothing. */
export function agendaMinutes(agenda: unknown): number {
  if (!Array.isArray(agenda)) return DEFAULT_MINUTES;
  const total = agenda.reduce<number>((sum, phase) => {
    const minutes = (phase as { minutes?: unknown } | null)?.minutes;
    return sum + (typeof minutes === "number" && minutes > 0 ? minutes : 0);
  }, 0);
  return total > 0 ? total : DEFAULT_MINUTES;
}

export function sessionWhere(session: Pick<InvitedSession, "place" | "online">): string {
  return session.online || !session.place ? t("registrations.online") : session.place;
}

/**
 * The invitation of one registration: a plain text anyone can read aloud or copy into an SMS,
 * and a calendar event whose UID stays the same for that registration (re-sending updates it).
 */
export function buildInvitation(
  session: InvitedSession,
  registration: { id: string; name: string },
  joinLink: string,
  /** Another message about the same session (a seat freed for someone waiting): its subject, first line, and links after the code. */
  variant: { subject: string; intro: string; after?: string[] } | null = null,
): Invitation {
  const where = sessionWhere(session);
  const lines = [
    t("registrations.message.hello", { name: registration.name }),
    "",
    variant?.intro ?? t("registrations.message.invited", { title: session.title }),
    t("registrations.message.when", { date: formatDateTime(session.startsAt) }),
    t("registrations.message.where", { place: where }),
    session.bring ? t("registrations.message.bring", { bring: session.bring }) : null,
    "",
    t("registrations.message.join", { link: joinLink }),
    t("registrations.message.code", { code: session.joinCode }),
    ...(variant?.after ?? []),
    "",
    t("registrations.message.bye"),
  ].filter((line): line is string => line !== null);
  return {
    subject: variant?.subject ?? t("registrations.message.subject", { title: session.title }),
    body: lines.join("\n"),
    ics: invitationIcs(session, registration.id, where, joinLink),
  };
}

export function invitationIcs(session: InvitedSession, registrationId: string, where: string, joinLink: string): string {
  const description = [
    t("registrations.message.join", { link: joinLink }),
    t("registrations.message.code", { code: session.joinCode }),
    session.bring ? t("registrations.message.bring", { bring: session.bring }) : null,
  ]
    .filter(Boolean)
    .join("\n");
  const result = createEvent({
    uid: `inscription-${registrationId}@atelier-commun`,
    productId: "atelier-commun",
    start: session.startsAt.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    duration: { minutes: session.minutes },
    title: session.title,
    description,
    location: where,
    url: joinLink,
  });
  if (result.error || !result.value) throw result.error ?? new Error("calendar event not created");
  return result.value;
}
