// What the product holds about a person beyond her personal space, found exactly as erasure finds it
// (erase-person.server.ts `linkedToPerson`): the sessions she took part in and the cards she wrote
// there, her registrations and the messages sent to her. The export shows it all (portability); the
// erasure page counts it, saying what will go and what will remain without her name.
import type { Db } from "../../prisma/db.js";
import { authorKeyOf } from "../../board-core/authorship.server.js";
import { sessionCardsByZone } from "../diagnostic/session-cards.server.js";
import { participantPersonKey } from "../sessions/participants.server.js";
import { herAppointments, linkedToPerson } from "./erase-person.server.js";

export interface FootprintCard {
  text: string;
  /** The zone of the board it is in ("" when written outside every zone). */
  zone: string;
}

export interface PersonFootprint {
  participations: {
    sessionId: string;
    sessionTitle: string;
    sessionKind: string;
    sessionDate: Date;
    name: string;
    cards: FootprintCard[];
  }[];
  registrations: {
    id: string;
    sessionTitle: string;
    sessionDate: Date;
    name: string;
    email: string | null;
    phone: string | null;
    status: string;
    attendance: string | null;
    createdAt: Date;
  }[];
  messages: {
    id: string;
    channel: string;
    recipient: string;
    subject: string;
    body: string;
    status: string;
    createdAt: Date;
    sentAt: Date | null;
  }[];
  /** Appointments booked by or for her (issue 17.2): when, how, with which structure, and what became of them. */
  appointments: {
    id: string;
    startsAt: Date;
    durationMinutes: number;
    mode: string;
    structure: string;
    name: string;
    email: string | null;
    phone: string | null;
    status: string;
    createdAt: Date;
  }[];
}

/** The cards one participant wrote on a session's board: filed under them in the ledger, or in the hidden ledger of anonymous steps. */
async function cardsOf(
  db: Db,
  participation: { id: string; sessionId: string; boardId: string; agenda: unknown },
): Promise<FootprintCard[]> {
  const zones = await sessionCardsByZone(db, participation.sessionId, participation.agenda);
  const authorKey = authorKeyOf(participation.boardId, participantPersonKey(participation.id));
  const hidden = await db.hiddenAuthorship.findMany({ where: { boardId: participation.boardId, authorKey }, select: { recordId: true } });
  const hiddenIds = new Set(hidden.map((row) => row.recordId));
  return zones.flatMap((zone) =>
    zone.cards
      .filter((card) => card.authorParticipantId === participation.id || hiddenIds.has(card.id))
      .map((card) => ({ text: card.text, zone: zone.label })),
  );
}

/** Everything about the person outside her personal space; null when she does not exist. */
export async function personFootprint(db: Db, personId: string): Promise<PersonFootprint | null> {
  const linked = await linkedToPerson(db, personId);
  if (!linked) return null;
  const participations = await db.participant.findMany({
    where: { id: { in: linked.participations.map((participation) => participation.id) } },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      displayName: true,
      sessionId: true,
      session: { select: { title: true, kind: true, startsAt: true, agenda: true, board: { select: { id: true } } } },
    },
  });
  const registrationIds = linked.registrations.map((registration) => registration.id);
  const registrations = await db.registration.findMany({
    where: { id: { in: registrationIds } },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      name: true,
      email: true,
      phone: true,
      status: true,
      attendance: true,
      createdAt: true,
      session: { select: { title: true, startsAt: true } },
    },
  });
  const recipients = [...linked.emails, ...linked.phones];
  const toHer = [
    ...(registrationIds.length > 0 ? [{ registrationId: { in: registrationIds } }] : []),
    ...(recipients.length > 0 ? [{ recipient: { in: recipients } }] : []),
  ];
  const messages =
    toHer.length === 0
      ? []
      : await db.outboxMessage.findMany({
          where: { OR: toHer },
          orderBy: { createdAt: "asc" },
          select: { id: true, channel: true, recipient: true, subject: true, body: true, status: true, createdAt: true, sentAt: true },
        });
  const contactReach = [
    ...(linked.emails.length > 0 ? [{ email: { in: linked.emails } }] : []),
    ...(linked.phones.length > 0 ? [{ phone: { in: linked.phones } }] : []),
  ];
  const appointments = await db.appointment.findMany({
    where: herAppointments(
      personId,
      linked.participations.map((participation) => participation.id),
      contactReach,
    ),
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      name: true,
      email: true,
      phone: true,
      status: true,
      createdAt: true,
      slot: { select: { startsAt: true, durationMinutes: true, mode: true, structure: { select: { name: true } } } },
    },
  });
  return {
    appointments: appointments.map(({ slot, ...appointment }) => ({
      ...appointment,
      startsAt: slot.startsAt,
      durationMinutes: slot.durationMinutes,
      mode: slot.mode,
      structure: slot.structure.name,
    })),
    participations: await Promise.all(
      participations.map(async (participation) => ({
        sessionId: participation.sessionId,
        sessionTitle: participation.session.title,
        sessionKind: participation.session.kind,
        sessionDate: participation.session.startsAt,
        name: participation.displayName,
        cards: participation.session.board
          ? await cardsOf(db, {
              id: participation.id,
              sessionId: participation.sessionId,
              boardId: participation.session.board.id,
              agenda: participation.session.agenda,
            })
          : [],
      })),
    ),
    registrations: registrations.map(({ session, ...registration }) => ({
      ...registration,
      sessionTitle: session.title,
      sessionDate: session.startsAt,
    })),
    messages,
  };
}

/** What the erasure page tells her before she confirms: counts only, from her real data. */
export interface ErasurePreview {
  removed: {
    entries: number;
    documents: number;
    grants: number;
    historyChanges: number;
    proposals: number;
    cards: number;
    registrations: number;
    messages: number;
  };
  remains: {
    /** Sessions where her presence stays counted, without her name. */
    sessions: number;
    /** Registrations that stay counted (registered, present…), without name or contact. */
    registrations: number;
    /** Workshop proposals she accepted: the session's report keeps the count, without the text. */
    acceptedOutcomes: number;
  };
}

export async function erasurePreview(db: Db, personId: string): Promise<ErasurePreview | null> {
  const footprint = await personFootprint(db, personId);
  if (!footprint) return null;
  const diagnostic = await db.diagnostic.findUnique({
    where: { personId },
    select: { _count: { select: { entries: true, versions: true } } },
  });
  const [documents, grants, proposals, acceptedOutcomes] = await Promise.all([
    db.personDocument.count({ where: { personId } }),
    db.consentGrant.count({ where: { personId } }),
    db.outcome.count({ where: { personId, status: { not: "accepted" } } }),
    db.outcome.count({ where: { personId, status: "accepted" } }),
  ]);
  const sessions = new Set(footprint.participations.map((participation) => participation.sessionId));
  return {
    removed: {
      entries: diagnostic?._count.entries ?? 0,
      documents,
      grants,
      historyChanges: diagnostic?._count.versions ?? 0,
      proposals,
      cards: footprint.participations.reduce((sum, participation) => sum + participation.cards.length, 0),
      registrations: footprint.registrations.length,
      messages: footprint.messages.length,
    },
    remains: {
      sessions: sessions.size,
      registrations: footprint.registrations.length,
      acceptedOutcomes,
    },
  };
}
