// Where a diagnostic entry that came from a workshop comes from: written by acceptOutcome
// (outcomes.server.ts), read by the professional's and the person's pages alike.
import { z } from "zod";
import { sessionKindSchema } from "../../workshops/schema.js";
import { t } from "../i18n/index.js";

export const provenanceSchema = z.object({
  sessionId: z.string().optional(),
  sessionTitle: z.string(),
  sessionKind: z.string().optional(),
  sessionDate: z.string(),
  structure: z.string().default(""),
  facilitator: z.string().optional(),
  cardText: z.string().optional(),
  outcomeKind: z.string().optional(),
});
export type Provenance = z.infer<typeof provenanceSchema>;

/** The provenance of an entry, or null for entries that did not come from a workshop. */
export function readProvenance(stored: unknown): Provenance | null {
  const parsed = provenanceSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

/** The session's kind in words ("Atelier entre pairs"…), or "" when it was not recorded. */
export function sessionKindLabel(provenance: Provenance): string {
  const parsed = sessionKindSchema.safeParse(provenance.sessionKind);
  return parsed.success ? t(`kind.${parsed.data}`) : "";
}
