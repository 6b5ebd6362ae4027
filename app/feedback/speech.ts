// Reading aloud and dictation in the browser (issue 16.1), both progressive: without them the form
// still works, with its words. Nothing leaves the browser through us; a browser's dictation may use
// its maker's service, as the keyboard's microphone does.

/** Reads `text` aloud in French, cutting off what was being read; does nothing where unsupported. */
export function speak(text: string): void {
  if (typeof window === "undefined" || !("speechSynthesis" in window)) return;
  try {
    window.speechSynthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = "fr-FR";
    const voice = window.speechSynthesis.getVoices().find((candidate) => candidate.lang.toLowerCase().startsWith("fr"));
    if (voice) utterance.voice = voice;
    utterance.rate = 0.9;
    window.speechSynthesis.speak(utterance);
  } catch {
    // Reading aloud is a help, never a reason for the form to fail.
  }
}

interface Recognition {
  lang: string;
  interimResults: boolean;
  continuous: boolean;
  onresult: ((event: { results: ArrayLike<ArrayLike<{ transcript: string }>> }) => void) | null;
  onend: (() => void) | null;
  onerror: (() => void) | null;
  start(): void;
  stop(): void;
}
type RecognitionConstructor = new () => Recognition;

/** The browser's speech recognition, or null where it has none. */
export function recognitionConstructor(): RecognitionConstructor | null {
  if (typeof window === "undefined") return null;
  const scope = window as unknown as { SpeechRecognition?: RecognitionConstructor; webkitSpeechRecognition?: RecognitionConstructor };
  return scope.SpeechRecognition ?? scope.webkitSpeechRecognition ?? null;
}

/** Starts dictation in French; `onText` receives the words heard, `onEnd` when it stops. Returns a stop function. */
export function dictate(onText: (text: string) => void, onEnd: () => void): (() => void) | null {
  const Constructor = recognitionConstructor();
  if (!Constructor) return null;
  try {
    const recognition = new Constructor();
    recognition.lang = "fr-FR";
    recognition.interimResults = false;
    recognition.continuous = false;
    recognition.onresult = (event) => {
      const heard = Array.from(event.results)
        .map((result) => result[0]?.transcript ?? "")
        .join(" ")
        .trim();
      if (heard) onText(heard);
    };
    recognition.onend = onEnd;
    recognition.onerror = onEnd;
    recognition.start();
    return () => recognition.stop();
  } catch {
    return null;
  }
}
