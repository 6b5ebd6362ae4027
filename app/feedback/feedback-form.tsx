// The end-of-session questions (issue 16.1), as the phone, the board's panel (through its page) and
// a browser without script all show them: one group of faces per question, each a large radio
// button, read aloud on tap; an optional word, typed or dictated; one button. Without script it is
// a plain form posted to /contribute/<session>/avis; with it, the same form posts in place.
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { FeedbackQuestion } from "../../workshops/feedback";
import { t } from "~/i18n/participant";
import { Picto } from "~/ui/pictograms";
import { Face } from "./faces";
import { FEEDBACK_WORD_MAX, faceLabel, feedbackAction, questionField, WORD_FIELD } from "./fields";
import { dictate, recognitionConstructor, speak } from "./speech";

export interface FeedbackFormData {
  questions: FeedbackQuestion[];
  /** The participant's own answers, read back by their ballot's key; null before the first. */
  mine: { answers: Record<string, number>; word: string } | null;
}

/** What the action answers: saved, or why not (a French sentence). */
export type FeedbackAnswer = { saved: true } | { saved: false; problem: string };

export function FeedbackForm({
  sessionId,
  questions,
  mine,
  answer,
}: FeedbackFormData & {
  sessionId: string;
  /** The answer to a post made without script (the page's action data). */
  answer?: FeedbackAnswer;
}) {
  const fetcher = useFetcher<FeedbackAnswer>();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const result = fetcher.state === "idle" ? (fetcher.data ?? answer) : undefined;
  const saved = result ? result.saved : mine !== null;
  return (
    <section className="contribute-section feedback" aria-labelledby="feedback-title" data-testid="feedback">
      <h2 id="feedback-title">
        <Picto name="feedback" />
        {t("feedback.title")}
      </h2>
      <p>{t("feedback.intro")}</p>
      {/* Keyed by the stored answers: once saved and read back, the form shows them as they are. */}
      <fetcher.Form method="post" action={feedbackAction(sessionId)} className="stack" key={JSON.stringify(mine)}>
        {questions.map((question, index) => (
          <fieldset key={question.id} className="feedback-question" data-question={question.id}>
            <legend id={`feedback-q-${index}`}>{question.label}</legend>
            {hydrated ? (
              <button type="button" className="button small secondary feedback-listen" onClick={() => speak(question.label)}>
                <span aria-hidden="true">🔊</span> {t("feedback.listen")}
              </button>
            ) : null}
            <div className="feedback-faces">
              {Array.from({ length: question.scale }, (_, i) => i + 1).map((value) => (
                <label key={value} className="feedback-choice">
                  <input
                    type="radio"
                    className="visually-hidden"
                    name={questionField(question.id)}
                    value={value}
                    defaultChecked={mine?.answers[question.id] === value}
                    onClick={() => speak(`${question.label} : ${faceLabel(question.scale, value)}`)}
                  />
                  <Face scale={question.scale} value={value} />
                  <span>{faceLabel(question.scale, value)}</span>
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        <WordField initial={mine?.word ?? ""} hydrated={hydrated} />
        <button type="submit" className="button wide contribute-send" disabled={fetcher.state !== "idle"}>
          <Picto name="send" />
          {mine ? t("feedback.update") : t("feedback.submit")}
        </button>
        <p role="status" className="contribute-outcome" data-testid="feedback-saved">
          {saved && result?.saved !== false ? t("feedback.saved") : ""}
        </p>
        <p role="alert" className="error" data-testid="feedback-problem">
          {result && !result.saved ? result.problem : ""}
        </p>
      </fetcher.Form>
    </section>
  );
}

function WordField({ initial, hydrated }: { initial: string; hydrated: boolean }) {
  const [word, setWord] = useState(initial);
  const [listening, setListening] = useState(false);
  const stop = useRef<(() => void) | null>(null);
  const canDictate = hydrated && recognitionConstructor() !== null;
  useEffect(() => () => stop.current?.(), []);
  function toggleDictation() {
    if (listening) return stop.current?.();
    stop.current = dictate(
      (heard) => setWord((current) => `${current} ${heard}`.trim().slice(0, FEEDBACK_WORD_MAX)),
      () => {
        stop.current = null;
        setListening(false);
      },
    );
    setListening(stop.current !== null);
  }
  return (
    <div className="field">
      <label htmlFor="feedback-word">{t("feedback.word")}</label>
      <p className="hint" id="feedback-word-hint">
        {t("feedback.word.hint", { max: FEEDBACK_WORD_MAX })}
      </p>
      <textarea
        id="feedback-word"
        name={WORD_FIELD}
        className="contribute-text feedback-word"
        rows={2}
        maxLength={FEEDBACK_WORD_MAX}
        value={word}
        onChange={(event) => setWord(event.target.value)}
        aria-describedby="feedback-word-hint"
      />
      {canDictate ? (
        <button type="button" className="button small secondary" aria-pressed={listening} onClick={toggleDictation}>
          {listening ? t("feedback.dictate.stop") : t("feedback.dictate")}
        </button>
      ) : null}
      {listening ? <p role="status">{t("feedback.dictate.listening")}</p> : null}
    </div>
  );
}
