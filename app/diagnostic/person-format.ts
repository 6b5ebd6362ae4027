import { readProvenance, sessionKindLabel } from "~/diagnostic/provenance";
import { isMessageKey, t } from "~/i18n";
import { DIAGNOSTIC_DIMENSIONS, type DiagnosticDimension } from "../../workshops/schema";

export { formatDay } from "~/i18n";

export function dimensionLabel(dimension: string): string {
  return (DIAGNOSTIC_DIMENSIONS as readonly string[]).includes(dimension) ? t(`dimension.${dimension as DiagnosticDimension}`) : dimension;
}

/** Looks up `prefix + value` when the catalogue has it, else shows the value itself. */
export function labelOf(prefix: string, value: string): string {
  const key = `${prefix}${value}`;
  return isMessageKey(key) ? t(key) : value;
}

export interface ProvenanceLine {
  title: string;
  kind: string;
  date: string;
  structure: string;
}

/** Where a workshop entry comes from, read from its stored provenance (null for other entries). */
export function provenanceOf(stored: unknown): ProvenanceLine | null {
  const provenance = readProvenance(stored);
  return (
    provenance && {
      title: provenance.sessionTitle,
      kind: sessionKindLabel(provenance),
      date: provenance.sessionDate,
      structure: provenance.structure,
    }
  );
}

/** An audit event's part ("all", "history", or dimensions separated by commas), in words. */
export function auditPartLabel(part: string): string {
  if (part === "all") return t("espace.journal.part.all");
  if (part === "history") return t("espace.journal.part.history");
  return part.split(",").map(dimensionLabel).join(", ");
}
