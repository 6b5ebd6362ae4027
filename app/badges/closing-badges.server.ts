// The badges part of a session's closing page: what each linked participant may be awarded, and
// what was awarded already; the award itself is app/badges/awards.server.ts.
import type { Db } from "../../prisma/db.js";
import type { ClosingAnswer } from "~/diagnostic/closing/card-proposals";
import { parseForm } from "~/lib/forms";
import { awardBadge, sessionAwards } from "./awards.server.js";
import { awardableBadges } from "./catalogue.server.js";
import { badgeAwardSchema } from "./schemas.js";

/**
 * For the participants linked to a person of one of the professional's structures: the badges of
 * that person's structure, and the session's awards (by person). Others' records are not listed.
 */
export async function closingBadges(db: Db, userId: string, sessionId: string, participants: { id: string; personId: string | null }[]) {
  const personIds = participants.flatMap((participant) => (participant.personId ? [participant.personId] : []));
  const persons = await db.person.findMany({
    where: { id: { in: personIds }, structure: { memberships: { some: { userId } } } },
    select: { id: true, structureId: true },
  });
  const structureIds = [...new Set(persons.map((person) => person.structureId))];
  const catalogues = Object.fromEntries(
    await Promise.all(structureIds.map(async (structureId) => [structureId, await awardableBadges(db, structureId)] as const)),
  );
  const awards = (await sessionAwards(db, sessionId)).filter((award) => persons.some((person) => person.id === award.personId));
  return {
    personStructure: Object.fromEntries(persons.map((person) => [person.id, person.structureId])),
    catalogues,
    awards: awards.map((award) => ({
      personId: award.personId,
      name: award.badgeClass.name,
      status: award.revokedAt ? "revoked" : award.status,
    })),
  };
}

/** The closing page's badge form: a badge for a participant recognised as a person. Null: not this professional's session. */
export async function answerBadgeForm(
  db: Db,
  userId: string,
  sessionId: string,
  form: FormData,
): Promise<(ClosingAnswer & { status: number }) | null> {
  const parsed = parseForm(badgeAwardSchema, form);
  const target = parsed.values.participantId ?? "";
  const answer = (errors: ClosingAnswer["errors"], status = 200) => ({
    intent: "badge",
    target,
    errors,
    values: parsed.values,
    done: status === 200,
    status,
  });
  if (!parsed.ok) return answer(parsed.errors, 400);
  const outcome = await awardBadge(db, userId, sessionId, parsed.data);
  if (outcome === null) return null;
  if (outcome === "notLinked") return answer({ participantId: "closing.error.notLinked" }, 400);
  if (outcome === "badge") return answer({ badgeClassId: "badges.error.badge" }, 400);
  return answer({});
}
