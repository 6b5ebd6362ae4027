import { useState } from "react";

/** Copies a text to the clipboard and says so; the text stays visible elsewhere for copying by hand. */
export function CopyButton({
  text,
  label,
  copiedLabel,
  className = "button secondary small",
}: {
  text: string;
  label: string;
  copiedLabel: string;
  className?: string;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <span className="copy-button">
      <button
        type="button"
        className={className}
        onClick={() =>
          navigator.clipboard?.writeText(text).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {label}
      </button>
      <span role="status">{copied ? copiedLabel : ""}</span>
    </span>
  );
}
