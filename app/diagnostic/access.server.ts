// Who may see which part of a person's diagnostic. The person always; the professionals of their
// referent structure always; a professional of another structure only through the person's grant
// (whole or some dimensions, until it expires or is revoked). Anyone else sees nothing, not even
// that a diagnostic exists. Every route and loader touching diagnostics asks here first.
import type { Db } from "../../prisma/db.js";
import { DIAGNOSTIC_DIMENSIONS, type DiagnosticDimension } from "../../workshops/schema.js";

/** Who is asking: a signed-in professional (with their structures), or the person in their personal space. */
export type DiagnosticViewer = { kind: "professional"; userId: string; structureIds: string[] } | { kind: "person"; personId: string };

export type DiagnosticScope =
  | { kind: "none" }
  | {
      kind: "granted";
      /** How the access was obtained; "grant" can only read. */
      basis: "person" | "referent" | "grant";
      /** The structure the professional acts for (written to the audit log); null for the person. */
      structureId: string | null;
      dimensions: ReadonlySet<DiagnosticDimension>;
      /** Until when a grant opens it; null for the person and the referent structure. */
      until: Date | null;
    };

const ALL_DIMENSIONS: ReadonlySet<DiagnosticDimension> = new Set(DIAGNOSTIC_DIMENSIONS);

export async function diagnosticScope(
  db: Db,
  viewer: DiagnosticViewer,
  personId: string,
  now: Date = new Date(),
): Promise<DiagnosticScope> {
  if (viewer.kind === "person") {
    return viewer.personId === personId
      ? { kind: "granted", basis: "person", structureId: null, dimensions: ALL_DIMENSIONS, until: null }
      : { kind: "none" };
  }
  if (viewer.structureIds.length === 0) return { kind: "none" };
  const referent = await db.person.findFirst({
    where: { id: personId, structureId: { in: viewer.structureIds } },
    select: { structureId: true },
  });
  if (referent) {
    return { kind: "granted", basis: "referent", structureId: referent.structureId, dimensions: ALL_DIMENSIONS, until: null };
  }
  const grants = await db.consentGrant.findMany({
    where: { personId, structureId: { in: viewer.structureIds }, revokedAt: null, expiresAt: { gt: now } },
    select: { structureId: true, dimensions: true, expiresAt: true },
    orderBy: { createdAt: "asc" },
  });
  const best = widestGrant(grants);
  if (!best) return { kind: "none" };
  return {
    kind: "granted",
    basis: "grant",
    structureId: best.structureId,
    dimensions: grantedDimensions(best.dimensions),
    until: best.expiresAt,
  };
}

/**
 * Of several active grants (a professional in several structures, each granted), the one that opens
 * the most dimensions; the earliest among equals. Null when there are none.
 */
export function widestGrant<T extends { dimensions: unknown }>(grants: T[]): T | null {
  let best: T | null = null;
  for (const grant of grants) {
    if (!best || grantedDimensions(grant.dimensions).size > grantedDimensions(best.dimensions).size) best = grant;
  }
  return best;
}

/** A grant's dimensions as stored: null means the whole diagnostic; unknown names are ignored. */
export function grantedDimensions(stored: unknown): Set<DiagnosticDimension> {
  if (stored === null || stored === undefined) return new Set(ALL_DIMENSIONS);
  if (!Array.isArray(stored)) return new Set();
  return new Set(stored.filter((value): value is DiagnosticDimension => (DIAGNOSTIC_DIMENSIONS as readonly string[]).includes(value)));
}

export function canWrite(scope: DiagnosticScope): boolean {
  return scope.kind === "granted" && scope.basis !== "grant";
}

/** A signed-in professional as a viewer: the structures they belong to. */
export async function professionalViewer(db: Db, userId: string): Promise<DiagnosticViewer> {
  const memberships = await db.membership.findMany({ where: { userId }, select: { structureId: true } });
  return { kind: "professional", userId, structureIds: memberships.map((membership) => membership.structureId) };
}
