import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { InvitePanel, PendingInvitations } from "~/structures/invitations";
import { MemberList } from "~/structures/members";
import { StructureForm } from "~/structures/structure-form";
import { StructureSummary } from "~/structures/structure-summary";
import { t } from "~/i18n";
import { foundOr404 } from "~/lib/forms";
import { readForm } from "~/lib/request-body.server";
import { answerStructureForm, structureFields } from "~/structures/structure-page.server";
import { findStructureForMember, listPendingInvitations } from "~/structures/structures.server";
import { RetentionLink } from "~/privacy/retention-link";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.structure.name ?? ""} · ${t("app.name")}` }];

async function requireMember(args: LoaderFunctionArgs) {
  const user = await requireProfessional(args.context.db, args.request);
  // Someone outside the structure learns nothing, not even that it exists.
  const structure = foundOr404(await findStructureForMember(args.context.db, user.id, args.params.structureId ?? ""));
  return { user, ...structure };
}

export async function loader(args: LoaderFunctionArgs) {
  const { user, structure, role } = await requireMember(args);
  const admin = role === "admin";
  return {
    structure,
    role,
    userId: user.id,
    invitations: admin ? await listPendingInvitations(args.context.db, user.id, structure.id) : [],
    fields: structureFields,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { user, structure, role } = await requireMember(args);
  // Members see their structure; only its admins change it.
  if (role !== "admin") throw new Response("Forbidden", { status: 403 });
  const form = await readForm(args.request);
  const { status, ...answer } = await answerStructureForm(args.context.db, user.id, structure.id, form, new URL(args.request.url).origin);
  return data(answer, { status });
}

export default function StructurePage() {
  const { structure, role, userId, invitations, fields } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const admin = role === "admin";
  return (
    <div className="page narrow">
      <h1>{structure.name}</h1>
      <StructureSummary kind={structure.kind} territory={structure.territory} role={role} />
      <p role="status" className="structures-status">
        {result?.notice ? t(result.notice) : params.has("bienvenue") ? t("structures.welcome") : null}
      </p>
      <p>
        <Link to={`/structures/${structure.id}/indicateurs`}>{t("indicators.link.structure")}</Link>
      </p>
      <MemberList members={structure.memberships} userId={userId} admin={admin} result={result} />
      {admin ? (
        <p>
          <Link to={`/structures/${structure.id}/acces`}>{t("access.link")}</Link>
        </p>
      ) : null}
      {admin ? (
        <p>
          <Link to={`/structures/${structure.id}/coordination`}>{t("coordinators.link")}</Link>
        </p>
      ) : null}
      {admin ? (
        <p>
          <Link to={`/structures/${structure.id}/badges`}>{t("badges.admin.link")}</Link>
        </p>
      ) : null}
      {admin ? (
        <>
          <InvitePanel link={result?.intent === "invite" ? result.link : null} errors={result?.intent === "invite" ? result.errors : {}} />
          <PendingInvitations invitations={invitations} />
          <StructureForm
            structure={structure}
            fields={fields}
            errors={result?.intent === "edit" ? result.errors : {}}
            values={result?.intent === "edit" ? result.values : {}}
          />
          <RetentionLink structureId={structure.id} />
        </>
      ) : null}
    </div>
  );
}
