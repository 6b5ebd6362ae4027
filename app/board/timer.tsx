import { useEffect, useRef, useState } from "react";
import { timerRemainingMs, type TimerView } from "../../board-core/facilitation-protocol";
import { Picto } from "~/ui/pictograms";
import { t } from "~/i18n/participant";

/**
 * The session timer, computed from server time so that every screen shows the same seconds.
 * At zero it says so in words (announced once to screen readers), flashes, vibrates a phone and
 * plays a short tone where the browser allows sound.
 */
export function SessionTimer({ timer, serverNow }: { timer: TimerView; serverNow: () => number }) {
  const [now, setNow] = useState(() => serverNow());
  useEffect(() => {
    setNow(serverNow());
    if (!timer.running) return;
    const tick = setInterval(() => setNow(serverNow()), 250);
    return () => clearInterval(tick);
  }, [timer, serverNow]);

  const remaining = timerRemainingMs(timer, now);
  const done = timer.running && remaining === 0;
  const seconds = Math.ceil(remaining / 1000);
  const wasDone = useRef(done);
  useEffect(() => {
    if (done && !wasDone.current) signalEnd();
    wasDone.current = done;
  }, [done]);

  return (
    <div className={`session-timer${done ? " done" : ""}`} data-testid="session-timer" data-remaining={seconds}>
      <span className="session-timer-label">
        <Picto name="timer" />
        {t("facilitation.timer.label")}
      </span>{" "}
      <span role="timer" aria-live="off" className="session-timer-value">
        {formatClock(seconds)}
      </span>
      {!timer.running && remaining > 0 ? <span className="session-timer-paused"> ({t("facilitation.timer.paused")})</span> : null}
      <span role="alert" className="session-timer-end">
        {done ? t("facilitation.timer.done") : ""}
      </span>
    </div>
  );
}

function formatClock(totalSeconds: number): string {
  const minutes = Math.floor(totalSeconds / 60);
  return `${minutes}:${String(totalSeconds % 60).padStart(2, "0")}`;
}

function signalEnd(): void {
  if (typeof navigator !== "undefined" && "vibrate" in navigator) navigator.vibrate?.([300, 150, 300]);
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    const volume = audio.createGain();
    tone.frequency.value = 880;
    volume.gain.setValueAtTime(0.2, audio.currentTime);
    volume.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 1.2);
    tone.connect(volume).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 1.2);
    tone.onended = () => void audio.close();
  } catch {
    // No sound allowed before the person touched the page: the words and the flash remain.
  }
}
