// The structure's retention page (/structures/<id>/conservation): its admins see each kind of data
// with its period, choose their own within bounds, and read the last purge's run and what it removed
// for them. A professional outside the structure gets a 404; a member who is not an admin, a 403.
import type { Db } from "../../prisma/db.js";
import { constraintsOf } from "../lib/forms.js";
import { lastPurgeFor } from "./purge.server.js";
import { RETENTION_KINDS, RETENTION_POLICY, isRetentionKind } from "./retention.js";
import { effectiveRetention, retentionFormSchema } from "./retention.server.js";

const outcomeOf = (stored: string): "running" | "done" | "failed" => (stored === "done" || stored === "failed" ? stored : "running");

export async function retentionPageData(db: Db, structureId: string) {
  const days = await effectiveRetention(db, structureId);
  const last = await lastPurgeFor(db, structureId);
  return {
    kinds: RETENTION_KINDS.map((kind) => ({ ...RETENTION_POLICY[kind], days: days[kind] })),
    fields: constraintsOf(retentionFormSchema),
    lastRun: last && {
      startedAt: last.startedAt.toISOString(),
      outcome: outcomeOf(last.outcome),
      counts: last.counts.filter((line) => isRetentionKind(line.kind)),
    },
  };
}
