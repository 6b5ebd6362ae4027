// A structure's own retention periods (RetentionOverride rows), read by the purge, the notices and the
// structure's administration page, and changed only by the structure's admins, within the policy's
// bounds (app/privacy/retention.ts).
import { z } from "zod";
import type { Db } from "../../prisma/db.js";
import type { MessageKey } from "../i18n/index.js";
import { parseForm, type FieldErrors, type FormValues } from "../lib/forms.js";
import {
  RETENTION_KINDS,
  RETENTION_POLICY,
  isRetentionKind,
  retentionDays,
  withinBounds,
  type RetentionKind,
  type RetentionOverrides,
} from "./retention.js";

/** The structure's stored choices, kind → days; rows of an unknown kind or out of bounds are left out. */
export async function retentionOverridesOf(db: Db, structureId: string): Promise<RetentionOverrides> {
  const rows = await db.retentionOverride.findMany({ where: { structureId }, select: { kind: true, days: true } });
  const overrides: RetentionOverrides = {};
  for (const row of rows) {
    if (isRetentionKind(row.kind) && withinBounds(row.kind, row.days)) overrides[row.kind] = row.days;
  }
  return overrides;
}

/** The days that apply to each kind for a structure: its choice where it made one, the default elsewhere. */
export async function effectiveRetention(db: Db, structureId: string): Promise<Record<RetentionKind, number>> {
  const overrides = await retentionOverridesOf(db, structureId);
  return Object.fromEntries(RETENTION_KINDS.map((kind) => [kind, retentionDays(kind, overrides)])) as Record<RetentionKind, number>;
}

// ─── Saving a structure's choices ────────────────────────────────────────────

const daysError: MessageKey = "privacy.retention.error.days";

/** One field per kind (its name is the kind), each a whole number of days within that kind's bounds. */
export const retentionFormSchema = z.object(
  Object.fromEntries(
    RETENTION_KINDS.map((kind) => {
      const rule = RETENTION_POLICY[kind];
      return [
        kind,
        z.coerce
          .number({ message: daysError })
          .int({ message: daysError })
          .min(rule.minDays, { message: daysError })
          .max(rule.maxDays, { message: daysError }),
      ];
    }),
  ) as Record<RetentionKind, z.ZodNumber>,
);

export type RetentionAnswer = { errors: FieldErrors; values: FormValues; saved: boolean; status: number };

/** Whether the professional is an admin of the structure: the one who may change its periods. */
export async function isStructureAdmin(db: Db, userId: string, structureId: string): Promise<boolean> {
  return (await db.membership.count({ where: { userId, structureId, role: "admin" } })) > 0;
}

/**
 * An admin saves the structure's periods. A value equal to the default removes the override (the
 * structure follows the product's default, and a later change of default reaches it). A non-admin
 * gets a thrown 403; a value out of bounds a French field error and nothing saved.
 */
export async function saveRetentionOverrides(
  db: Db,
  userId: string,
  structureId: string,
  form: FormData | Record<string, unknown>,
): Promise<RetentionAnswer> {
  if (!(await isStructureAdmin(db, userId, structureId))) throw new Response("Forbidden", { status: 403 });
  // An empty field means "the default": filled in before parsing so that zod sees a number.
  const input = form instanceof FormData ? Object.fromEntries(form) : form;
  const filled: Record<string, unknown> = { ...input };
  for (const kind of RETENTION_KINDS) {
    const value = filled[kind];
    if (value === undefined || (typeof value === "string" && value.trim() === ""))
      filled[kind] = String(RETENTION_POLICY[kind].defaultDays);
  }
  const parsed = parseForm(retentionFormSchema, filled);
  if (!parsed.ok) return { errors: parsed.errors, values: parsed.values, saved: false, status: 400 };
  await db.$transaction(
    RETENTION_KINDS.map((kind) => {
      const days = parsed.data[kind];
      return days === RETENTION_POLICY[kind].defaultDays
        ? db.retentionOverride.deleteMany({ where: { structureId, kind } })
        : db.retentionOverride.upsert({
            where: { structureId_kind: { structureId, kind } },
            create: { structureId, kind, days, updatedById: userId },
            update: { days, updatedById: userId },
          });
    }),
  );
  return { errors: {}, values: parsed.values, saved: true, status: 200 };
}
