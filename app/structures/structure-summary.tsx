import { t } from "~/i18n";
import { roleLabel, structureKindLabel } from "./labels";

/** A structure in one line or two: its kind, its territory, and the professional's role there. */
export function StructureSummary({ kind, territory, role }: { kind: string; territory: string | null; role: string }) {
  return (
    <p>
      {structureKindLabel(kind)}
      {territory ? ` · ${t("structures.territory", { territory })}` : null}
      <br />
      {t("structures.yourRole", { role: roleLabel(role) })}
    </p>
  );
}
