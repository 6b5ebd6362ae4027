import { readForm } from "~/lib/request-body.server";
import type { MessageKey } from "~/i18n";
import { CREDENTIAL_MAX_BYTES } from "./verification.server";

/** The credential posted to the verification page: an uploaded file, or else the pasted text. */
export async function credentialFromForm(request: Request): Promise<{ ok: true; text: string } | { ok: false; error: MessageKey }> {
  const form = await readForm(request);
  const file = form.get("file");
  if (file instanceof File && file.size > 0) {
    if (file.size > CREDENTIAL_MAX_BYTES) return { ok: false, error: "badges.verify.error.tooBig" };
    return { ok: true, text: await file.text() };
  }
  const pasted = form.get("credential");
  if (typeof pasted !== "string" || pasted.trim() === "") return { ok: false, error: "badges.verify.error.empty" };
  if (pasted.length > CREDENTIAL_MAX_BYTES) return { ok: false, error: "badges.verify.error.tooBig" };
  return { ok: true, text: pasted };
}
