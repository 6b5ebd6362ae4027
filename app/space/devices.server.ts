// Her signed-in devices (PersonSession rows): listed on "Mes appareils", each can be signed out, or
// all at once. Every query names her in its where: a session id from a form is only ever hers.
import type { Db } from "../../prisma/db.js";

/** Her sessions still open, the one she is using first, then by last use. */
export async function listDevices(db: Db, personId: string, currentSessionId: string, now: Date = new Date()) {
  const sessions = await db.personSession.findMany({
    where: { personId, revokedAt: null, expiresAt: { gt: now } },
    orderBy: [{ lastSeenAt: "desc" }, { createdAt: "desc" }],
    select: { id: true, method: true, device: true, createdAt: true, lastSeenAt: true, expiresAt: true },
  });
  const devices = sessions.map((session) => ({ ...session, current: session.id === currentSessionId }));
  return [...devices.filter((device) => device.current), ...devices.filter((device) => !device.current)];
}

/** Signs one of her devices out at once; false when the session is not hers (or already closed). */
export async function signOutDevice(db: Db, personId: string, sessionId: string, now: Date = new Date()): Promise<boolean> {
  const closed = await db.personSession.updateMany({ where: { id: sessionId, personId, revokedAt: null }, data: { revokedAt: now } });
  return closed.count === 1;
}

/** Signs every device of hers out, this one included; returns how many. */
export async function signOutEverywhere(db: Db, personId: string, now: Date = new Date()): Promise<number> {
  return (await db.personSession.updateMany({ where: { personId, revokedAt: null }, data: { revokedAt: now } })).count;
}

/** For her export: her passkeys (their names and dates, never a key) and where she signed in from. */
export async function waysInForExport(db: Db, personId: string) {
  const passkeys = await db.personPasskey.findMany({
    where: { personId },
    orderBy: { createdAt: "asc" },
    select: { label: true, createdAt: true, lastUsedAt: true },
  });
  const sessions = await db.personSession.findMany({
    where: { personId },
    orderBy: { createdAt: "asc" },
    select: { method: true, device: true, createdAt: true, lastSeenAt: true, expiresAt: true, revokedAt: true },
  });
  return { passkeys, sessions };
}
