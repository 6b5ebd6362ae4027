import { Link } from "@remix-run/react";
import { formatDay, t } from "~/i18n";

/** On the personal space's first page: each grant that ends soon, with the way to renew it. */
export function GrantsEndingSoon({ grants }: { grants: { id: string; expiresAt: Date | string; structure: string }[] }) {
  if (grants.length === 0) return null;
  return (
    <ul className="notice" data-testid="grants-ending-soon">
      {grants.map((grant) => (
        <li key={grant.id}>
          {t("grant.endsSoon", { structure: grant.structure, date: formatDay(grant.expiresAt) })}{" "}
          <Link to={`/espace/partage#acces-${grant.id}`}>{t("grant.endsSoon.renew")}</Link>
        </li>
      ))}
    </ul>
  );
}
