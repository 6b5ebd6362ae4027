import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../../prisma/db.js";
import { ORGANISER_ROLES } from "../structures/roles.js";
import { loadWorkshopLibrary, type TemplateProblem } from "../../workshops/library.js";
import { workshopTemplateSchema, type SessionKind, type WorkshopTemplate } from "../../workshops/schema.js";

/** A template as a professional sees it: a built-in file, or a variant of one of their structures. */
export interface AvailableTemplate {
  template: WorkshopTemplate;
  source: { type: "builtin" } | { type: "variant"; structureId: string; structureName: string; baseTemplateId: string };
}

export interface TemplateFilters {
  kind?: SessionKind;
  /** Words to find in the audience (accents and case ignored). */
  audience?: string;
  maxMinutes?: number;
}

/** Built-in templates plus the variants of the structures the professional belongs to. */
export async function listTemplatesForUser(
  db: Db,
  userId: string,
): Promise<{ templates: AvailableTemplate[]; problems: TemplateProblem[] }> {
  const library = loadWorkshopLibrary();
  const variants = await db.workshopTemplateVariant.findMany({
    where: { structure: { memberships: { some: { userId } } } },
    orderBy: { createdAt: "asc" },
    select: { definition: true, baseTemplateId: true, structure: { select: { id: true, name: true } } },
  });
  const templates: AvailableTemplate[] = library.templates.map((template) => ({ template, source: { type: "builtin" } }));
  for (const variant of variants) {
    // Stored variants were valid when saved; one that no longer parses is left out, not fatal.
    const parsed = workshopTemplateSchema.safeParse(variant.definition);
    if (!parsed.success) continue;
    templates.push({
      template: parsed.data,
      source: {
        type: "variant",
        structureId: variant.structure.id,
        structureName: variant.structure.name,
        baseTemplateId: variant.baseTemplateId,
      },
    });
  }
  return { templates, problems: library.problems };
}

export function filterTemplates(templates: AvailableTemplate[], filters: TemplateFilters): AvailableTemplate[] {
  const words = fold(filters.audience ?? "")
    .split(/\s+/)
    .filter(Boolean);
  return templates.filter(({ template }) => {
    if (filters.kind && template.kind !== filters.kind) return false;
    if (filters.maxMinutes && template.durationMinutes > filters.maxMinutes) return false;
    const audience = fold(template.audience);
    return words.every((word) => audience.includes(word));
  });
}

function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();
}

export async function findTemplateForUser(db: Db, userId: string, templateId: string): Promise<AvailableTemplate | null> {
  const { templates } = await listTemplatesForUser(db, userId);
  return templates.find(({ template }) => template.id === templateId) ?? null;
}

/** A template a session of `structureId` may use: any built-in, or that structure's own variant. */
export async function findTemplateForSession(
  db: Db,
  templateId: string,
  structureId: string,
  kind: SessionKind,
): Promise<WorkshopTemplate | null> {
  const builtin = loadWorkshopLibrary().templates.find((template) => template.id === templateId);
  if (builtin) return builtin.kind === kind ? builtin : null;
  const variant = await db.workshopTemplateVariant.findFirst({
    where: { id: templateId, structureId },
    select: { definition: true },
  });
  const parsed = workshopTemplateSchema.safeParse(variant?.definition);
  return parsed.success && parsed.data.kind === kind ? parsed.data : null;
}

/** Copies a template into an editable variant owned by one of the professional's structures. */
export async function copyTemplateToVariant(db: Db, userId: string, templateId: string, structureId: string) {
  const membership = await db.membership.findFirst({
    where: { userId, structureId, role: { in: ORGANISER_ROLES } },
    select: { structure: { select: { name: true } } },
  });
  const original = await findTemplateForUser(db, userId, templateId);
  if (!membership || !original) return null;
  const id = `v-${randomUUID()}`;
  const definition: WorkshopTemplate = {
    ...original.template,
    id,
    title: `${original.template.title} (${membership.structure.name})`.slice(0, 120),
  };
  const baseTemplateId = original.source.type === "variant" ? original.source.baseTemplateId : templateId;
  await db.workshopTemplateVariant.create({
    data: { id, structureId, baseTemplateId, definition, createdById: userId },
  });
  return id;
}

/** Saves an edited variant; only the structures' own professionals can, and only valid templates are stored. */
export async function saveVariant(db: Db, userId: string, variantId: string, definition: WorkshopTemplate): Promise<boolean> {
  const { count } = await db.workshopTemplateVariant.updateMany({
    where: {
      id: variantId,
      structure: { memberships: { some: { userId, role: { in: ORGANISER_ROLES } } } },
    },
    data: { definition: { ...definition, id: variantId } },
  });
  return count === 1;
}

/** "Adapt for my structure": the structure the variant will belong to. */
export const adaptTemplateSchema = z.object({ structureId: z.string().min(1).max(64) });
