import { createCookie } from "@remix-run/node";
import { z } from "zod";
import type { Db } from "../../prisma/db.js";
import { hashPassword, hashToken, newToken } from "../auth/auth.server.js";
import { STRUCTURE_KINDS } from "./labels.js";
import { MEMBER_ROLES, type MemberRole } from "./roles.js";
import { notFound } from "../lib/forms.js";
import type { MessageKey } from "../i18n";

/**
 * Structures (the tenants) and the professionals in them: roles, invitations by link, and the
 * "current structure" a professional works in when they belong to several.
 */

export const INVITATION_DAYS = 7;

const message = (key: MessageKey) => ({ message: key });

export const structureFormSchema = z.object({
  name: z.string().trim().min(2, message("structures.error.name")).max(120, message("structures.error.name")),
  kind: z.enum(STRUCTURE_KINDS, message("structures.error.kind")),
  territory: z.string().trim().max(120, message("structures.error.territory")).optional().default(""),
});

export const roleFormSchema = z.object({
  membershipId: z.string().min(1),
  role: z.enum(MEMBER_ROLES, message("structures.error.role")),
});

export const inviteFormSchema = z.object({ role: z.enum(MEMBER_ROLES, message("structures.error.role")) });

export const invitationSignupSchema = z.object({
  displayName: z.string().trim().min(2, message("structures.error.displayName")).max(80, message("structures.error.displayName")),
  email: z.string().trim().toLowerCase().email(message("structures.error.email")),
  password: z.string().min(12, message("structures.error.password")).max(200, message("structures.error.password")),
});

// ─── The current structure ───────────────────────────────────────────────────

const structureCookie = createCookie("atelier_structure", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  maxAge: 365 * 24 * 3600,
});

/** The Set-Cookie header that makes `structureId` the professional's current structure. */
export function currentStructureCookie(request: Request, structureId: string): Promise<string> {
  return structureCookie.serialize(structureId, { secure: new URL(request.url).protocol === "https:" });
}

/**
 * The structure the professional chose to work in, or null. The cookie is only a wish: it counts
 * only while the professional still belongs to that structure, checked on every read.
 */
export async function currentStructure(db: Db, request: Request, user: { id: string }) {
  const value: unknown = await structureCookie.parse(request.headers.get("Cookie"));
  if (typeof value !== "string" || value.length === 0) return null;
  const membership = await db.membership.findFirst({
    where: { userId: user.id, structureId: value },
    select: { role: true, structure: { select: { id: true, name: true } } },
  });
  return membership ? { ...membership.structure, role: membership.role } : null;
}

// ─── Structures and members ──────────────────────────────────────────────────

const isAdminOf = (userId: string) => ({ memberships: { some: { userId, role: "admin" } } });

export function listStructuresForUser(db: Db, userId: string) {
  return db.membership.findMany({
    where: { userId },
    orderBy: { structure: { name: "asc" } },
    select: { role: true, structure: { select: { id: true, name: true, kind: true, territory: true } } },
  });
}

/** A structure as its members see it, or null when the professional is not one of them. */
export async function findStructureForMember(db: Db, userId: string, structureId: string) {
  const structure = await db.structure.findFirst({
    where: { id: structureId, memberships: { some: { userId } } },
    select: {
      id: true,
      name: true,
      kind: true,
      territory: true,
      memberships: {
        orderBy: { createdAt: "asc" },
        select: { id: true, role: true, user: { select: { id: true, displayName: true, email: true } } },
      },
    },
  });
  if (!structure) return null;
  const role = structure.memberships.find((membership) => membership.user.id === userId)?.role ?? "member";
  return { structure, role };
}

/**
 * The structure (id, name) when `userId` is one of its admins. Outside the structure it does not exist
 * (a thrown 404); a member who is not an admin is refused (a thrown 403). The one check of the admins'
 * pages: retention, the access log, network coordinators.
 */
export async function requireStructureAdmin(db: Db, userId: string, structureId: string) {
  const membership = await db.membership.findFirst({
    where: { userId, structureId },
    select: { role: true, structure: { select: { id: true, name: true } } },
  });
  if (!membership) throw notFound();
  if (membership.role !== "admin") throw new Response("Forbidden", { status: 403 });
  return membership.structure;
}

export async function updateStructure(db: Db, userId: string, structureId: string, input: z.infer<typeof structureFormSchema>) {
  const { count } = await db.structure.updateMany({
    where: { id: structureId, ...isAdminOf(userId) },
    data: { name: input.name, kind: input.kind, territory: input.territory || null },
  });
  return count === 1;
}

export type MemberChange = "ok" | "lastAdmin" | "notFound";

/** Changes a member's role; a structure always keeps at least one admin. */
export async function changeMemberRole(
  db: Db,
  userId: string,
  structureId: string,
  membershipId: string,
  role: MemberRole,
): Promise<MemberChange> {
  return db.$transaction(async (tx) => {
    const membership = await tx.membership.findFirst({
      where: { id: membershipId, structure: { id: structureId, ...isAdminOf(userId) } },
      select: { role: true },
    });
    if (!membership) return "notFound";
    if (membership.role === "admin" && role !== "admin" && (await adminCount(tx, structureId)) <= 1) return "lastAdmin";
    await tx.membership.update({ where: { id: membershipId }, data: { role } });
    return "ok";
  });
}

export async function removeMember(db: Db, userId: string, structureId: string, membershipId: string): Promise<MemberChange> {
  return db.$transaction(async (tx) => {
    const membership = await tx.membership.findFirst({
      where: { id: membershipId, structure: { id: structureId, ...isAdminOf(userId) } },
      select: { role: true },
    });
    if (!membership) return "notFound";
    if (membership.role === "admin" && (await adminCount(tx, structureId)) <= 1) return "lastAdmin";
    await tx.membership.delete({ where: { id: membershipId } });
    return "ok";
  });
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

function adminCount(tx: Tx, structureId: string) {
  return tx.membership.count({ where: { structureId, role: "admin" } });
}

// ─── Invitations by link ─────────────────────────────────────────────────────

/** Creates an invitation and returns its token (shown once; only its hash is stored), or null for a non-admin. */
export async function createInvitation(db: Db, userId: string, structureId: string, role: MemberRole, now = new Date()) {
  const structure = await db.structure.findFirst({ where: { id: structureId, ...isAdminOf(userId) }, select: { id: true } });
  if (!structure) return null;
  const token = newToken();
  await db.structureInvitation.create({
    data: {
      structureId,
      role,
      tokenHash: hashToken(token),
      createdById: userId,
      expiresAt: new Date(now.getTime() + INVITATION_DAYS * 24 * 3600 * 1000),
    },
  });
  return token;
}

export function listPendingInvitations(db: Db, userId: string, structureId: string) {
  return db.structureInvitation.findMany({
    where: { structureId, structure: isAdminOf(userId), acceptedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: { id: true, role: true, expiresAt: true, createdAt: true },
  });
}

export async function revokeInvitation(db: Db, userId: string, structureId: string, invitationId: string) {
  const { count } = await db.structureInvitation.deleteMany({
    where: { id: invitationId, structureId, structure: isAdminOf(userId), acceptedAt: null },
  });
  return count === 1;
}

const usable = (token: string) => ({ tokenHash: hashToken(token), acceptedAt: null, expiresAt: { gt: new Date() } });

/** An invitation that can still be used, with its structure; null when unknown, used or expired. */
export function findUsableInvitation(db: Db, token: string) {
  return db.structureInvitation.findFirst({
    where: usable(token),
    select: { role: true, expiresAt: true, structure: { select: { id: true, name: true, kind: true, territory: true } } },
  });
}

/**
 * Marks the invitation used and makes the professional a member, at once: a link serves once.
 * Someone already a member keeps their role. Returns the structure's id, or null.
 */
export async function acceptInvitation(db: Db, token: string, userId: string): Promise<string | null> {
  return db.$transaction((tx) => acceptIn(tx, token, userId));
}

async function acceptIn(tx: Tx, token: string, userId: string): Promise<string | null> {
  const invitation = await tx.structureInvitation.findFirst({ where: usable(token), select: { id: true, role: true, structureId: true } });
  if (!invitation) return null;
  const { count } = await tx.structureInvitation.updateMany({
    where: { id: invitation.id, acceptedAt: null },
    data: { acceptedAt: new Date() },
  });
  if (count !== 1) return null;
  await tx.membership.upsert({
    where: { userId_structureId: { userId, structureId: invitation.structureId } },
    update: {},
    create: { userId, structureId: invitation.structureId, role: invitation.role },
  });
  return invitation.structureId;
}

export type SignupResult =
  | { ok: true; userId: string; structureId: string }
  | { ok: false; errors: Partial<Record<string, MessageKey>> }
  | { ok: false; invalid: true };

/** Creates a professional's account through an invitation and joins the structure, or nothing at all. */
export async function signUpWithInvitation(db: Db, token: string, input: z.infer<typeof invitationSignupSchema>): Promise<SignupResult> {
  if (!(await findUsableInvitation(db, token))) return { ok: false, invalid: true };
  if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
    return { ok: false, errors: { email: "structures.error.emailTaken" } };
  }
  const passwordHash = await hashPassword(input.password);
  return db
    .$transaction(async (tx): Promise<SignupResult> => {
      const user = await tx.user.create({
        data: { email: input.email, displayName: input.displayName, passwordHash },
        select: { id: true },
      });
      const structureId = await acceptIn(tx, token, user.id);
      if (!structureId) throw new InvitationGone();
      return { ok: true, userId: user.id, structureId };
    })
    .catch((error: unknown) => {
      if (error instanceof InvitationGone) return { ok: false, invalid: true } as const;
      throw error;
    });
}

class InvitationGone extends Error {}

/** "Make current": which structure, and the page to go back to (the header's switcher sends it). */
export const currentStructureFormSchema = z.object({
  structureId: z.string().min(1).max(64),
  redirectTo: z.string().max(2000).optional(),
});
