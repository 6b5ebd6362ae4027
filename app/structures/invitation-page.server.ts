// Following an invitation link to a structure: a signed-in professional joins it, anyone else makes
// an account with the invitation. Either way they land in the structure, which becomes the current one.
import { redirect } from "@remix-run/node";
import type { Db } from "../../prisma/db.js";
import { findProfessional, signInProfessional } from "../auth/auth.server.js";
import { constraintsOf, notFound, parseForm, type FieldErrors, type FormValues } from "../lib/forms.js";
import { acceptInvitation, currentStructureCookie, invitationSignupSchema, signUpWithInvitation } from "./structures.server.js";

/** The sign-up form's inputs: lengths and what is required, from the schema. */
export const invitationSignupFields = constraintsOf(invitationSignupSchema);

/** Unknown, used, expired or revoked: one answer, so a link tells nothing about why it failed. */
export const invitationGone = notFound;

/** A redirect into the structure, or the sign-up form's errors with what was typed (never the password). */
export async function answerInvitation(
  db: Db,
  request: Request,
  token: string,
  form: FormData,
): Promise<Response | { errors: FieldErrors; values: FormValues }> {
  const user = await findProfessional(db, request.headers.get("Cookie"));
  if (user) {
    const structureId = await acceptInvitation(db, token, user.id);
    if (!structureId) throw invitationGone();
    return joined(request, structureId);
  }
  const parsed = parseForm(invitationSignupSchema, form);
  const values = { displayName: parsed.values.displayName ?? "", email: parsed.values.email ?? "" };
  if (!parsed.ok) return { errors: parsed.errors, values };
  const result = await signUpWithInvitation(db, token, parsed.data);
  if (!result.ok && "invalid" in result) throw invitationGone();
  if (!result.ok) return { errors: result.errors as FieldErrors, values };
  return joined(request, result.structureId, await signInProfessional(db, request, result.userId));
}

async function joined(request: Request, structureId: string, sessionCookie?: string) {
  const headers = new Headers();
  if (sessionCookie) headers.append("Set-Cookie", sessionCookie);
  headers.append("Set-Cookie", await currentStructureCookie(request, structureId));
  return redirect(`/structures/${structureId}?bienvenue`, { headers });
}
