import { useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import type { FacilitationClient } from "~/board/facilitation-client";
import { CARD_TEXT_MAX } from "../../board-core/facilitation-protocol";
import { t } from "~/i18n/participant";
import type { ContributionZone } from "./contribution-screen";
import { Picto, Section } from "./section";

type Outcome =
  { kind: "idle" } | { kind: "sending" } | { kind: "sent"; hidden: boolean } | { kind: "error"; message: string; empty?: boolean };

/**
 * One card at a time: choose the zone (when the step has several), write or dictate, send.
 * The text leaves the box only once the server said the card is placed (or kept hidden).
 */
export function PostForm({
  client,
  zones,
  privateZoneId,
  anonymous = false,
}: {
  client: FacilitationClient | null;
  zones: ContributionZone[];
  /** The zone where a private brainstorm runs, if any: cards sent there stay hidden. */
  privateZoneId: string | null;
  /** The step is anonymous: the card is sent so, and refused rather than named if that changed meanwhile. */
  anonymous?: boolean;
}) {
  const [text, setText] = useState("");
  const [chosenZone, setChosenZone] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome>({ kind: "idle" });
  const textarea = useRef<HTMLTextAreaElement>(null);
  // A choice made in an earlier step does not carry over: the first zone of this step is the default.
  const zoneId = zones.find((zone) => zone.frameId === chosenZone)?.frameId ?? zones[0]?.frameId;

  async function send(event?: FormEvent) {
    event?.preventDefault();
    if (outcome.kind === "sending" || !zoneId) return;
    if (!text.trim()) {
      setOutcome({ kind: "error", message: t("contribute.empty"), empty: true });
      textarea.current?.focus();
      return;
    }
    setOutcome({ kind: "sending" });
    const hidden = privateZoneId === zoneId;
    const sent = text;
    const result = client
      ? await client.send({ type: "post", text: sent.trim(), zoneId, anonymous })
      : ({ ok: false, reason: "offline" } as const);
    if (result.ok) {
      // Words typed while the card was on its way belong to the next card: keep them.
      setText((current) => (current === sent ? "" : current));
      setOutcome({ kind: "sent", hidden });
    } else {
      setOutcome({ kind: "error", message: t("contribute.notSent", { reason: t(`facilitation.refused.${result.reason}`) }) });
    }
    textarea.current?.focus();
  }

  // The phone keyboard shows "send" on its Enter key (enterKeyHint): make it send. Shift+Enter
  // still starts a new line for those with a real keyboard.
  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) void send(event);
  }

  const errorId = "contribute-text-error";
  return (
    <Section id="contribute-write-title" picto="write" title={t("contribute.write.title")}>
      {zones.length === 0 ? (
        <p className="notice">{t("contribute.noZone")}</p>
      ) : (
        <form className="stack contribute-form" onSubmit={send} noValidate>
          {zones.length > 1 ? (
            <fieldset className="zone-choice">
              <legend>{t("contribute.zone.legend")}</legend>
              {zones.map((zone) => (
                <label key={zone.frameId}>
                  <input
                    type="radio"
                    name="zone"
                    value={zone.frameId}
                    checked={zone.frameId === zoneId}
                    onChange={() => setChosenZone(zone.frameId)}
                  />
                  <span>{zone.label}</span>
                </label>
              ))}
            </fieldset>
          ) : null}
          <div className="field">
            <label htmlFor="contribute-text">
              <Picto name="idea" />
              {t("contribute.text.label")}
            </label>
            <p className="hint" id="contribute-text-hint">
              {t("contribute.text.hint")}
            </p>
            <textarea
              ref={textarea}
              id="contribute-text"
              className="contribute-text"
              value={text}
              onChange={(event) => {
                setText(event.target.value);
                // "Write something first" is answered by writing; other reasons stay until the next try.
                if (outcome.kind === "error" && outcome.empty) setOutcome({ kind: "idle" });
              }}
              onKeyDown={onKeyDown}
              enterKeyHint="send"
              maxLength={CARD_TEXT_MAX}
              rows={4}
              aria-describedby={`contribute-text-hint${outcome.kind === "error" ? ` ${errorId}` : ""}`}
              aria-invalid={outcome.kind === "error" || undefined}
            />
          </div>
          <button type="submit" className="button wide contribute-send">
            <Picto name="send" />
            {t("contribute.send")}
          </button>
          <p role="status" className="contribute-outcome" data-testid="contribute-sent">
            {outcome.kind === "sending"
              ? t("contribute.sending")
              : outcome.kind === "sent"
                ? t(outcome.hidden ? "contribute.sent.private" : "contribute.sent")
                : ""}
          </p>
          <p role="alert" id={errorId} className="error contribute-error" data-testid="contribute-error">
            {outcome.kind === "error" ? outcome.message : ""}
          </p>
        </form>
      )}
    </Section>
  );
}
