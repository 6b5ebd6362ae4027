// How the professional's diagnostic pages say dates, parts, kinds and statuses, in French.
import type { DiagnosticDimension } from "../../workshops/schema";
import { LOCALE, t } from "~/i18n";

const time = new Intl.DateTimeFormat(LOCALE, { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Paris" });

export { formatDay } from "~/i18n";

/** "14:30". */
export function formatTime(date: Date | string): string {
  return time.format(new Date(date));
}

/** The parts of a diagnostic a grant opens; null is the whole diagnostic. */
export function partsLabel(dimensions: readonly string[] | null): string {
  if (dimensions === null) return t("pro.parts.all");
  return dimensions.map((dimension) => t(`dimension.${dimension as DiagnosticDimension}`)).join(", ");
}

export function entryKindLabel(kind: string): string {
  return t(`pro.kind.${kind as "strength" | "need" | "obstacle" | "note" | "action"}`);
}

export function statusLabel(status: string | null): string {
  return status ? t(`pro.status.${status as "todo" | "doing" | "done" | "dropped"}`) : "";
}
