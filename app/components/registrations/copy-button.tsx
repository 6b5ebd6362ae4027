import { useState } from "react";
import { t } from "~/i18n";

/** Copies a text to the clipboard and says so; the text stays visible for copying by hand. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <span className="copy-button">
      <button
        type="button"
        className="button secondary small"
        onClick={async () => {
          await navigator.clipboard?.writeText(text);
          setCopied(true);
        }}
      >
        {label}
      </button>
      <span role="status">{copied ? t("registrations.copied") : ""}</span>
    </span>
  );
}
