import { Link } from "@remix-run/react";
import { t } from "~/i18n";

/**
 * A short notice: what is kept, who sees it, for how long, how to erase it (lines from
 * app/privacy/notice.ts, computed by the page's loader), and the way to the full page.
 */
export function PrivacyNotice({ lines }: { lines: string[] }) {
  return (
    <section className="notice privacy-notice" aria-labelledby="privacy-notice-title" data-testid="privacy-notice">
      <h2 id="privacy-notice-title">{t("notice.title")}</h2>
      <ul>
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p>
        <Link to="/confidentialite">{t("notice.more")}</Link>
      </p>
    </section>
  );
}
