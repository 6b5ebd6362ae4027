// Her referent: the professional who follows her (Person.referentUserId), named on her space with
// how to reach them; without one, her structure. Only a member of her structure may set it, and
// only to a member of that same structure (the checks are in the where clauses).
import type { Db } from "../../prisma/db.js";

/** Who follows her and how to reach them: the referent's contact card in her structure if they keep one, else their e-mail. */
export async function personReferent(db: Db, personId: string) {
  const person = await db.person.findUniqueOrThrow({
    where: { id: personId },
    select: {
      structureId: true,
      structure: { select: { name: true } },
      referent: { select: { id: true, displayName: true, email: true, memberships: { select: { structureId: true } } } },
    },
  });
  const referent = person.referent;
  // A referent who has left her structure no longer follows her: the structure does.
  if (!referent || !referent.memberships.some((membership) => membership.structureId === person.structureId)) {
    return { structure: person.structure.name, referent: null };
  }
  const card = await db.contactCard.findFirst({
    where: { userId: referent.id, structureId: person.structureId },
    orderBy: { createdAt: "desc" },
    select: { name: true, role: true, email: true, phone: true },
  });
  return {
    structure: person.structure.name,
    referent: {
      name: card?.name || referent.displayName,
      role: card?.role || null,
      email: card?.email || referent.email,
      phone: card?.phone || null,
    },
  };
}

/** For the professional's page: the members of her structure one may choose, when the viewer is one of them. */
export async function referentChoices(db: Db, userId: string, personId: string) {
  const person = await db.person.findFirst({
    where: { id: personId, structure: { memberships: { some: { userId } } } },
    select: {
      referentUserId: true,
      structure: { select: { memberships: { select: { user: { select: { id: true, displayName: true } } } } } },
    },
  });
  if (!person) return null;
  const members = person.structure.memberships
    .map((membership) => membership.user)
    .sort((a, b) => a.displayName.localeCompare(b.displayName, "fr"));
  return { current: person.referentUserId, members };
}

export type SetReferentResult = "saved" | "not-found" | "not-a-member";

/**
 * Sets (or clears, with null) her referent. "not-found": the professional is not a member of her
 * structure (or she does not exist); "not-a-member": the chosen user is not a member of it.
 */
export async function setReferent(
  db: Db,
  userId: string,
  personId: string,
  referentUserId: string | null,
  options: { dryRun?: boolean } = {},
): Promise<SetReferentResult> {
  const person = await db.person.findFirst({
    where: { id: personId, structure: { memberships: { some: { userId } } } },
    select: { structureId: true },
  });
  if (!person) return "not-found";
  if (options.dryRun) return "saved";
  if (referentUserId !== null) {
    const member = await db.membership.findFirst({
      where: { userId: referentUserId, structureId: person.structureId },
      select: { id: true },
    });
    if (!member) return "not-a-member";
  }
  const updated = await db.person.updateMany({
    where: { id: personId, structureId: person.structureId },
    data: { referentUserId },
  });
  return updated.count === 1 ? "saved" : "not-found";
}
