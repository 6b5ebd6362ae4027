import type { Db } from "../../prisma/db.js";
import { ORGANISER_ROLES } from "../structures/roles.js";
import { sessionsRunBy } from "./sessions.server.js";

/**
 * Co-hosted sessions: the host structure's admins and facilitators add partner structures, whose
 * professionals then run the session like the host's (see `sessionsRunBy`).
 */

/** A session the professional may manage the co-hosts of: its host structure's admin or facilitator. */
const hostedBy = (userId: string) => ({
  structure: { memberships: { some: { userId, role: { in: ORGANISER_ROLES } } } },
});

/** The co-host section of a session page, or null when the professional does not run the session. */
export async function coHostsOfSession(db: Db, userId: string, sessionId: string) {
  const session = await db.groupSession.findFirst({
    where: { id: sessionId, ...sessionsRunBy(userId) },
    select: {
      structureId: true,
      coHosts: { orderBy: { createdAt: "asc" }, select: { structure: { select: { id: true, name: true } } } },
    },
  });
  if (!session) return null;
  const canManage = (await db.groupSession.count({ where: { id: sessionId, ...hostedBy(userId) } })) === 1;
  const coHosts = session.coHosts.map((coHost) => coHost.structure);
  // Every structure may co-host, not only those the professional belongs to: partners are elsewhere.
  const candidates = canManage
    ? await db.structure.findMany({
        where: { id: { notIn: [session.structureId, ...coHosts.map((coHost) => coHost.id)] } },
        orderBy: { name: "asc" },
        select: { id: true, name: true },
      })
    : [];
  return { canManage, coHosts, candidates };
}

export type CoHostChange = "ok" | "forbidden" | "notFound";

async function managedSession(db: Db, userId: string, sessionId: string): Promise<CoHostChange | { structureId: string }> {
  const visible = await db.groupSession.findFirst({ where: { id: sessionId, ...sessionsRunBy(userId) }, select: { id: true } });
  if (!visible) return "notFound";
  const session = await db.groupSession.findFirst({ where: { id: sessionId, ...hostedBy(userId) }, select: { structureId: true } });
  return session ?? "forbidden";
}

export async function addCoHost(db: Db, userId: string, sessionId: string, structureId: string): Promise<CoHostChange> {
  const session = await managedSession(db, userId, sessionId);
  if (typeof session === "string") return session;
  if (structureId === session.structureId) return "notFound";
  const structure = await db.structure.findUnique({ where: { id: structureId }, select: { id: true } });
  if (!structure) return "notFound";
  await db.sessionCoHost.upsert({
    where: { sessionId_structureId: { sessionId, structureId } },
    update: {},
    create: { sessionId, structureId },
  });
  return "ok";
}

export async function removeCoHost(db: Db, userId: string, sessionId: string, structureId: string): Promise<CoHostChange> {
  const session = await managedSession(db, userId, sessionId);
  if (typeof session === "string") return session;
  await db.sessionCoHost.deleteMany({ where: { sessionId, structureId } });
  return "ok";
}
