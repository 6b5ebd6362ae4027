import { formatDay, t } from "~/i18n";

export interface PersonBadge {
  id: string;
  issuedAt: Date | string | null;
  revokedAt: Date | string | null;
  revokedReason: string | null;
  badgeClass: { name: string; description: string };
  structure: { name: string };
}

/** Her badges: each to download (her signed file) and to check on the public page. */
export function PersonBadges({ badges }: { badges: PersonBadge[] }) {
  return (
    <section aria-labelledby="my-badges-title">
      <h2 id="my-badges-title">{t("badges.mine.title")}</h2>
      {badges.length === 0 ? <p>{t("badges.mine.empty")}</p> : null}
      <ul className="stack">
        {badges.map((badge) => (
          <li key={badge.id} className="card" data-testid="my-badge">
            <h3>{badge.badgeClass.name}</h3>
            <p>{badge.badgeClass.description}</p>
            <p className="muted">
              {t("badges.mine.issued", { structure: badge.structure.name, date: badge.issuedAt ? formatDay(badge.issuedAt) : "" })}
            </p>
            {badge.revokedAt ? (
              <p className="notice">
                {t("badges.mine.revoked", { date: formatDay(badge.revokedAt) })}{" "}
                {badge.revokedReason ? t("badges.verify.revokedReason", { reason: badge.revokedReason }) : null}
              </p>
            ) : null}
            <p className="actions">
              <a className="button" href={`/espace/badges/${badge.id}`} download>
                {t("badges.mine.download")}
                <span className="visually-hidden"> {badge.badgeClass.name}</span>
              </a>
              <a href={`/badges/verifier/${badge.id}`}>
                {t("badges.mine.check")}
                <span className="visually-hidden"> {badge.badgeClass.name}</span>
              </a>
            </p>
          </li>
        ))}
      </ul>
      <p className="muted">{t("badges.mine.share")}</p>
    </section>
  );
}
