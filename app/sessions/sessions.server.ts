import { TZDate } from "@date-fns/tz";
import { randomInt } from "node:crypto";
import type { Db } from "../../prisma/db.js";
import { createInitialBoardUpdate } from "../../board-core/template-layout.js";
import { ORGANISER_ROLES } from "../structures/roles.js";
import { findTemplateForSession } from "../templates/templates.server.js";
import type { FieldErrors } from "../lib/forms.js";
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, type NewSessionInput } from "./sessions.schema.js";

export const SESSION_TIME_ZONE = "Europe/Paris";

/** A code people type: `length` characters from the alphabet without look-alikes. */
export function readableCode(length: number): string {
  let code = "";
  for (let i = 0; i < length; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}

export function generateJoinCode(): string {
  return readableCode(JOIN_CODE_LENGTH);
}

/** What a professional sees of a session in lists and headers. */
const sessionSummary = {
  id: true,
  kind: true,
  title: true,
  startsAt: true,
  place: true,
  online: true,
  joinCode: true,
  closedAt: true,
  structure: { select: { name: true } },
} as const;

/**
 * The sessions a professional may see and run: hosted or co-hosted by one of their structures.
 * The one tenancy rule for sessions; put it in every `where` that reads a session for a professional.
 */
export function sessionsRunBy(userId: string) {
  const member = { memberships: { some: { userId } } };
  return { OR: [{ structure: member }, { coHosts: { some: { structure: member } } }] };
}

/** The sessions of every structure the professional belongs to (host or co-host), soonest first. */
export function listSessionsForUser(db: Db, userId: string) {
  return db.groupSession.findMany({
    where: sessionsRunBy(userId),
    orderBy: { startsAt: "asc" },
    select: sessionSummary,
  });
}

export function findSessionForUser(db: Db, userId: string, sessionId: string) {
  return db.groupSession.findFirst({
    where: { id: sessionId, ...sessionsRunBy(userId) },
    select: { ...sessionSummary, templateId: true, agenda: true },
  });
}

export function findSessionByJoinCode(db: Db, joinCode: string) {
  return db.groupSession.findUnique({
    where: { joinCode },
    select: { id: true, title: true, kind: true, startsAt: true, closedAt: true, capacity: true, waitingRoom: true },
  });
}

export type CreateSessionResult = { ok: true; sessionId: string } | { ok: false; errors: FieldErrors };

/**
 * Creates a session, its join code and its board laid out from the template, in one
 * transaction: a session never exists without the board its participants will open.
 */
export async function createSession(
  db: Db,
  userId: string,
  input: NewSessionInput,
  options: { joinCode?: string; sessionId?: string; now?: Date } = {},
): Promise<CreateSessionResult> {
  const membership = await db.membership.findFirst({
    where: { userId, structureId: input.structureId, role: { in: ORGANISER_ROLES } },
    select: { structureId: true },
  });
  if (!membership) return { ok: false, errors: { structureId: "session.error.structure" } };
  const template = await findTemplateForSession(db, input.templateId, membership.structureId, input.kind);
  if (!template) return { ok: false, errors: { templateId: "session.error.template" } };

  const [year, month, day] = input.date.split("-").map(Number);
  const [hours, minutes] = input.time.split(":").map(Number);
  const startsAt = new Date(new TZDate(year, month - 1, day, hours, minutes, SESSION_TIME_ZONE).getTime());
  // A start already past is a slip of the date field, unless the facilitator says they are
  // recording a session held on paper.
  if (startsAt.getTime() < (options.now ?? new Date()).getTime() && !input.recordPast) {
    return { ok: false, errors: { date: "session.error.past" } };
  }
  const initialBoard = createInitialBoardUpdate(template);

  for (let attempt = 0; ; attempt++) {
    const joinCode = options.joinCode ?? generateJoinCode();
    try {
      const session = await db.groupSession.create({
        data: {
          ...(options.sessionId ? { id: options.sessionId } : {}),
          structureId: membership.structureId,
          kind: input.kind,
          title: input.title,
          startsAt,
          place: input.online ? null : input.place,
          online: input.online,
          templateId: template.id,
          agenda: template.phases,
          joinCode,
          createdById: userId,
          board: { create: { updates: { create: [{ data: new Uint8Array(initialBoard) }] } } },
        },
        select: { id: true },
      });
      return { ok: true, sessionId: session.id };
    } catch (error) {
      // A join code already taken: draw another (30⁶ codes make this rare).
      if (!options.joinCode && isUniqueViolation(error) && attempt < 5) continue;
      throw error;
    }
  }
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}
