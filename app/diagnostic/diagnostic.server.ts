// Reading and changing a person's individual diagnostic. Every function takes the viewer and
// checks their scope first (access.server.ts); a professional's read or change is written to the
// audit log the person can read; every change is kept as a version (who, when, before, after).
// Nothing of the content is logged anywhere else.
import { z } from "zod";
import type { Db } from "../../prisma/db.js";
import { diagnosticDimensionSchema, type DiagnosticDimension } from "../../workshops/schema.js";
import { canWrite, diagnosticScope, type DiagnosticScope, type DiagnosticViewer } from "./access.server.js";
import { ENTRY_TEXT_MAX } from "./field-lengths";

export const ENTRY_KINDS = ["strength", "need", "obstacle", "note", "action"] as const;
export const ACTION_STATUSES = ["todo", "doing", "done", "dropped"] as const;

export const entryInputSchema = z.object({
  dimension: diagnosticDimensionSchema,
  kind: z.enum(ENTRY_KINDS),
  text: z.string().trim().min(1).max(ENTRY_TEXT_MAX),
  who: z.string().trim().max(120).optional(),
  dueDate: z.coerce.date().optional(),
  status: z.enum(ACTION_STATUSES).optional(),
});
export type EntryInput = z.infer<typeof entryInputSchema>;

/** Refused: the caller answers 404, so that nobody learns a diagnostic exists without seeing it. */
export class DiagnosticNotFound extends Error {
  override name = "DiagnosticNotFound";
}

const entrySelect = {
  id: true,
  dimension: true,
  kind: true,
  text: true,
  personWords: true,
  who: true,
  dueDate: true,
  status: true,
  provenance: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** Strengths first, then the rest by dimension and age: the diagnostic starts from what the person can do. */
const KIND_ORDER: Record<string, number> = { strength: 0, need: 1, obstacle: 2, action: 3, note: 4 };

/** The part of the diagnostic the viewer may see; a professional's read is audited. */
export async function readDiagnostic(db: Db, viewer: DiagnosticViewer, personId: string) {
  const scope = await requireScope(db, viewer, personId);
  const person = await db.person.findUniqueOrThrow({
    where: { id: personId },
    select: { id: true, displayName: true, structure: { select: { id: true, name: true } } },
  });
  const diagnostic = await db.diagnostic.findUnique({
    where: { personId },
    select: { id: true, summary: true, updatedAt: true, entries: { select: entrySelect } },
  });
  const entries = (diagnostic?.entries ?? [])
    .filter((entry) => scope.dimensions.has(entry.dimension as DiagnosticDimension))
    .sort((a, b) => (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9) || a.createdAt.getTime() - b.createdAt.getTime());
  await audit(db, viewer, scope, personId, "read", partOf(scope));
  return {
    person,
    basis: scope.basis,
    dimensions: [...scope.dimensions],
    grantedUntil: scope.until,
    // The summary speaks of the whole path: only for those who see the whole diagnostic.
    summary: scope.dimensions.size === allDimensionsCount() ? (diagnostic?.summary ?? "") : null,
    entries,
  };
}

export async function addEntry(db: Db, viewer: DiagnosticViewer, personId: string, input: EntryInput, provenance?: object) {
  const scope = await requireWrite(db, viewer, personId);
  const diagnostic = await ensureDiagnostic(db, personId);
  return db.$transaction(async (tx) => {
    const entry = await tx.diagnosticEntry.create({
      data: { diagnosticId: diagnostic.id, ...input, provenance: provenance ?? undefined },
      select: entrySelect,
    });
    await tx.diagnosticVersion.create({
      data: { diagnosticId: diagnostic.id, entryId: entry.id, action: "create", after: snapshot(entry), ...actor(viewer, scope) },
    });
    await audit(tx as Db, viewer, scope, personId, "write", input.dimension);
    return entry;
  });
}

/** The person adds their own words to an entry; a referent professional may change the rest. */
export async function updateEntry(
  db: Db,
  viewer: DiagnosticViewer,
  personId: string,
  entryId: string,
  change: Partial<EntryInput> & { personWords?: string },
) {
  const scope = await requireWrite(db, viewer, personId);
  const before = await db.diagnosticEntry.findFirst({
    where: { id: entryId, diagnostic: { personId } },
    select: { ...entrySelect, diagnosticId: true },
  });
  if (!before) throw new DiagnosticNotFound();
  const { diagnosticId, ...previous } = before;
  return db.$transaction(async (tx) => {
    const entry = await tx.diagnosticEntry.update({ where: { id: entryId }, data: change, select: entrySelect });
    await tx.diagnosticVersion.create({
      data: { diagnosticId, entryId, action: "update", before: snapshot(previous), after: snapshot(entry), ...actor(viewer, scope) },
    });
    await audit(tx as Db, viewer, scope, personId, "write", entry.dimension);
    return entry;
  });
}

export async function setSummary(db: Db, viewer: DiagnosticViewer, personId: string, summary: string) {
  const scope = await requireWrite(db, viewer, personId);
  const diagnostic = await ensureDiagnostic(db, personId);
  await db.$transaction(async (tx) => {
    await tx.diagnostic.update({ where: { id: diagnostic.id }, data: { summary } });
    await tx.diagnosticVersion.create({
      data: {
        diagnosticId: diagnostic.id,
        action: "summary",
        before: { summary: diagnostic.summary },
        after: { summary },
        ...actor(viewer, scope),
      },
    });
    await audit(tx as Db, viewer, scope, personId, "write", "all");
  });
}

/** The history of changes; for the person and their referent structure (it shows every dimension). */
export async function diagnosticHistory(db: Db, viewer: DiagnosticViewer, personId: string) {
  const scope = await requireWrite(db, viewer, personId);
  await audit(db, viewer, scope, personId, "read", "history");
  return db.diagnosticVersion.findMany({
    where: { diagnostic: { personId } },
    orderBy: { createdAt: "desc" },
    select: { id: true, action: true, before: true, after: true, byPerson: true, actorUserId: true, actorOrgId: true, createdAt: true },
  });
}

async function requireScope(db: Db, viewer: DiagnosticViewer, personId: string) {
  const scope = await diagnosticScope(db, viewer, personId);
  if (scope.kind === "none") throw new DiagnosticNotFound();
  return scope;
}

async function requireWrite(db: Db, viewer: DiagnosticViewer, personId: string) {
  const scope = await requireScope(db, viewer, personId);
  if (!canWrite(scope)) throw new DiagnosticNotFound();
  return scope;
}

function ensureDiagnostic(db: Db, personId: string) {
  return db.diagnostic.upsert({ where: { personId }, update: {}, create: { personId }, select: { id: true, summary: true } });
}

type Granted = Extract<DiagnosticScope, { kind: "granted" }>;

function actor(viewer: DiagnosticViewer, scope: Granted) {
  return viewer.kind === "person" ? { byPerson: true } : { byPerson: false, actorUserId: viewer.userId, actorOrgId: scope.structureId };
}

/** Professionals only: the person does not audit themselves. */
async function audit(db: Db, viewer: DiagnosticViewer, scope: Granted, personId: string, action: "read" | "write", part: string) {
  if (viewer.kind !== "professional" || !scope.structureId) return;
  await db.diagnosticAudit.create({ data: { personId, actorUserId: viewer.userId, actorOrgId: scope.structureId, action, part } });
}

function partOf(scope: Granted): string {
  return scope.dimensions.size === allDimensionsCount() ? "all" : [...scope.dimensions].sort().join(",");
}

const allDimensionsCount = () => diagnosticDimensionSchema.options.length;

function snapshot(entry: object): object {
  return JSON.parse(JSON.stringify(entry)) as object;
}
