// What a session's host or co-host does on its registrations page: seats and the public link,
// invite someone, mark who came, cancel a registration. The caller has found the session among the
// ones the professional runs (`findRegistrationSession`).
import type { Db } from "../../prisma/db.js";
import type { RegistrationsAnswer } from "./types.js";
import { constraintsOf, dispatchIntent, notFound, parseForm } from "../lib/forms.js";
import {
  attendanceSchema,
  cancelRegistration,
  invite,
  inviteSchema,
  markAttendance,
  saveSettings,
  settingsSchema,
  type RegistrationSession,
} from "./registrations.server.js";

/** The page's forms' inputs: lengths and what is required, from their schemas. */
export const registrationsFields = { settings: constraintsOf(settingsSchema), invite: constraintsOf(inviteSchema) };

export function answerRegistrationsForm(
  db: Db,
  session: RegistrationSession,
  form: FormData,
  links: { origin: string; join: string },
): Promise<RegistrationsAnswer & { status: number }> {
  return dispatchIntent(form, {
    settings: async () => {
      const parsed = parseForm(settingsSchema, form);
      if (!parsed.ok) return { intent: "settings" as const, errors: parsed.errors, values: parsed.values, status: 400 };
      await saveSettings(db, session.id, parsed.data, links.origin);
      return { intent: "settings" as const, errors: {}, values: parsed.values, done: true as const, status: 200 };
    },
    invite: async () => {
      const parsed = parseForm(inviteSchema, form);
      if (!parsed.ok) return { intent: "invite" as const, errors: parsed.errors, values: parsed.values, status: 400 };
      const result = await invite(db, session, parsed.data, links.join);
      const done = { status: result.status, name: parsed.data.name, duplicate: result.duplicate };
      return { intent: "invite" as const, errors: {}, values: parsed.values, done, status: 200 };
    },
    attendance: async () => {
      const parsed = parseForm(attendanceSchema, form);
      if (!parsed.ok) return { intent: "attendance" as const, errors: parsed.errors, values: parsed.values, status: 400 };
      if (!(await markAttendance(db, session.id, parsed.data))) throw notFound();
      return { intent: "attendance" as const, errors: {}, values: parsed.values, done: true as const, status: 200 };
    },
    cancel: async () => {
      const registrationId = form.get("registrationId");
      if (!(await cancelRegistration(db, session.id, typeof registrationId === "string" ? registrationId : "", links.origin)))
        throw notFound();
      return { intent: "cancel" as const, errors: {}, values: {}, done: true as const, status: 200 };
    },
  });
}
