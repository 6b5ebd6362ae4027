// The participants' answers as lines of text, for the report's Markdown and PDF (outline.server.ts):
// one line per question with each face's word and its count ("< 5" when hidden), then the words.
import { cellText } from "../indicators/indicator-table.js";
import { t } from "../i18n/index.js";
import type { FeedbackSummary } from "./feedback.server.js";
import { faceLabel } from "./fields.js";

export function feedbackLines(
  summary: FeedbackSummary | null,
  pending = false,
): { paragraphs: string[]; questions: string[]; words: string[] } {
  if (pending) return { paragraphs: [t("report.feedback.pending")], questions: [], words: [] };
  if (!summary) return { paragraphs: [t("report.feedback.none")], questions: [], words: [] };
  const paragraphs = [t("report.feedback.ballots", { count: cellText(summary.ballots) })];
  if (summary.masked) paragraphs.push(t("report.feedback.masked"));
  const questions = summary.questions.map(
    (question) =>
      `${question.label} — ${question.faces.map((cell, index) => `${faceLabel(question.scale, index + 1)} : ${cellText(cell)}`).join(" ; ")}`,
  );
  return { paragraphs, questions, words: summary.words.map((word) => word.replace(/\s+/g, " ").trim()) };
}
