import { LOCALE, t, type MessageKey } from "~/i18n";
import { fr } from "~/i18n/fr";
import { DIAGNOSTIC_DIMENSIONS, type DiagnosticDimension } from "../../../workshops/schema";

/** A day as people say it ("12 mars 2026"), in the product's time zone. */
export function formatDay(date: Date | string): string {
  return new Intl.DateTimeFormat(LOCALE, { dateStyle: "long", timeZone: "Europe/Paris" }).format(new Date(date));
}

export function dimensionLabel(dimension: string): string {
  return (DIAGNOSTIC_DIMENSIONS as readonly string[]).includes(dimension)
    ? t(`dimension.${dimension as DiagnosticDimension}`)
    : dimension;
}

/** Looks up `prefix + value` when the catalogue has it, else shows the value itself. */
export function labelOf(prefix: string, value: string): string {
  const key = `${prefix}${value}`;
  return key in fr ? t(key as MessageKey) : value;
}

export interface Provenance {
  title: string;
  date: string;
  structure: string;
}

/** Where a workshop entry comes from, read from its stored provenance (null for other entries). */
export function provenanceOf(stored: unknown): Provenance | null {
  if (!stored || typeof stored !== "object") return null;
  const { sessionTitle, sessionDate, structure } = stored as Record<string, unknown>;
  if (typeof sessionTitle !== "string" || typeof sessionDate !== "string") return null;
  return { title: sessionTitle, date: sessionDate, structure: typeof structure === "string" ? structure : "" };
}

/** An audit event's part ("all", "history", or dimensions separated by commas), in words. */
export function auditPartLabel(part: string): string {
  if (part === "all") return t("espace.journal.part.all");
  if (part === "history") return t("espace.journal.part.history");
  return part.split(",").map(dimensionLabel).join(", ");
}
