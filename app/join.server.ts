import { data, redirect } from "@remix-run/node";
import type { AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import { startParticipantSession } from "./auth.server";
import { fieldErrors, joinSchema, type FieldErrors } from "./sessions.schema";
import { findSessionByJoinCode } from "./sessions.server";

/**
 * Which screen the person chose with the button they pressed: the simple phone screen (the first
 * button, so also Enter) or the whole board. Anything else counts as the phone screen.
 */
export const joinViewSchema = z.enum(["phone", "board"]).catch("phone");

/** The join form's action, shared by /join and /join/<code>. */
export async function joinAction(request: Request, context: AppLoadContext) {
  const form = Object.fromEntries(await request.formData());
  const values = { code: String(form.code ?? ""), displayName: String(form.displayName ?? "") };
  const parsed = joinSchema.safeParse(form);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  const session = await findSessionByJoinCode(context.db, parsed.data.code);
  if (!session) {
    const errors: FieldErrors = { code: "join.error.unknown" };
    return data({ errors, values }, { status: 404 });
  }
  const cookie = await startParticipantSession(context.db, request, session.id, parsed.data.displayName);
  const screen = joinViewSchema.parse(form.view) === "board" ? "board" : "contribute";
  return redirect(`/${screen}/${session.id}`, { headers: { "Set-Cookie": cookie } });
}
