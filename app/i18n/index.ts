import { fill } from "./fill";
import { fr, type MessageKey } from "./fr";

export type { MessageKey };

/**
 * Looks a sentence up in the catalogue and fills its {placeholders}. The participant's pages use the
 * same function from `~/i18n/participant`, over their own part of the catalogue (issue 13).
 */
export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  return fill(fr[key], values);
}

/** Whether a string (say, a zod issue's message) is one of ours; zod's own defaults are English. */
export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(fr, value);
}

export const LOCALE = "fr-FR";

const dateTimeFormat = new Intl.DateTimeFormat(LOCALE, { dateStyle: "full", timeStyle: "short", timeZone: "Europe/Paris" });
const dayFormat = new Intl.DateTimeFormat(LOCALE, { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/Paris" });

/** French says "1er avril", not "1 avril"; Intl does not. */
function withOrdinal(format: Intl.DateTimeFormat, date: Date | string): string {
  return format
    .formatToParts(new Date(date))
    .map((part) => (part.type === "day" && Number(part.value) === 1 ? "1er" : part.value))
    .join("");
}

export function formatDateTime(date: Date | string): string {
  return withOrdinal(dateTimeFormat, date);
}

/** A day as people say it ("12 mars 2026", "1er avril 2027"), in the product's time zone. */
export function formatDay(date: Date | string): string {
  return withOrdinal(dayFormat, date);
}
