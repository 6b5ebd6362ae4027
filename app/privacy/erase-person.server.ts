// A person's erasure, the one way it is done: from her personal space (/espace/effacement) and by the
// scheduled purge when her accompaniment ended long enough ago (app/privacy/retention.ts, "person").
// It reaches everything linked to her (docs/decisions/015-erasure-reaches-everything.md):
//   - the Person row and, by cascade, her diagnostic (entries, versions), grants, audit log, documents
//     (their files are stored in the row) and their shares with every opening (her links open nothing after), sign-in codes and personal-space sessions;
//   - her participations (Participant rows the facilitator linked to her): the cards and drawings each
//     wrote are removed from the board, live or stored, by the board server (LiveBoards.eraseAuthor,
//     which also compacts the log so the text leaves the history); the row stays, without a name or a
//     working token, so that the session still counts one more person who came;
//   - her registrations (matched by her e-mail or phone): name and contact go, status and attendance stay
//     as counts; the outbox messages to her (to those registrations, or to her e-mail or phone) go;
//   - contact cards that carry her e-mail or phone; read traces about her lose her id;
//   - proposals from workshops: open ones go, accepted ones lose their text (anonymous counts);
//   - her appointments (booked from her space, through a link for her, from a session she was recognised
//     in, or with her e-mail or phone): name and contact go, a coming one is cancelled (its time freed),
//     the messages about them go; links to book made for her go.
// Counts only come back: never a name or a text, so that callers may log them.
import { randomBytes } from "node:crypto";
import type { Db } from "../../prisma/db.js";
import type { LiveBoards } from "../lib/load-context.js";
import { participantPersonKey } from "../sessions/participants.server.js";
import { t } from "../i18n/index.js";
import { ANONYMOUS_NAME } from "./purge-batches.server.js";

/** What erasure needs of the live boards: cut her connections, then remove what she wrote. */
export type ErasureBoards = Pick<LiveBoards, "disconnectPerson" | "eraseAuthor">;

export interface ErasureContext {
  db: Db;
  /** Required as soon as one of her participations has a board: without it, erasure refuses to start. */
  boards?: ErasureBoards;
}

export interface ErasureCounts {
  /** 1 when the person was found and erased, 0 when there was nobody (already erased). */
  person: number;
  diagnosticEntries: number;
  diagnosticVersions: number;
  grants: number;
  auditEntries: number;
  documents: number;
  /** Her documents' shares (to a structure or by a link), with their openings: gone by cascade. */
  documentShares: number;
  personAccess: number;
  /** Participant rows kept for the sessions' counts, without name or token. */
  participations: number;
  /** Records (cards, drawings, arrows…) removed from boards. */
  boardRecords: number;
  registrations: number;
  outboxMessages: number;
  contactCards: number;
  readTraces: number;
  proposalsDeleted: number;
  outcomesAnonymised: number;
  /** Appointments kept as counts (status, time), without her name or contact. */
  appointments: number;
}

export class ErasureNeedsBoardsError extends Error {
  constructor() {
    super("erasing a person who wrote on a board needs the live boards");
  }
}

/** The forms a phone number takes in our tables (registrations strip spaces, dots and dashes; people type it). */
export function phoneVariants(phone: string | null): string[] {
  if (!phone) return [];
  const typed = phone.trim();
  const stripped = typed.replace(/[\s.\-()]/g, "");
  const digits = stripped.replace(/\D/g, "");
  const national = digits.startsWith("0033")
    ? `0${digits.slice(4)}`
    : digits.startsWith("33") && stripped.startsWith("+")
      ? `0${digits.slice(2)}`
      : digits;
  const variants = [typed, stripped, digits, national];
  if (/^0\d{9}$/.test(national)) variants.push(`+33${national.slice(1)}`, `0033${national.slice(1)}`);
  return [...new Set(variants.filter((value) => value.length >= 6))];
}

/** Her e-mail as people and forms may have stored it (registrations keep it in lower case). */
export function emailVariants(email: string | null): string[] {
  if (!email) return [];
  const trimmed = email.trim();
  return trimmed === "" ? [] : [...new Set([trimmed, trimmed.toLowerCase()])];
}

/** The `where` that finds the rows written to her contact details (registration, outbox, contact card). */
function contactMatch(field: "email" | "phone" | "recipient", values: string[]) {
  return values.length === 0 ? [] : [{ [field]: { in: values } }];
}

/** Her contact forms that another person's row also holds (in any of its stored forms). */
async function sharedContacts(db: Db, personId: string, emails: string[], phones: string[]): Promise<Set<string>> {
  // Another person's phone may be stored in another form ("+33 6…" for "06…"): candidates share its last
  // digits, then their forms are compared.
  const lastDigits = phones.map((value) => value.replace(/\D/g, "").slice(-2)).find((value) => value.length === 2);
  const reach = [...contactMatch("email", emails), ...(lastDigits ? [{ phone: { endsWith: lastDigits } }] : [])];
  if (reach.length === 0) return new Set();
  const others = await db.person.findMany({ where: { id: { not: personId }, OR: reach }, select: { email: true, phone: true } });
  const shared = new Set<string>();
  for (const other of others) {
    const theirs = new Set([...emailVariants(other.email), ...phoneVariants(other.phone)]);
    for (const value of [...emails, ...phones]) if (theirs.has(value)) shared.add(value);
  }
  // One shared form of a phone makes all its forms shared.
  if (phones.some((value) => shared.has(value))) for (const value of phones) shared.add(value);
  if (emails.some((value) => shared.has(value))) for (const value of emails) shared.add(value);
  return shared;
}

/** Everything about the person that erasure reaches, found the same way for the preview and the erasure. */
export async function linkedToPerson(db: Db, personId: string) {
  const person = await db.person.findUnique({ where: { id: personId }, select: { id: true, email: true, phone: true } });
  if (!person) return null;
  // A contact another person also has (a family's phone, a shelter's address) says nothing of whose
  // a row is: matching by it would export or erase someone else's registrations and messages.
  const shared = await sharedContacts(db, personId, emailVariants(person.email), phoneVariants(person.phone));
  const emails = emailVariants(person.email).filter((value) => !shared.has(value));
  const phones = phoneVariants(person.phone).filter((value) => !shared.has(value));
  const participations = await db.participant.findMany({
    where: { personId },
    select: { id: true, sessionId: true, session: { select: { board: { select: { id: true } } } } },
  });
  const reach = [...contactMatch("email", emails), ...contactMatch("phone", phones)];
  const registrations =
    reach.length === 0 ? [] : await db.registration.findMany({ where: { OR: reach }, select: { id: true, sessionId: true } });
  return { person, emails, phones, participations, registrations };
}

const NONE: Omit<ErasureCounts, "person"> = {
  diagnosticEntries: 0,
  diagnosticVersions: 0,
  grants: 0,
  auditEntries: 0,
  documents: 0,
  documentShares: 0,
  personAccess: 0,
  participations: 0,
  boardRecords: 0,
  registrations: 0,
  outboxMessages: 0,
  contactCards: 0,
  readTraces: 0,
  proposalsDeleted: 0,
  outcomesAnonymised: 0,
  appointments: 0,
};

/**
 * Erases the person and everything linked to her; `now` is the moment recorded as the end of her
 * accompaniment and of her participations' tokens. The boards are reached first (they may refuse or fail:
 * nothing of the database is touched then, and her end of accompaniment is set so the purge can finish
 * the work later), then everything else goes in one database transaction.
 */
export async function erasePerson(context: ErasureContext, personId: string, now: Date): Promise<ErasureCounts> {
  const { db, boards } = context;
  const linked = await linkedToPerson(db, personId);
  if (!linked) return { person: 0, ...NONE };
  const onBoards = linked.participations.filter((participation) => participation.session.board !== null);
  if (onBoards.length > 0 && !boards) throw new ErasureNeedsBoardsError();

  await db.person.updateMany({ where: { id: personId, accompanimentEndedAt: null }, data: { accompanimentEndedAt: now } });

  let boardRecords = 0;
  for (const participation of onBoards) {
    const personKey = participantPersonKey(participation.id);
    boards!.disconnectPerson(participation.sessionId, personKey, t("privacy.erasure.disconnected"));
    boardRecords += await boards!.eraseAuthor(participation.sessionId, personKey);
  }

  const participantIds = linked.participations.map((participation) => participation.id);
  const registrationIds = linked.registrations.map((registration) => registration.id);
  const recipients = [...linked.emails, ...linked.phones];
  const contactReach = [...contactMatch("email", linked.emails), ...contactMatch("phone", linked.phones)];

  return db.$transaction(async (tx) => {
    const diagnostic = await tx.diagnostic.findUnique({ where: { personId }, select: { id: true } });
    const diagnosticId = diagnostic?.id ?? "";
    const counts = {
      diagnosticEntries: await tx.diagnosticEntry.count({ where: { diagnosticId } }),
      diagnosticVersions: await tx.diagnosticVersion.count({ where: { diagnosticId } }),
      grants: await tx.consentGrant.count({ where: { personId } }),
      auditEntries: await tx.diagnosticAudit.count({ where: { personId } }),
      documents: await tx.personDocument.count({ where: { personId } }),
      documentShares: await tx.documentShare.count({ where: { personId } }),
      personAccess:
        (await tx.personSignInCode.count({ where: { personId } })) +
        (await tx.personSession.count({ where: { personId } })) +
        (await tx.personPasskey.count({ where: { personId } })),
    };
    // Her passkey challenges name her without a foreign key (a sign-in's has no person until answered).
    await tx.webAuthnChallenge.deleteMany({ where: { personId } });
    const proposals = await tx.outcome.deleteMany({ where: { personId, status: { not: "accepted" } } });
    const outcomes = await tx.outcome.updateMany({
      where: { personId, status: "accepted" },
      data: { personId: null, entryId: null, cardText: "" },
    });
    // Each participation stays a count of the session ("joined the board"), with nothing that names
    // her or opens anything: a fresh random token hash nobody holds, revoked.
    for (const id of participantIds) {
      await tx.participant.update({
        where: { id },
        data: {
          displayName: ANONYMOUS_NAME,
          personId: null,
          userId: null,
          waitingSince: null,
          revokedAt: now,
          tokenHash: `erased-${randomBytes(24).toString("hex")}`,
        },
      });
    }
    const toHer = [
      ...(registrationIds.length > 0 ? [{ registrationId: { in: registrationIds } }] : []),
      ...contactMatch("recipient", recipients),
    ];
    const outbox = toHer.length === 0 ? { count: 0 } : await tx.outboxMessage.deleteMany({ where: { OR: toHer } });
    const registrations = await tx.registration.updateMany({
      where: { id: { in: registrationIds } },
      data: { name: ANONYMOUS_NAME, email: null, phone: null, token: null, promotedAt: null },
    });
    const contactCards = contactReach.length === 0 ? { count: 0 } : await tx.contactCard.deleteMany({ where: { OR: contactReach } });
    const readTraces = await tx.readTrace.updateMany({ where: { personId }, data: { personId: null } });
    const appointments = await eraseAppointments(tx as unknown as Db, personId, participantIds, contactReach, now);
    const erased = await tx.person.deleteMany({ where: { id: personId } });
    return {
      person: erased.count,
      ...counts,
      participations: participantIds.length,
      boardRecords,
      registrations: registrations.count,
      outboxMessages: outbox.count,
      contactCards: contactCards.count,
      readTraces: readTraces.count,
      proposalsDeleted: proposals.count,
      outcomesAnonymised: outcomes.count,
      appointments,
    };
  });
}

/**
 * Her appointments lose her name and contact (the structure keeps that one took place, for its
 * counts); a coming one is cancelled so its time is free again; messages about them and links to
 * book made for her go. Returns how many appointments were reached.
 */
async function eraseAppointments(db: Db, personId: string, participantIds: string[], contactReach: object[], now: Date): Promise<number> {
  const hers = await db.appointment.findMany({ where: herAppointments(personId, participantIds, contactReach), select: { id: true } });
  const ids = hers.map((appointment) => appointment.id);
  await db.appointmentInvite.deleteMany({ where: { personId } });
  if (ids.length === 0) return 0;
  await db.outboxMessage.deleteMany({ where: { appointmentId: { in: ids } } });
  await db.appointment.updateMany({
    where: { id: { in: ids }, status: "booked", heldSlotId: { not: null }, slot: { startsAt: { gt: now } } },
    data: { heldSlotId: null, status: "cancelled", cancelledAt: now },
  });
  await db.appointment.updateMany({
    where: { id: { in: ids } },
    data: { name: ANONYMOUS_NAME, email: null, phone: null, personId: null, participantId: null, followUpAt: null },
  });
  return ids.length;
}

/** Her appointments: booked by or for her, from a session she was recognised in, or with her (unshared) contact. */
export function herAppointments(personId: string, participantIds: string[], contactReach: object[]) {
  return { OR: [{ personId }, ...(participantIds.length > 0 ? [{ participantId: { in: participantIds } }] : []), ...contactReach] };
}
