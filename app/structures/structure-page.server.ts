import type { Db } from "../../prisma/db.js";
import type { MessageKey } from "../i18n/index.js";
import { constraintsOf, dispatchIntent, notFound, parseForm, type FieldErrors, type FormValues } from "../lib/forms.js";
import {
  changeMemberRole,
  createInvitation,
  inviteFormSchema,
  removeMember,
  revokeInvitation,
  roleFormSchema,
  structureFormSchema,
  updateStructure,
} from "./structures.server.js";

/** The structure page's edit form: its inputs' lengths and what is required, from the schema. */
export const structureFields = constraintsOf(structureFormSchema);

export type StructureAnswer = {
  intent: string;
  errors: FieldErrors;
  values: FormValues;
  link: string | null;
  notice: MessageKey | null;
  status: number;
};

/**
 * What an admin does on their structure's page: edit it, change a member's role or remove them,
 * invite by link, revoke an invitation. The caller has checked that `userId` is an admin of it;
 * each change checks again in its own query. Unknown intent: a thrown 400; unknown member or
 * invitation: a thrown 404.
 */
export function answerStructureForm(db: Db, userId: string, structureId: string, form: FormData, origin: string): Promise<StructureAnswer> {
  const answer = (intent: string, fields: Partial<StructureAnswer>): StructureAnswer => ({
    intent,
    errors: {},
    values: {},
    link: null,
    notice: null,
    status: 200,
    ...fields,
  });

  const changeMember = async (intent: string): Promise<StructureAnswer> => {
    const parsed = parseForm(roleFormSchema, intent === "remove" ? { ...Object.fromEntries(form), role: "member" } : form);
    if (!parsed.ok) return answer(intent, { errors: parsed.errors, values: parsed.values, status: 400 });
    const { membershipId } = parsed.data;
    const outcome =
      intent === "role"
        ? await changeMemberRole(db, userId, structureId, membershipId, parsed.data.role)
        : await removeMember(db, userId, structureId, membershipId);
    if (outcome === "notFound") throw notFound();
    if (outcome === "lastAdmin")
      return answer(intent, { errors: { [membershipId]: "structures.member.lastAdmin" }, values: parsed.values, status: 409 });
    return answer(intent, { notice: intent === "role" ? "structures.member.updated" : "structures.member.removed" });
  };

  return dispatchIntent(form, {
    edit: async (intent) => {
      const parsed = parseForm(structureFormSchema, form);
      if (!parsed.ok) return answer(intent, { errors: parsed.errors, values: parsed.values, status: 400 });
      await updateStructure(db, userId, structureId, parsed.data);
      return answer(intent, { notice: "structures.saved" });
    },
    role: changeMember,
    remove: changeMember,
    invite: async (intent) => {
      const parsed = parseForm(inviteFormSchema, form);
      if (!parsed.ok) return answer(intent, { errors: parsed.errors, values: parsed.values, status: 400 });
      const token = await createInvitation(db, userId, structureId, parsed.data.role);
      if (!token) throw new Response("Forbidden", { status: 403 });
      return answer(intent, { link: new URL(`/invitation/${token}`, origin).toString() });
    },
    revoke: async (intent) => {
      if (!(await revokeInvitation(db, userId, structureId, String(form.get("invitationId") ?? "")))) throw notFound();
      return answer(intent, { notice: "structures.invitations.revoked" });
    },
  });
}
