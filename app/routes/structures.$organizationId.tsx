import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireFacilitator } from "~/auth.server";
import { InvitePanel, PendingInvitations } from "~/components/structures/invitations";
import { MemberList } from "~/components/structures/members";
import { StructureForm } from "~/components/structures/structure-form";
import { StructureSummary } from "~/components/structures/structure-summary";
import { t, type MessageKey } from "~/i18n";
import { fieldErrors, type FieldErrors } from "~/sessions.schema";
import {
  changeMemberRole,
  createInvitation,
  findStructureForMember,
  inviteFormSchema,
  listPendingInvitations,
  removeMember,
  revokeInvitation,
  roleFormSchema,
  structureFormSchema,
  updateStructure,
} from "~/structures.server";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.organization.name ?? ""} · ${t("app.name")}` },
];

async function requireMember(args: LoaderFunctionArgs) {
  const user = await requireFacilitator(args.context.db, args.request);
  const structure = await findStructureForMember(args.context.db, user.id, args.params.organizationId ?? "");
  // Someone outside the structure learns nothing, not even that it exists.
  if (!structure) throw new Response("Not Found", { status: 404 });
  return { user, ...structure };
}

export async function loader(args: LoaderFunctionArgs) {
  const { user, organization, role } = await requireMember(args);
  const admin = role === "admin";
  return {
    organization,
    role,
    userId: user.id,
    invitations: admin ? await listPendingInvitations(args.context.db, user.id, organization.id) : [],
  };
}

type Reply = { intent: string; errors: FieldErrors; values: Record<string, string>; link: string | null; notice: MessageKey | null };

function reply(intent: string, fields: Partial<Reply>, status = 200) {
  return data<Reply>({ intent, errors: {}, values: {}, link: null, notice: null, ...fields }, { status });
}

export async function action(args: ActionFunctionArgs) {
  const { user, organization, role } = await requireMember(args);
  // Members see their structure; only its admins change it.
  if (role !== "admin") throw new Response("Forbidden", { status: 403 });
  const { db } = args.context;
  const form = Object.fromEntries(await readForm(args.request));
  const values = Object.fromEntries(Object.entries(form).map(([key, value]) => [key, String(value)]));
  const intent = values.intent ?? "";

  if (intent === "edit") {
    const parsed = structureFormSchema.safeParse(form);
    if (!parsed.success) return reply(intent, { errors: fieldErrors(parsed.error), values }, 400);
    await updateStructure(db, user.id, organization.id, parsed.data);
    return reply(intent, { notice: "structures.saved" });
  }
  if (intent === "role" || intent === "remove") {
    const parsed = roleFormSchema.safeParse(intent === "remove" ? { ...form, role: "member" } : form);
    if (!parsed.success) return reply(intent, { errors: fieldErrors(parsed.error), values }, 400);
    const { membershipId } = parsed.data;
    const outcome =
      intent === "role"
        ? await changeMemberRole(db, user.id, organization.id, membershipId, parsed.data.role)
        : await removeMember(db, user.id, organization.id, membershipId);
    if (outcome === "notFound") throw new Response("Not Found", { status: 404 });
    if (outcome === "lastAdmin") return reply(intent, { errors: { [membershipId]: "structures.member.lastAdmin" }, values }, 409);
    return reply(intent, { notice: intent === "role" ? "structures.member.updated" : "structures.member.removed" });
  }
  if (intent === "invite") {
    const parsed = inviteFormSchema.safeParse(form);
    if (!parsed.success) return reply(intent, { errors: fieldErrors(parsed.error), values }, 400);
    const token = await createInvitation(db, user.id, organization.id, parsed.data.role);
    if (!token) throw new Response("Forbidden", { status: 403 });
    return reply(intent, { link: new URL(`/invitation/${token}`, new URL(args.request.url).origin).toString() });
  }
  if (intent === "revoke") {
    if (!(await revokeInvitation(db, user.id, organization.id, values.invitationId ?? ""))) {
      throw new Response("Not Found", { status: 404 });
    }
    return reply(intent, { notice: "structures.invitations.revoked" });
  }
  throw new Response("Bad Request", { status: 400 });
}

export default function StructurePage() {
  const { organization, role, userId, invitations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const admin = role === "admin";
  return (
    <div className="page narrow">
      <h1>{organization.name}</h1>
      <StructureSummary kind={organization.kind} territory={organization.territory} role={role} />
      <p role="status" className="structures-status">
        {result?.notice ? t(result.notice) : params.has("bienvenue") ? t("structures.welcome") : null}
      </p>
      <MemberList members={organization.memberships} userId={userId} admin={admin} result={result} />
      {admin ? (
        <>
          <InvitePanel link={result?.intent === "invite" ? result.link : null} errors={result?.intent === "invite" ? result.errors : {}} />
          <PendingInvitations invitations={invitations} />
          <StructureForm
            organization={organization}
            errors={result?.intent === "edit" ? result.errors : {}}
            values={result?.intent === "edit" ? result.values : {}}
          />
        </>
      ) : null}
    </div>
  );
}
