// A structure's small catalogue of badges. Its admins write them (name, description, what earns
// it); a badge already awarded is archived rather than deleted, so that what was issued keeps its words.
import { z } from "zod";
import type { Db } from "../../prisma/db.js";
import type { MessageKey } from "~/i18n";

const message = (key: MessageKey) => ({ message: key });

export const BADGE_NAME_MAX = 120;
export const BADGE_TEXT_MAX = 1000;

export const badgeClassFields = {
  name: z.string().trim().min(1, message("badges.error.name")).max(BADGE_NAME_MAX, message("badges.error.nameLong")),
  description: z.string().trim().min(1, message("badges.error.description")).max(BADGE_TEXT_MAX, message("badges.error.textLong")),
  criteria: z.string().trim().min(1, message("badges.error.criteria")).max(BADGE_TEXT_MAX, message("badges.error.textLong")),
};
export const badgeClassSchema = z.object(badgeClassFields);
export type BadgeClassInput = z.infer<typeof badgeClassSchema>;

/** What a new structure starts with; its admins change or archive them. */
export const DEFAULT_BADGES: BadgeClassInput[] = [
  {
    name: "A animé un temps collectif",
    description: "A préparé et animé un moment d'un atelier collectif, pour et avec le groupe.",
    criteria: "Avoir pris un rôle d'animation pendant un atelier (accueil, tour de parole, gardien du temps, restitution).",
  },
  {
    name: "Pair-aidant·e",
    description: "A aidé d'autres participantes et participants en partageant son expérience.",
    criteria: "Avoir soutenu une ou plusieurs personnes du groupe à partir de ce qu'elle ou il a vécu, reconnu par l'animation.",
  },
  {
    name: "Force reconnue par le groupe",
    description: "Une qualité que le groupe a reconnue chez elle ou lui.",
    criteria: "Une force nommée et reconnue par le groupe pendant l'atelier « Mes forces, vues par le groupe ».",
  },
];

/** The structure's badges, the defaults created the first time the catalogue is read. */
export async function badgeCatalogue(db: Db, structureId: string) {
  await db.$transaction(async (tx) => {
    if ((await tx.badgeClass.count({ where: { structureId } })) > 0) return;
    await tx.badgeClass.createMany({ data: DEFAULT_BADGES.map((badge) => ({ ...badge, structureId })) });
  });
  return db.badgeClass.findMany({
    where: { structureId },
    orderBy: [{ archivedAt: "asc" }, { createdAt: "asc" }],
    select: { id: true, name: true, description: true, criteria: true, archivedAt: true, _count: { select: { awards: true } } },
  });
}

/** The badges a facilitator may award now for this structure. */
export async function awardableBadges(db: Db, structureId: string) {
  const catalogue = await badgeCatalogue(db, structureId);
  return catalogue.filter((badge) => !badge.archivedAt).map(({ id, name }) => ({ id, name }));
}

export function addBadgeClass(db: Db, structureId: string, input: BadgeClassInput) {
  return db.badgeClass.create({ data: { ...input, structureId }, select: { id: true } });
}

/** False when the badge is not this structure's. */
export async function updateBadgeClass(db: Db, structureId: string, badgeClassId: string, input: BadgeClassInput) {
  const { count } = await db.badgeClass.updateMany({ where: { id: badgeClassId, structureId }, data: input });
  return count === 1;
}

/**
 * Removes a badge from the catalogue: deleted when it was never awarded, archived otherwise (the
 * credentials issued keep their words; no new award). "archived" | "deleted" | null (not this structure's).
 */
export async function retireBadgeClass(db: Db, structureId: string, badgeClassId: string) {
  const badge = await db.badgeClass.findFirst({
    where: { id: badgeClassId, structureId },
    select: { id: true, _count: { select: { awards: true } } },
  });
  if (!badge) return null;
  if (badge._count.awards === 0) {
    await db.badgeClass.delete({ where: { id: badge.id } });
    return "deleted" as const;
  }
  await db.badgeClass.update({ where: { id: badge.id }, data: { archivedAt: new Date() } });
  return "archived" as const;
}

export async function restoreBadgeClass(db: Db, structureId: string, badgeClassId: string) {
  const { count } = await db.badgeClass.updateMany({ where: { id: badgeClassId, structureId }, data: { archivedAt: null } });
  return count === 1;
}
