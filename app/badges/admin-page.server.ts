// What a structure's admin does with its badges: the catalogue (add, edit, archive or delete,
// restore), the signing key (rotate), the issued badges (revoke with a reason). The caller has
// checked that the professional is an admin of `structureId` (requireStructureAdmin).
import type { Db } from "../../prisma/db.js";
import { constraintsOf, dispatchIntent, notFound, parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { revokeBadge, structureAwards } from "./awards.server.js";
import {
  addBadgeClass,
  badgeCatalogue,
  badgeClassSchema,
  restoreBadgeClass,
  retireBadgeClass,
  updateBadgeClass,
} from "./catalogue.server.js";
import { createSigningKey, listSigningKeys, type Issuing } from "./keys.server.js";
import { revokeSchema } from "./schemas.js";
import { issuerUrl } from "./urls.js";
import { z } from "zod";

export async function badgesPageData(db: Db, origin: string, structureId: string) {
  const [catalogue, keys, awards] = await Promise.all([
    badgeCatalogue(db, structureId),
    listSigningKeys(db, structureId),
    structureAwards(db, structureId),
  ]);
  return {
    catalogue: catalogue.map(({ _count, ...badge }) => ({ ...badge, awarded: _count.awards })),
    keys,
    awards,
    issuerUrl: issuerUrl(origin, structureId),
    fields: constraintsOf(badgeClassSchema),
  };
}

export type BadgesAdminAnswer = {
  done: "added" | "saved" | "archived" | "deleted" | "restored" | "rotated" | "revoked" | null;
  form: "add" | "edit" | "revoke" | null;
  target: string;
  errors: FieldErrors;
  values: FormValues;
  status: number;
};

const idSchema = z.object({ badgeClassId: z.string().min(1).max(100) });

export function answerBadgesAdminForm(db: Db, issuing: Issuing, structureId: string, form: FormData): Promise<BadgesAdminAnswer> {
  const ok = (done: BadgesAdminAnswer["done"], target = ""): BadgesAdminAnswer => ({
    done,
    form: null,
    target,
    errors: {},
    values: {},
    status: 200,
  });
  const invalid = (which: BadgesAdminAnswer["form"], target: string, errors: FieldErrors, values: FormValues): BadgesAdminAnswer => ({
    done: null,
    form: which,
    target,
    errors,
    values,
    status: 400,
  });
  const badgeId = () => {
    const parsed = parseForm(idSchema, form);
    if (!parsed.ok) throw notFound();
    return parsed.data.badgeClassId;
  };
  return dispatchIntent(form, {
    add: async () => {
      const parsed = parseForm(badgeClassSchema, form);
      if (!parsed.ok) return invalid("add", "", parsed.errors, parsed.values);
      await addBadgeClass(db, structureId, parsed.data);
      return ok("added");
    },
    edit: async () => {
      const id = badgeId();
      const parsed = parseForm(badgeClassSchema, form);
      if (!parsed.ok) return invalid("edit", id, parsed.errors, parsed.values);
      if (!(await updateBadgeClass(db, structureId, id, parsed.data))) throw notFound();
      return ok("saved", id);
    },
    retire: async () => {
      const outcome = await retireBadgeClass(db, structureId, badgeId());
      if (!outcome) throw notFound();
      return ok(outcome);
    },
    restore: async () => {
      if (!(await restoreBadgeClass(db, structureId, badgeId()))) throw notFound();
      return ok("restored");
    },
    rotate: async () => {
      await createSigningKey(db, issuing, structureId);
      return ok("rotated");
    },
    revoke: async () => {
      const parsed = parseForm(revokeSchema, form);
      if (!parsed.ok) return invalid("revoke", parsed.values.awardId ?? "", parsed.errors, parsed.values);
      if (!(await revokeBadge(db, structureId, parsed.data.awardId, parsed.data.reason))) throw notFound();
      return ok("revoked", parsed.data.awardId);
    },
  });
}
