// The end-of-session questions on the phone screen, shown while the facilitation view says they are
// asked (the current step asks them, or the facilitator opened them). The questions and the
// participant's own answers come from the feedback page's loader, read once they are asked.
import { useFetcher } from "@remix-run/react";
import { useEffect } from "react";
import { FeedbackForm, type FeedbackFormData } from "./feedback-form";
import { feedbackAction } from "./fields";

export function LiveFeedback({ sessionId }: { sessionId: string }) {
  const fetcher = useFetcher<FeedbackFormData & { closed: boolean }>();
  const { load } = fetcher;
  useEffect(() => {
    load(feedbackAction(sessionId));
  }, [load, sessionId]);
  const loaded = fetcher.data;
  if (!loaded || loaded.closed) return null;
  return <FeedbackForm sessionId={sessionId} questions={loaded.questions} mine={loaded.mine} />;
}
