// The participants' answers on the session's report page (issue 16.1): per question, how many chose
// each face ("< 5" when fewer than five people answered, so that nobody is recognised), then the
// words left, without any name.
import { cellText } from "~/indicators/indicator-table";
import { t } from "~/i18n";
import type { FeedbackSummary } from "./feedback.server";
import { Face } from "./faces";
import { faceLabel } from "./fields";

export function FeedbackReport({ summary, pending = false }: { summary: FeedbackSummary | null; pending?: boolean }) {
  if (pending) return <p data-testid="report-feedback">{t("report.feedback.pending")}</p>;
  if (!summary) return <p data-testid="report-feedback">{t("report.feedback.none")}</p>;
  return (
    <div data-testid="report-feedback">
      <p>{t("report.feedback.ballots", { count: cellText(summary.ballots) })}</p>
      {summary.masked ? <p className="notice">{t("report.feedback.masked")}</p> : null}
      {summary.questions.map((question, index) => (
        <table key={question.id} className="feedback-table" data-question={question.id}>
          <caption>{question.label}</caption>
          <thead>
            <tr>
              {question.faces.map((_, face) => (
                <th key={face} scope="col">
                  <Face scale={question.scale} value={face + 1} size={32} />
                  <br />
                  {faceLabel(question.scale, face + 1)}
                </th>
              ))}
              <th scope="col">{t("report.feedback.answered")}</th>
            </tr>
          </thead>
          <tbody>
            <tr id={`feedback-${index}`}>
              {question.faces.map((cell, face) => (
                <td key={face}>{cellText(cell)}</td>
              ))}
              <td>{cellText(question.answered)}</td>
            </tr>
          </tbody>
        </table>
      ))}
      <h3>{t("report.feedback.words")}</h3>
      {summary.words.length > 0 ? (
        <ul data-testid="report-feedback-words">
          {summary.words.map((word, index) => (
            <li key={index}>{word}</li>
          ))}
        </ul>
      ) : (
        <p>{t("report.feedback.wordsNone")}</p>
      )}
    </div>
  );
}
