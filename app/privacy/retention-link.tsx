import { Link } from "@remix-run/react";
import { t } from "~/i18n";

/** From the structure's page, for its admins: the retention periods and the last purge. */
export function RetentionLink({ structureId }: { structureId: string }) {
  return (
    <p>
      <Link to={`/structures/${structureId}/conservation`}>{t("privacy.retention.link")}</Link>
    </p>
  );
}
