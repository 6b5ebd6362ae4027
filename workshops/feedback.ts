// The questions a session asks at its end (issue 16.1): each answered by tapping a face on a scale of
// 3 to 5, anonymously. The default set serves every template that asks for feedback without writing
// its own questions, and the facilitator's live "Recueillir les avis" on a session whose template has
// none. Their ids are stable, so that indicators can add up the same question across sessions.
import { z } from "zod";

export const FEEDBACK_SCALES = [3, 4, 5] as const;
export type FeedbackScale = (typeof FEEDBACK_SCALES)[number];
export const FEEDBACK_QUESTIONS_MAX = 6;

export const feedbackQuestionSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/, "identifiant en minuscules, chiffres et tirets"),
  label: z.string().trim().min(1).max(120),
  scale: z.union([z.literal(3), z.literal(4), z.literal(5)]),
});
export type FeedbackQuestion = z.infer<typeof feedbackQuestionSchema>;

/** Drawn from the quality grid's satisfaction criteria (../shared/seeds), in plain words read aloud. */
export const DEFAULT_FEEDBACK_QUESTIONS: FeedbackQuestion[] = [
  { id: "accueil", label: "Je me suis senti·e bien accueilli·e", scale: 4 },
  { id: "appris", label: "J'ai appris quelque chose", scale: 4 },
  { id: "suite", label: "Je sais ce que je vais faire ensuite", scale: 4 },
  { id: "revenir", label: "Je reviendrais à un atelier comme celui-ci", scale: 4 },
];

export const feedbackQuestionsSchema = z
  .array(feedbackQuestionSchema)
  .min(1)
  .max(FEEDBACK_QUESTIONS_MAX)
  .superRefine((questions, ctx) => {
    const seen = new Set<string>();
    questions.forEach((question, index) => {
      if (seen.has(question.id)) ctx.addIssue({ code: "custom", path: [index, "id"], message: "identifiant déjà utilisé" });
      seen.add(question.id);
    });
  });

/** A phase's `feedback`: `{}` asks the default questions. */
export const phaseFeedbackSchema = z.object({
  questions: feedbackQuestionsSchema.default(() => DEFAULT_FEEDBACK_QUESTIONS.map((question) => ({ ...question }))),
});

/**
 * The questions of a session, from its stored phases: those of its feedback steps (the first step
 * that asks a question decides its wording), or the default set when no step asks for feedback.
 */
export function sessionFeedbackQuestions(phases: { feedback?: { questions: FeedbackQuestion[] } | null }[]): FeedbackQuestion[] {
  const byId = new Map<string, FeedbackQuestion>();
  for (const phase of phases)
    for (const question of phase.feedback?.questions ?? []) if (!byId.has(question.id)) byId.set(question.id, question);
  return byId.size > 0 ? [...byId.values()] : DEFAULT_FEEDBACK_QUESTIONS;
}
