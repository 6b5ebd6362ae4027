// The names of the feedback form's fields, shared by the form (phone, board panel, page without
// script) and the action that reads it (feedback.server.ts). No validation library here: the phone
// screen's script stays small (issue 13).
import { t, type ParticipantMessageKey } from "../i18n/participant.js";

/** Longest word a participant may add to their answers. */
export const FEEDBACK_WORD_MAX = 280;
export const WORD_FIELD = "word";

export function questionField(questionId: string): string {
  return `q.${questionId}`;
}

/** The feedback page: where the form posts, and where the board's panel sends a participant. */
export function feedbackAction(sessionId: string): string {
  return `/contribute/${encodeURIComponent(sessionId)}/avis`;
}

/** The word under (and read aloud for) face `value` of a scale of `scale`: "Pas du tout" … "Tout à fait". */
export function faceLabel(scale: number, value: number): string {
  return t(`feedback.face.${scale}.${value}` as ParticipantMessageKey);
}
