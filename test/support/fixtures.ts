import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { hashPassword, signInProfessional, issueParticipantToken } from "../../app/auth/auth.server.js";
import { createSession } from "../../app/sessions/sessions.server.js";
import { parisCalendarDay } from "../../app/lib/paris-dates.js";
import { createDb, type Db } from "../../prisma/db.js";
import { migrateDeploy } from "../../scripts/migrate-engine.js";

export interface TestDatabase {
  url: string;
  dir: string;
  db: Db;
  cleanup(): Promise<void>;
}

/** A fresh, migrated SQLite file of its own, so tests run in parallel without sharing rows. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), "atelier-test-"));
  const url = `file:${path.join(dir, "test.db")}`;
  await migrateDeploy(url);
  const db = createDb(url);
  return {
    url,
    dir,
    db,
    async cleanup() {
      await db.$disconnect();
      // A board store's checkpoint thread makes one last checkpoint after its close() returns, and
      // may still write the -wal/-shm files while they are removed (ENOTEMPTY, seen in CI): retried.
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    },
  };
}

let counter = 0;

/** A structure with one facilitator, and a session of theirs laid out from a real template. */
export async function createFacilitatorWithSession(db: Db, options: { password?: string } = {}) {
  // Its own number, taken before any await: calls made together never share one (their e-mails are unique).
  const number = ++counter;
  const structure = await db.structure.create({ data: { name: `Structure ${number}` } });
  const email = `animateur-${number}-${Date.now()}@exemple.fr`;
  const password = options.password ?? "mot-de-passe-de-test";
  const user = await db.user.create({
    data: { email, displayName: `Animateur ${number}`, passwordHash: await hashPassword(password) },
  });
  await db.membership.create({ data: { userId: user.id, structureId: structure.id, role: "facilitator" } });
  const session = await createSessionFor(db, user.id, structure.id);
  return { structure, user, email, password, sessionId: session };
}

/** A session of that structure, tomorrow unless `days` (from today; negative: in the past) says otherwise. */
export async function createSessionFor(db: Db, userId: string, structureId: string, days = 1): Promise<string> {
  const result = await createSession(db, userId, {
    structureId,
    kind: "peer_workshop",
    title: "Atelier de test",
    // Counted from the day the tests run: a session long past takes nobody in (docs/decisions/007).
    date: daysFromToday(days),
    time: "14:00",
    // Today's 14:00 may be gone already: a session of today or before is recorded after the fact.
    recordPast: days <= 0,
    online: false,
    place: "Salle 1",
    templateId: "forces-et-reconnaissance",
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.sessionId;
}

/**
 * The Paris calendar date `days` from today, as the session form takes it (YYYY-MM-DD), by the
 * product's own definition: in UTC, between 23:00 and midnight Paris time, "today" was yesterday for
 * the product, and a session "today at 23:45" was refused as past.
 */
export function daysFromToday(days: number): string {
  return parisCalendarDay(new Date(Date.now() + days * 86_400_000));
}

const request = () => new Request("http://localhost/");

/** The Cookie header a signed-in professional's browser would send. */
export async function professionalCookie(db: Db, userId: string): Promise<string> {
  return cookiePair(await signInProfessional(db, request(), userId));
}

/** The Cookie header of a participant who joined `sessionId` by its code. */
export async function participantCookie(db: Db, sessionId: string, name = "Awa"): Promise<string> {
  return cookiePair(await issueParticipantToken(db, request(), sessionId, name));
}

function cookiePair(setCookie: string): string {
  return setCookie.split(";")[0];
}
