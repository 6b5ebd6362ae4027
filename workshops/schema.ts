import { z } from "zod";
import { phaseFeedbackSchema } from "./feedback.js";

/** The three kinds of group session (see ../shared/DOMAIN.md). */
export const SESSION_KINDS = ["information_session", "peer_workshop", "practice_exchange"] as const;
export const sessionKindSchema = z.enum(SESSION_KINDS);
export type SessionKind = z.infer<typeof sessionKindSchema>;

/** Dimensions of the individual diagnostic that a zone's cards can feed. */
export const DIAGNOSTIC_DIMENSIONS = [
  "mobility",
  "housing",
  "digital",
  "finances",
  "health",
  "family_administrative",
  "professional_path",
  "skills",
  "expectations_needs",
  "action_plan",
] as const;
export const diagnosticDimensionSchema = z.enum(DIAGNOSTIC_DIMENSIONS);
export type DiagnosticDimension = z.infer<typeof diagnosticDimensionSchema>;

/** tldraw's named colours, so that a zone's colour is always one the board can draw. */
export const ZONE_COLORS = [
  "black",
  "grey",
  "light-violet",
  "violet",
  "blue",
  "light-blue",
  "yellow",
  "orange",
  "green",
  "light-green",
  "light-red",
  "red",
] as const;

export const zoneSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, "identifiant en minuscules, chiffres et tirets"),
  label: z.string().min(1).max(80),
  color: z.enum(ZONE_COLORS),
  kind: z.enum(["free", "list", "vote", "grid-row", "grid-column"]),
  dimension: diagnosticDimensionSchema.optional(),
});

export const phaseSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, "identifiant en minuscules, chiffres et tirets"),
  title: z.string().min(1).max(80),
  minutes: z.number().int().positive().max(240),
  /** What the facilitator does and says. */
  guidance: z.string().min(1),
  /** What participants read during this phase. */
  prompt: z.string().min(1).max(280),
  zones: z.array(zoneSchema).max(12),
  /**
   * Cards written during this step carry no name anywhere others can see (board, presence, report,
   * closing); the board server alone keeps who wrote each, until the session closes (issue 15.5).
   * The facilitator can also turn it on or off live.
   */
  anonymous: z.boolean().optional(),
  /**
   * At this step everyone answers a few questions with faces, anonymously (issue 16.1); `{}` asks the
   * default questions (workshops/feedback.ts). The facilitator can also open the questions live.
   */
  feedback: phaseFeedbackSchema.optional(),
  /**
   * At this step the phone screen offers to book an appointment with the host structure (issue 17.2):
   * "diagnostic" opens its free diagnostic times. The information sessions' last step has it.
   */
  booking: z.literal("diagnostic").optional(),
});

export const workshopTemplateSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, "identifiant en minuscules, chiffres et tirets"),
    kind: sessionKindSchema,
    title: z.string().min(1).max(120),
    audience: z.string().min(1),
    goal: z.string().min(1),
    durationMinutes: z.number().int().positive().max(480),
    materials: z.array(z.string().min(1)),
    accessibility: z.array(z.string().min(1)),
    phases: z.array(phaseSchema).min(1).max(12),
  })
  .superRefine((template, ctx) => {
    const total = template.phases.reduce((sum, phase) => sum + phase.minutes, 0);
    if (total !== template.durationMinutes) {
      ctx.addIssue({
        code: "custom",
        path: ["durationMinutes"],
        message: `la durée totale (${template.durationMinutes} min) diffère de la somme des phases (${total} min)`,
      });
    }
  });

export type WorkshopTemplate = z.infer<typeof workshopTemplateSchema>;
export type WorkshopPhase = z.infer<typeof phaseSchema>;
export type WorkshopZone = z.infer<typeof zoneSchema>;
