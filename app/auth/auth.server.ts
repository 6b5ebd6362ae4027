import { createCookie, redirect } from "@remix-run/node";
import bcrypt from "bcryptjs";
import { createHash, createHmac, randomBytes } from "node:crypto";
import type { Db } from "../../prisma/db.js";
import { participantTokenExpiresAt } from "../sessions/session-window.server.js";
import { sessionsRunBy } from "../sessions/sessions.server.js";
import type { BoardAccess, FindParticipantToken, ParticipantStanding, ParticipantTokenRow } from "../../board-core/board-access.js";
import { deviceName } from "../space/device-name.js";

export type { BoardAccess, ParticipantStanding };

/**
 * The one place that knows who is asking: professionals by password, participants by join code,
 * accompanied people in their personal space by a one-time code (app/diagnostic/sign-in-codes.server.ts),
 * a passkey (app/space/passkeys.server.ts) or an e-mailed link (app/space/sign-in-links.server.ts).
 */

const SESSION_DAYS = 14;
export const BCRYPT_COST = 12;
/**
 * Compared against when the e-mail is unknown, so both paths cost the same time: a hash of a
 * throwaway word at BCRYPT_COST (test/auth-unknown-hash.test.ts checks the cost). Written here rather
 * than computed at start: hashSync held each server's thread about 0.4 s at every start.
 */
export const UNKNOWN_USER_HASH = "$2b$12$.dDO3mJ/G.5GKLaedt3M8uJ.lAtHJUnzaeugoEykJYERlJNb0qVn6";

const professionalCookie = createCookie("atelier_session", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  maxAge: SESSION_DAYS * 24 * 3600,
});

/**
 * A person's session slides: it lasts PERSON_SESSION_IDLE_DAYS after she last used it, and never
 * more than PERSON_SESSION_MAX_DAYS after she signed in (docs/decisions/020-person-access.md).
 */
export const PERSON_SESSION_IDLE_DAYS = 30;
export const PERSON_SESSION_MAX_DAYS = 90;
const DAY_MS = 24 * 3600_000;
/** Her last use is written at most this often: a page view does not always cost a write. */
const LAST_SEEN_STEP_MS = 60_000;
const personCookie = createCookie("atelier_personne", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  maxAge: PERSON_SESSION_MAX_DAYS * 24 * 3600,
});

/** How she signed in, shown in her list of devices. */
export type PersonSignInMethod = "code" | "passkey" | "link";

// Its lifetime is set when it is written: until the token expires (session-window.server.ts).
function participantCookie(sessionId: string) {
  return createCookie(`atelier_p_${sessionId}`, { httpOnly: true, sameSite: "lax", path: "/" });
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A random secret for a cookie or a link; store only its `hashToken`. */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

export function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

/** The user whose e-mail and password match, or null, in the same time either way. */
export async function verifyLogin(db: Db, email: string, password: string) {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  const matches = await bcrypt.compare(password, user?.passwordHash ?? UNKNOWN_USER_HASH);
  return user && matches ? user : null;
}

/** Opens a server-side session and returns the Set-Cookie header that carries it. */
export async function signInProfessional(db: Db, request: Request, userId: string): Promise<string> {
  const token = newToken();
  await db.authSession.create({
    data: {
      tokenHash: hashToken(token),
      userId,
      expiresAt: new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000),
    },
  });
  return professionalCookie.serialize(token, { secure: isHttps(request) });
}

export async function signOutProfessional(db: Db, request: Request): Promise<string> {
  const token = await readCookie(professionalCookie, request.headers.get("Cookie"));
  if (token) {
    await db.authSession.updateMany({
      where: { tokenHash: hashToken(token), revokedAt: null },
      data: { revokedAt: new Date() },
    });
  }
  return professionalCookie.serialize("", { maxAge: 0, secure: isHttps(request) });
}

/** The signed-in professional behind a Cookie header, with their structures, or null. */
export async function findProfessional(db: Db, cookieHeader: string | null) {
  const token = await readCookie(professionalCookie, cookieHeader);
  if (!token) return null;
  const session = await db.authSession.findFirst({
    where: { tokenHash: hashToken(token), revokedAt: null, expiresAt: { gt: new Date() } },
    select: {
      user: {
        select: {
          id: true,
          displayName: true,
          email: true,
          memberships: { select: { role: true, structure: { select: { id: true, name: true } } } },
        },
      },
    },
  });
  return session?.user ?? null;
}

export type Professional = NonNullable<Awaited<ReturnType<typeof findProfessional>>>;

export async function requireProfessional(db: Db, request: Request): Promise<Professional> {
  const user = await findProfessional(db, request.headers.get("Cookie"));
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

/**
 * Gives a participant a seat (waiting to be let in, with `waiting`); returns the Set-Cookie header
 * and the new row. The seat cap is checked by the caller (app/sessions/seats.server.ts).
 */
export async function openParticipantSeat(
  db: Db,
  request: Request,
  sessionId: string,
  displayName: string,
  options: { waiting?: boolean } = {},
) {
  const session = await db.groupSession.findUniqueOrThrow({ where: { id: sessionId }, select: { startsAt: true } });
  const token = newToken();
  const participant = await db.participant.create({
    data: { sessionId, displayName, tokenHash: hashToken(token), waitingSince: options.waiting ? new Date() : null },
    select: { id: true, createdAt: true },
  });
  const maxAge = Math.max(60, Math.floor((participantTokenExpiresAt(session.startsAt).getTime() - Date.now()) / 1000));
  const cookie = await participantCookie(sessionId).serialize(token, { secure: isHttps(request), maxAge });
  return { cookie, participant };
}

/** Registers a participant on a session's board; returns the Set-Cookie header. */
export async function issueParticipantToken(
  db: Db,
  request: Request,
  sessionId: string,
  displayName: string,
  options: { waiting?: boolean } = {},
): Promise<string> {
  return (await openParticipantSeat(db, request, sessionId, displayName, options)).cookie;
}

/**
 * The holder of this session's participant token, whatever their standing (or null), and where the
 * token stands. `findToken` is the board server's own reading of the row (one prepared statement
 * instead of a Prisma query, for each upgrade of a join storm); the rules below are the same
 * whoever reads it.
 */
export async function participantStanding(db: Db, cookieHeader: string | null, sessionId: string, findToken?: FindParticipantToken) {
  const token = await readCookie(participantCookie(sessionId), cookieHeader);
  if (!token) return null;
  const tokenHash = hashToken(token);
  const found = findToken ? await findToken(sessionId, tokenHash) : undefined;
  const row = found === undefined ? await participantTokenRow(db, sessionId, tokenHash) : found;
  if (!row) return null;
  let standing: ParticipantStanding = "active";
  if (row.revokedAt) standing = row.waitingSince ? "turned-away" : "removed";
  else if (Date.now() >= participantTokenExpiresAt(row.sessionStartsAt).getTime()) standing = "ended";
  else if (row.waitingSince) standing = "waiting";
  return { id: row.id, displayName: row.displayName, standing };
}

/** The row behind a participant token (of this session only), read through Prisma. */
export async function participantTokenRow(db: Db, sessionId: string, tokenHash: string): Promise<ParticipantTokenRow | null> {
  const row = await db.participant.findFirst({
    where: { tokenHash, sessionId },
    select: { id: true, displayName: true, waitingSince: true, revokedAt: true, session: { select: { startsAt: true } } },
  });
  if (!row) return null;
  return {
    id: row.id,
    displayName: row.displayName,
    waitingSince: row.waitingSince,
    revokedAt: row.revokedAt,
    sessionStartsAt: row.session.startsAt,
  };
}

/**
 * The holder of this session's participant token, with the key their feedback ballot is filed under
 * (issue 16.1): an HMAC keyed by the token itself, which the server never stores (only its hash). A
 * professional reading the database cannot link a ballot to a participant, nor recompute the key;
 * only the participant's own browser, in a request, leads back to their ballot. Cleared at closing.
 */
export async function participantBallotKey(db: Db, cookieHeader: string | null, sessionId: string) {
  const token = await readCookie(participantCookie(sessionId), cookieHeader);
  if (!token) return null;
  const holder = await participantStanding(db, cookieHeader, sessionId);
  if (!holder) return null;
  const ballotKey = createHmac("sha256", token).update(`feedback-ballot\0${sessionId}\0${holder.id}`).digest("base64url");
  return { standing: holder.standing, ballotKey };
}

/** The participant behind this session's token, only while the token opens the session. */
export async function findParticipant(db: Db, cookieHeader: string | null, sessionId: string) {
  const holder = await participantStanding(db, cookieHeader, sessionId);
  return holder?.standing === "active" ? { id: holder.id, displayName: holder.displayName } : null;
}

/**
 * Who may open a session's board: a professional of its structure, or a participant who
 * joined that very session. "none" means nobody is signed in; "forbidden" means
 * someone is, but not for this session.
 */
export async function boardAccess(
  db: Db,
  cookieHeader: string | null,
  sessionId: string,
  findToken?: FindParticipantToken,
): Promise<BoardAccess> {
  const participant = await participantStanding(db, cookieHeader, sessionId, findToken);
  const user = await findProfessional(db, cookieHeader);
  if (user) {
    const session = await db.groupSession.findFirst({
      where: { id: sessionId, ...sessionsRunBy(user.id) },
      select: { id: true },
    });
    if (session) return { role: "facilitator", displayName: user.displayName, personKey: `user:${user.id}` };
  }
  if (participant?.standing === "active") {
    return { role: "participant", displayName: participant.displayName, personKey: `participant:${participant.id}` };
  }
  if (participant) return { role: "refused", why: participant.standing };
  if (user || hasAnyParticipantCookie(cookieHeader)) return { role: "forbidden" };
  return { role: "none" };
}

/** For a board's pages: who may open it, or else the response to throw (sign-in by code, or 403). */
export async function requireBoardAccess(
  db: Db,
  request: Request,
  sessionId: string,
): Promise<Extract<BoardAccess, { personKey: string }>> {
  const access = await boardAccess(db, request.headers.get("Cookie"), sessionId);
  if (access.role === "none") throw redirect("/join");
  if (access.role === "forbidden") throw new Response("Forbidden", { status: 403 });
  if (access.role === "refused") throw redirect(refusedParticipantPage(access.why, sessionId, request));
  return access;
}

/** Where a participant whose token opens nothing now is sent, with a plain explanation. */
function refusedParticipantPage(why: Exclude<ParticipantStanding, "active">, sessionId: string, request: Request): string {
  if (why === "waiting") {
    const wantsBoard = new URL(request.url).pathname.startsWith("/board/");
    return `/attente/${encodeURIComponent(sessionId)}${wantsBoard ? "?vue=board" : ""}`;
  }
  return `/join?raison=${why}`;
}

/** Opens a person's personal space (code, passkey or link already checked); returns the Set-Cookie header. */
export async function signInPerson(
  db: Db,
  request: Request,
  personId: string,
  method: PersonSignInMethod = "code",
  now: Date = new Date(),
): Promise<string> {
  const token = newToken();
  await db.personSession.create({
    data: {
      personId,
      tokenHash: hashToken(token),
      method,
      device: deviceName(request.headers.get("User-Agent")),
      lastSeenAt: now,
      createdAt: now,
      expiresAt: slidingExpiry(now, now),
    },
  });
  return personCookie.serialize(token, { secure: isHttps(request) });
}

/** When a session used at `usedAt` ends: the idle time from then, never past the longest lifetime. */
export function slidingExpiry(signedInAt: Date, usedAt: Date): Date {
  return new Date(Math.min(usedAt.getTime() + PERSON_SESSION_IDLE_DAYS * DAY_MS, signedInAt.getTime() + PERSON_SESSION_MAX_DAYS * DAY_MS));
}

/**
 * The person signed in to their personal space, if any, with the id of this session (sessions are
 * revocable and expire). Each use pushes the session's end back (sliding, within its longest lifetime).
 */
export async function findPerson(db: Db, cookieHeader: string | null, now: Date = new Date()) {
  const token = await readCookie(personCookie, cookieHeader);
  if (!token) return null;
  const session = await db.personSession.findFirst({
    where: { tokenHash: hashToken(token), revokedAt: null, expiresAt: { gt: now } },
    select: { id: true, createdAt: true, lastSeenAt: true, person: { select: { id: true, displayName: true } } },
  });
  if (!session) return null;
  if (!session.lastSeenAt || now.getTime() - session.lastSeenAt.getTime() >= LAST_SEEN_STEP_MS) {
    await db.personSession.updateMany({
      where: { id: session.id, revokedAt: null },
      data: { lastSeenAt: now, expiresAt: slidingExpiry(session.createdAt, now) },
    });
  }
  return { ...session.person, sessionId: session.id };
}

export async function requirePerson(db: Db, request: Request) {
  const person = await findPerson(db, request.headers.get("Cookie"));
  if (!person) throw redirect("/espace/connexion");
  return person;
}

/** Signs the person out: the session is revoked server-side; returns the Set-Cookie that clears it. */
export async function signOutPerson(db: Db, request: Request): Promise<string> {
  const token = await readCookie(personCookie, request.headers.get("Cookie"));
  if (token) await db.personSession.updateMany({ where: { tokenHash: hashToken(token) }, data: { revokedAt: new Date() } });
  return clearPersonCookie(request);
}

/** The Set-Cookie that forgets the person's session in this browser. */
export function clearPersonCookie(request: Request): Promise<string> {
  return personCookie.serialize("", { maxAge: 0, secure: isHttps(request) });
}

function hasAnyParticipantCookie(cookieHeader: string | null): boolean {
  return cookieHeader !== null && /(^|;\s*)atelier_p_/.test(cookieHeader);
}

async function readCookie(cookie: ReturnType<typeof createCookie>, cookieHeader: string | null): Promise<string | null> {
  const value: unknown = await cookie.parse(cookieHeader);
  return typeof value === "string" && value.length > 0 ? value : null;
}
