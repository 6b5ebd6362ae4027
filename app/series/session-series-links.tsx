import { Link } from "@remix-run/react";
import { t } from "~/i18n";

/** On an exchange's page: back to its series, and to the series' contact book. */
export function SessionSeriesLinks({ series, sessionId }: { series: { id: string; title: string } | null; sessionId: string }) {
  if (!series) return null;
  return (
    <p style={{ display: "flex", flexWrap: "wrap", gap: "0.75rem" }}>
      <Link to={`/series/${series.id}`}>{t("series.session.link", { title: series.title })}</Link>
      <Link to={`/series/${series.id}/contacts?echange=${encodeURIComponent(sessionId)}`}>{t("series.session.shareCard")}</Link>
    </p>
  );
}
