// The facilitator's hand on who is in: the list of participants (with how many screens each has open
// on the board), the waiting room, and removing someone. Tenancy sits in every `where` (sessionsRunBy).
import { z } from "zod";
import type { Db } from "../../prisma/db.js";
import type { LiveBoards } from "../lib/load-context.js";
import { t } from "../i18n";
import { sessionsRunBy } from "./sessions.server.js";

/** A participant's key on the board server (app/auth/auth.server.ts boardAccess); only the facilitator's pages see ids. */
export const participantPersonKey = (participantId: string) => `participant:${participantId}`;

export interface SessionParticipants {
  sessionId: string;
  title: string;
  waitingRoom: boolean;
  /** Seats: the session's capacity, or the default cap. */
  cap: number;
  participants: { id: string; displayName: string; waiting: boolean; connections: number }[];
}

export async function sessionParticipants(
  db: Db,
  userId: string,
  sessionId: string,
  options: { boards?: LiveBoards; defaultCap: number },
): Promise<SessionParticipants | null> {
  const session = await db.groupSession.findFirst({
    where: { id: sessionId, ...sessionsRunBy(userId) },
    select: {
      title: true,
      waitingRoom: true,
      capacity: true,
      participants: {
        where: { revokedAt: null },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true, displayName: true, waitingSince: true },
      },
    },
  });
  if (!session) return null;
  const connected = (await options.boards?.connectedPeople(sessionId)) ?? new Map<string, number>();
  return {
    sessionId,
    title: session.title,
    waitingRoom: session.waitingRoom,
    cap: session.capacity ?? options.defaultCap,
    participants: session.participants.map((participant) => ({
      id: participant.id,
      displayName: participant.displayName,
      waiting: participant.waitingSince !== null,
      connections: connected.get(participantPersonKey(participant.id)) ?? 0,
    })),
  };
}

const participantId = z.string().min(1).max(64);

/** What the facilitator's buttons send; one schema for the forms and the action. */
export const participantCommandSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("remove"), participantId }),
  z.object({ intent: z.literal("admit"), participantId }),
  z.object({ intent: z.literal("refuse"), participantId }),
  z.object({ intent: z.literal("waitingRoom"), on: z.enum(["true", "false"]).transform((on) => on === "true") }),
]);
export type ParticipantCommand = z.infer<typeof participantCommandSchema>;

/**
 * Runs a facilitator's command on a session they run; false when there is nothing of theirs to change
 * (unknown session or participant, someone already removed, someone who was not waiting).
 * Removing revokes the token first, then closes the person's open board connections at once.
 */
export async function runParticipantCommand(
  db: Db,
  userId: string,
  sessionId: string,
  command: ParticipantCommand,
  boards?: LiveBoards,
): Promise<boolean> {
  const theirs = { id: sessionId, ...sessionsRunBy(userId) };
  if (command.intent === "waitingRoom") {
    const { count } = await db.groupSession.updateMany({ where: theirs, data: { waitingRoom: command.on } });
    // Turning the waiting room off lets in everyone still waiting, as one would open the door.
    if (count === 1 && !command.on) {
      await db.participant.updateMany({ where: { sessionId, revokedAt: null, waitingSince: { not: null } }, data: { waitingSince: null } });
    }
    return count === 1;
  }
  const seat = { id: command.participantId, sessionId, revokedAt: null, session: theirs };
  const waitingSeat = { ...seat, waitingSince: { not: null } };
  const now = new Date();
  const { count } =
    command.intent === "admit"
      ? await db.participant.updateMany({ where: waitingSeat, data: { waitingSince: null } })
      : await db.participant.updateMany({ where: command.intent === "refuse" ? waitingSeat : seat, data: { revokedAt: now } });
  if (count !== 1) return false;
  if (command.intent === "remove")
    boards?.disconnectPerson(sessionId, participantPersonKey(command.participantId), t("participants.closeReason"));
  return true;
}
