// The browser's half of a passkey ceremony: ask the server for options, let the phone sign them
// (@simplewebauthn/browser, loaded only by the pages that import this), post the answer back.
// Browser-only helpers: no server module here.
import { startAuthentication, startRegistration } from "@simplewebauthn/browser";

type Answer = { error?: string; options?: unknown; saved?: string; signedIn?: boolean };

async function post(url: string, fields: Record<string, string>): Promise<Answer> {
  const response = await fetch(url, { method: "POST", body: new URLSearchParams(fields), credentials: "same-origin" });
  const type = response.headers.get("Content-Type") ?? "";
  if (!type.includes("application/json")) return { error: "" };
  return (await response.json()) as Answer;
}

/** "cancelled" when she closed the phone's prompt, "failed" otherwise (the message, when the server gave one). */
export type CeremonyResult = { ok: true } | { ok: false; cancelled: boolean; message: string | null };

function refusal(error: unknown): CeremonyResult {
  const name = error instanceof Error ? error.name : "";
  return { ok: false, cancelled: name === "NotAllowedError" || name === "AbortError", message: null };
}

export async function registerPasskeyInBrowser(label: string): Promise<CeremonyResult> {
  const start = await post("/espace/cle", { intent: "options" });
  if (!start.options) return { ok: false, cancelled: false, message: start.error || null };
  let response;
  try {
    response = await startRegistration({ optionsJSON: start.options as Parameters<typeof startRegistration>[0]["optionsJSON"] });
  } catch (error) {
    return refusal(error);
  }
  const end = await post("/espace/cle", { intent: "verify", label, response: JSON.stringify(response) });
  return end.saved ? { ok: true } : { ok: false, cancelled: false, message: end.error || null };
}

export async function signInWithPasskeyInBrowser(): Promise<CeremonyResult> {
  const start = await post("/espace/connexion/cle", { intent: "options" });
  if (!start.options) return { ok: false, cancelled: false, message: start.error || null };
  let response;
  try {
    response = await startAuthentication({ optionsJSON: start.options as Parameters<typeof startAuthentication>[0]["optionsJSON"] });
  } catch (error) {
    return refusal(error);
  }
  const end = await post("/espace/connexion/cle", { intent: "verify", response: JSON.stringify(response) });
  return end.signedIn ? { ok: true } : { ok: false, cancelled: false, message: end.error || null };
}

export { browserSupportsWebAuthn } from "@simplewebauthn/browser";
