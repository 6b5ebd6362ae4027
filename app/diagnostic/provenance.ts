// Where a diagnostic entry that came from a workshop comes from: written by acceptOutcome
// (outcomes.server.ts), read by the professional's and the person's pages alike.
import { z } from "zod";

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
