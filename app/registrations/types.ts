import type { FieldErrors } from "~/lib/forms";

/** What the registrations page's action answers, for the form that sent it. */
export interface RegistrationsAnswer {
  intent: "settings" | "invite" | "attendance" | "cancel";
  errors: FieldErrors;
  values: Record<string, string>;
  done?: { status: "registered" | "waiting"; name: string; duplicate: boolean } | true;
}
