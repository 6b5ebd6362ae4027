import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { answerBadgesAdminForm, badgesPageData } from "~/badges/admin-page.server";
import { BadgeCatalogue, BadgeClassForm, IssuedBadges, SigningKeys } from "~/badges/admin-page";
import { badgeOrigin, issuingFor } from "~/badges/issuing.server";
import { t, type MessageKey } from "~/i18n";
import type { BadgesAdminAnswer } from "~/badges/admin-page.server";
import { readForm } from "~/lib/request-body.server";
import { requireStructureAdmin } from "~/structures/structures.server";
import { ErrorSummary } from "~/ui/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t("badges.admin.title")} · ${data?.structure.name ?? ""} · ${t("app.name")}` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const structure = await requireStructureAdmin(context.db, user.id, params.structureId ?? "");
  return { structure, ...(await badgesPageData(context.db, badgeOrigin(request, context), structure.id)) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const structure = await requireStructureAdmin(context.db, user.id, params.structureId ?? "");
  const { status, ...answer } = await answerBadgesAdminForm(
    context.db,
    issuingFor(request, context),
    structure.id,
    await readForm(request),
  );
  return data(answer, { status });
}

const DONE: Record<NonNullable<BadgesAdminAnswer["done"]>, MessageKey> = {
  added: "badges.admin.done.added",
  saved: "badges.admin.done.saved",
  archived: "badges.admin.done.archived",
  deleted: "badges.admin.done.deleted",
  restored: "badges.admin.done.restored",
  rotated: "badges.admin.done.rotated",
  revoked: "badges.admin.done.revoked",
};

export default function BadgesAdminPage() {
  const { structure, catalogue, keys, awards, issuerUrl, fields } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [search] = useSearchParams();
  const editing = catalogue.find((badge) => badge.id === (answer?.form === "edit" ? answer.target : search.get("modifier")));
  return (
    <div className="page narrow stack">
      <p>
        <Link to={`/structures/${structure.id}`}>{t("badges.admin.back", { name: structure.name })}</Link>
      </p>
      <h1>{t("badges.admin.title")}</h1>
      <p>{t("badges.admin.intro")}</p>
      <ErrorSummary show={Object.keys(answer?.errors ?? {}).length > 0} />
      <p role="status">{answer?.done ? t(DONE[answer.done]) : ""}</p>
      {editing ? (
        <BadgeClassForm
          key={`edit-${editing.id}`}
          title={t("badges.admin.edit", { name: editing.name })}
          intent="edit"
          badge={editing}
          fields={fields}
          answer={answer?.form === "edit" ? answer : undefined}
          busy={busy}
          cancel={`/structures/${structure.id}/badges`}
        />
      ) : null}
      <BadgeCatalogue catalogue={catalogue} structureId={structure.id} busy={busy} />
      {editing ? null : (
        <BadgeClassForm
          key={answer?.done === "added" ? "added" : "adding"}
          title={t("badges.admin.add")}
          intent="add"
          fields={fields}
          answer={answer?.form === "add" ? answer : undefined}
          busy={busy}
        />
      )}
      <IssuedBadges awards={awards} answer={answer?.form === "revoke" ? answer : undefined} busy={busy} />
      <SigningKeys keys={keys} issuerUrl={issuerUrl} busy={busy} />
    </div>
  );
}
