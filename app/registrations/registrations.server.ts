import Papa from "papaparse";
import { z } from "zod";
import type { Db } from "../../prisma/db.js";
import { newToken } from "../auth/auth.server.js";
import { t, type MessageKey } from "../i18n";
import { agendaMinutes, buildInvitation } from "./invitation-ics.server.js";
import { queueMessage } from "./outbox.server.js";
import { countedAttendance, countRegistrations } from "./counts.js";
import { newFollowUpToken, promoteFromWaitingList } from "./waiting-list.server.js";
import { sessionsRunBy } from "../sessions/sessions.server.js";

export const REGISTRATION_KINDS = ["beneficiary", "professional"] as const;
export const ATTENDANCES = ["present", "absent", "excused"] as const;
export type RegistrationStatus = "registered" | "waiting" | "cancelled";

const message = (key: MessageKey) => ({ message: key });
const optionalText = (max: number, key: MessageKey) => z.string().trim().max(max, message(key)).optional().default("");

/** Name and a way to reach the person: the invitation form and the public form share it. */
const contactFields = {
  name: z.string().trim().min(2, message("registrations.error.name")).max(80, message("registrations.error.name")),
  email: optionalText(200, "registrations.error.email").refine(
    (value) => value === "" || z.email().safeParse(value).success,
    message("registrations.error.email"),
  ),
  phone: optionalText(30, "registrations.error.phone").refine(
    (value) => value === "" || /^\+?[\d\s.-]{6,20}$/.test(value),
    message("registrations.error.phone"),
  ),
};

function requireContact(input: { email: string; phone: string; kind?: string }, ctx: z.RefinementCtx) {
  if (input.kind === "professional" && input.email === "") {
    ctx.addIssue({ code: "custom", path: ["email"], message: "registrations.error.proEmail" });
  } else if (input.email === "" && input.phone === "") {
    ctx.addIssue({ code: "custom", path: ["email"], message: "registrations.error.contact" });
  }
}

export const inviteSchema = z
  .object({ kind: z.enum(REGISTRATION_KINDS, message("registrations.error.kind")), ...contactFields })
  .superRefine(requireContact);
export const publicRegistrationSchema = z.object(contactFields).superRefine(requireContact);
export type ContactInput = z.infer<typeof publicRegistrationSchema> & { kind?: (typeof REGISTRATION_KINDS)[number] };

export const settingsSchema = z.object({
  capacity: z
    .string()
    .trim()
    .regex(/^\d{0,4}$/, message("registrations.error.capacity"))
    .transform((value) => (value === "" ? null : Number(value)))
    .refine((value) => value === null || value >= 1, message("registrations.error.capacity")),
  bring: optionalText(300, "registrations.error.bring"),
  openRegistration: z.preprocess((value) => value === "on", z.boolean()),
});

export const attendanceSchema = z.object({
  registrationId: z.string().min(1),
  attendance: z.enum(ATTENDANCES, message("registrations.error.attendance")),
});

const sessionFields = {
  id: true,
  structureId: true,
  title: true,
  startsAt: true,
  place: true,
  online: true,
  joinCode: true,
  agenda: true,
  capacity: true,
  openRegistration: true,
  publicToken: true,
  bring: true,
} as const;

/** A session the professional runs (host or co-host), with what registrations need; null for outsiders. */
export function findRegistrationSession(db: Db, userId: string, sessionId: string) {
  return db.groupSession.findFirst({ where: { id: sessionId, ...sessionsRunBy(userId) }, select: sessionFields });
}
export type RegistrationSession = NonNullable<Awaited<ReturnType<typeof findRegistrationSession>>>;

/** The registrations page: the list, counts, and who among them already joined the board by name. */
export async function loadRegistrations(db: Db, session: RegistrationSession) {
  const [registrations, participants] = await Promise.all([
    listRegistrations(db, session.id),
    db.participant.findMany({ where: { sessionId: session.id }, select: { displayName: true } }),
  ]);
  const onBoard = new Set(participants.map((participant) => participant.displayName.trim().toLocaleLowerCase("fr")));
  return {
    registrations: registrations.map((registration) => ({
      ...registration,
      joinedBoard: onBoard.has(registration.name.trim().toLocaleLowerCase("fr")),
    })),
    counts: countRegistrations(registrations),
  };
}

function listRegistrations(db: Db, sessionId: string) {
  return db.registration.findMany({
    where: { sessionId },
    orderBy: { createdAt: "asc" },
    select: { id: true, kind: true, name: true, email: true, phone: true, status: true, source: true, attendance: true },
  });
}

/** `origin` builds the links of the messages sent to people moved up from the waiting list. */
export async function saveSettings(db: Db, sessionId: string, settings: z.infer<typeof settingsSchema>, origin = "") {
  const current = await db.groupSession.findUniqueOrThrow({ where: { id: sessionId }, select: { publicToken: true } });
  await db.groupSession.update({
    where: { id: sessionId },
    data: {
      capacity: settings.capacity,
      bring: settings.bring || null,
      openRegistration: settings.openRegistration,
      // The link stays the same when registration is closed then reopened.
      publicToken: current.publicToken ?? (settings.openRegistration ? newToken() : null),
    },
  });
  await promoteFromWaitingList(db, sessionId, origin);
}

/** `token` opens the person's own registration page; null for a duplicate (it is not theirs to learn). */
export type RegisterResult = { status: "registered" | "waiting"; registrationId: string; duplicate: boolean; token: string | null };

/**
 * Registers someone, on the waiting list once every seat is taken. The same e-mail or phone on an
 * active registration gives back that registration instead of a second one.
 */
export async function register(db: Db, sessionId: string, input: ContactInput, source: "invited" | "self"): Promise<RegisterResult> {
  return db.$transaction(async (tx) => {
    const sameContact = [
      ...(input.email ? [{ email: { equals: input.email.toLowerCase() } }] : []),
      ...(input.phone ? [{ phone: normalizePhone(input.phone) }] : []),
    ];
    const existing = await tx.registration.findFirst({
      where: { sessionId, status: { in: ["registered", "waiting"] }, OR: sameContact },
      select: { id: true, status: true },
    });
    if (existing) return { status: existing.status as "registered" | "waiting", registrationId: existing.id, duplicate: true, token: null };
    const session = await tx.groupSession.findUniqueOrThrow({ where: { id: sessionId }, select: { capacity: true } });
    const taken = await tx.registration.count({ where: { sessionId, status: "registered" } });
    const status = session.capacity !== null && taken >= session.capacity ? "waiting" : "registered";
    const created = await tx.registration.create({
      data: {
        sessionId,
        kind: input.kind ?? "beneficiary",
        name: input.name,
        email: input.email ? input.email.toLowerCase() : null,
        phone: input.phone ? normalizePhone(input.phone) : null,
        status,
        source,
        token: newFollowUpToken(),
      },
      select: { id: true, token: true },
    });
    return { status, registrationId: created.id, duplicate: false, token: created.token };
  });
}

function normalizePhone(phone: string): string {
  return phone.replace(/[\s.-]/g, "");
}

/** A facilitator's invitation: the registration, then the message with the join link and the .ics. */
export async function invite(db: Db, session: RegistrationSession, input: ContactInput, joinLink: string) {
  const result = await register(db, session.id, input, "invited");
  if (result.duplicate) return result;
  const invitation = buildInvitation(
    { ...session, minutes: agendaMinutes(session.agenda) },
    { id: result.registrationId, name: input.name },
    joinLink,
  );
  await queueMessage(db, {
    structureId: session.structureId,
    registrationId: result.registrationId,
    channel: input.email ? "email" : "sms",
    recipient: input.email ? input.email.toLowerCase() : normalizePhone(input.phone),
    ...invitation,
  });
  return result;
}

/** Cancels a registration; a freed seat goes to the first person waiting, who is told. */
export async function cancelRegistration(db: Db, sessionId: string, registrationId: string, origin = ""): Promise<boolean> {
  const { count } = await db.registration.updateMany({
    where: { id: registrationId, sessionId, status: { not: "cancelled" } },
    data: { status: "cancelled" },
  });
  if (count > 0) await promoteFromWaitingList(db, sessionId, origin);
  return count > 0;
}

export async function markAttendance(db: Db, sessionId: string, input: z.infer<typeof attendanceSchema>): Promise<boolean> {
  const { count } = await db.registration.updateMany({
    where: { id: input.registrationId, sessionId },
    data: { attendance: input.attendance },
  });
  return count > 0;
}

/** The attendance sheet for a spreadsheet: UTF-8 with a BOM so Excel reads the accents. */
export async function attendanceCsv(db: Db, sessionId: string): Promise<string> {
  // The attendance that counts (none for a cancelled registration), as on the page and in the report.
  const registrations = (await listRegistrations(db, sessionId)).map((registration) => ({
    ...registration,
    attendance: countedAttendance(registration),
  }));
  const rows = registrations.map((registration) => ({
    [t("registrations.csv.name")]: registration.name,
    [t("registrations.csv.kind")]: t(`registrations.kind.${registration.kind as "beneficiary" | "professional"}`),
    [t("registrations.csv.email")]: registration.email ?? "",
    [t("registrations.csv.phone")]: registration.phone ?? "",
    [t("registrations.csv.status")]: t(`registrations.status.${registration.status as RegistrationStatus}`),
    [t("registrations.csv.source")]: t(`registrations.source.${registration.source as "invited" | "self"}`),
    [t("registrations.csv.attendance")]: registration.attendance
      ? t(`registrations.attendance.${registration.attendance as (typeof ATTENDANCES)[number]}`)
      : "",
  }));
  const fields = ["name", "kind", "email", "phone", "status", "source", "attendance"].map((field) =>
    t(`registrations.csv.${field as "name"}`),
  );
  // escapeFormulae: a name starting with "=" stays text in a spreadsheet.
  return "\uFEFF" + Papa.unparse({ fields, data: rows.map((row) => fields.map((field) => row[field])) }, { escapeFormulae: true });
}

/** The public form's view of a session open for registration; null when the token is unknown or closed. */
export async function findOpenSession(db: Db, token: string) {
  if (!token) return null;
  const session = await db.groupSession.findFirst({
    where: { publicToken: token, openRegistration: true },
    select: { id: true, title: true, startsAt: true, place: true, online: true, capacity: true, bring: true },
  });
  if (!session) return null;
  const taken = await db.registration.count({ where: { sessionId: session.id, status: "registered" } });
  return { ...session, seatsLeft: session.capacity === null ? null : Math.max(0, session.capacity - taken) };
}
