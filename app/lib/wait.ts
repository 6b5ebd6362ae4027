import { t } from "../i18n/index.js";

/** "réessayez dans …": a wait in seconds as people say it, rounded up ("1 min", "15 min", "3 h"). */
export function waitText(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes < 120) return t("wait.minutes", { minutes });
  return t("wait.hours", { hours: Math.ceil(minutes / 60) });
}

/** The `Retry-After` header of a 429 answer, in whole seconds. */
export function retryAfterHeader(seconds: number): Record<string, string> {
  return { "Retry-After": String(Math.max(1, Math.ceil(seconds))) };
}

/** A route's `headers` export: a page answering 429 passes its action's Retry-After on. */
export const passRetryAfter = ({ actionHeaders }: { actionHeaders: Headers }): Record<string, string> => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : {};
};
