// Who sees which indicators (issue 16.3, docs/decisions/019). A structure's members see their
// structure's; the members of a practice-exchange series (through one of their structures) see the
// series'; a professional named coordinator by one or more structures sees those structures
// together, by territory. Anyone else — another structure, a co-host of one session, a participant —
// gets the same 404 as for something that does not exist.
import type { Db } from "../../prisma/db.js";
import { t } from "../i18n/index.js";
import { notFound } from "../lib/forms.js";
import { seriesSeenBy } from "../series/series.server.js";

export type IndicatorScope =
  { kind: "structure"; structureId: string } | { kind: "series"; seriesId: string } | { kind: "network"; userId: string };

/** What the signed-in professional asks to see. */
export type IndicatorTarget = { kind: "structure"; structureId: string } | { kind: "series"; seriesId: string } | { kind: "network" };

export interface ResolvedScope {
  scope: IndicatorScope;
  label: string;
  /** The structures whose figures are shown: the one, the series' members, or the network's. */
  structures: { id: string; name: string; territory: string | null }[];
  /** The sessions of the scope, as a Prisma `where` (without period). */
  sessionWhere: SessionWhere;
  /** Where action-plan steps are counted (the people of these structures); none for a series. */
  peopleStructureIds: string[] | null;
}

type SessionWhere = { structureId: string } | { seriesId: string } | { structureId: { in: string[] } };

/** The scope the professional may see for this target; a thrown 404 otherwise. */
export async function indicatorScopeFor(db: Db, userId: string, target: IndicatorTarget): Promise<IndicatorScope> {
  if (target.kind === "structure") {
    const membership = await db.membership.findFirst({ where: { userId, structureId: target.structureId }, select: { id: true } });
    if (!membership) throw notFound();
    return { kind: "structure", structureId: target.structureId };
  }
  if (target.kind === "series") {
    const series = await db.practiceSeries.findFirst({ where: { id: target.seriesId, ...seriesSeenBy(userId) }, select: { id: true } });
    if (!series) throw notFound();
    return { kind: "series", seriesId: series.id };
  }
  const named = await db.networkCoordinator.count({ where: { userId } });
  if (named === 0) throw notFound();
  return { kind: "network", userId };
}

/** Whether this professional coordinates a network (for the navigation). */
export async function coordinatesANetwork(db: Db, userId: string): Promise<boolean> {
  return (await db.networkCoordinator.count({ where: { userId } })) > 0;
}

const structureFields = { id: true, name: true, territory: true } as const;

/** The scope's name, structures and session filter. A scope that no longer exists: 404. */
export async function resolveScope(db: Db, scope: IndicatorScope): Promise<ResolvedScope> {
  if (scope.kind === "structure") {
    const structure = await db.structure.findUnique({ where: { id: scope.structureId }, select: structureFields });
    if (!structure) throw notFound();
    return {
      scope,
      label: structure.name,
      structures: [structure],
      sessionWhere: { structureId: structure.id },
      peopleStructureIds: [structure.id],
    };
  }
  if (scope.kind === "series") {
    const series = await db.practiceSeries.findUnique({
      where: { id: scope.seriesId },
      select: { id: true, title: true, members: { orderBy: { position: "asc" }, select: { structure: { select: structureFields } } } },
    });
    if (!series) throw notFound();
    return {
      scope,
      label: series.title,
      structures: series.members.map((member) => member.structure),
      sessionWhere: { seriesId: series.id },
      peopleStructureIds: null,
    };
  }
  const named = await db.networkCoordinator.findMany({
    where: { userId: scope.userId },
    orderBy: { structure: { name: "asc" } },
    select: { structure: { select: structureFields } },
  });
  if (named.length === 0) throw notFound();
  const structures = named.map((row) => row.structure);
  const ids = structures.map((structure) => structure.id);
  return {
    scope,
    label: t("indicators.network.label"),
    structures,
    sessionWhere: { structureId: { in: ids } },
    peopleStructureIds: ids,
  };
}
