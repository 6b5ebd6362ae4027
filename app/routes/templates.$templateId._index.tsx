import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { SelectField } from "~/ui/form";
import { KindBadge } from "~/sessions/session-kind";
import { TemplatePreview } from "~/templates/template-preview";
import { t } from "~/i18n";
import { copyTemplateToVariant, findTemplateForUser } from "~/templates/templates.server";
import { readForm } from "~/lib/request-body.server";
import { notFound } from "~/lib/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.template.title ?? ""} · ${t("app.name")}` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const found = await findTemplateForUser(context.db, user.id, params.templateId ?? "");
  if (!found) throw notFound();
  const editableIn = user.memberships
    .filter((membership) => membership.role === "admin" || membership.role === "facilitator")
    .map((membership) => membership.organization);
  return {
    template: found.template,
    variantOf: found.source.type === "variant" ? found.source.organizationName : null,
    organizations: editableIn,
  };
}

/** "Adapt for my structure": copy into a variant and open it in the editor. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const form = await readForm(request);
  const organizationId = String(form.get("organizationId") ?? "");
  const variantId = await copyTemplateToVariant(context.db, user.id, params.templateId ?? "", organizationId);
  if (!variantId) throw new Response("Forbidden", { status: 403 });
  return redirect(`/templates/${variantId}/edit`);
}

export default function TemplatePage() {
  const { template, variantOf, organizations } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <KindBadge kind={template.kind} />
      {variantOf ? <span className="kind-badge variant">{t("templates.variant.of", { organization: variantOf })}</span> : null}
      <h1>{template.title}</h1>
      <div className="actions">
        <Link className="button" to={`/sessions/new?templateId=${encodeURIComponent(template.id)}`}>
          {t("templates.use")}
        </Link>
        {variantOf ? (
          <Link className="button secondary" to={`/templates/${template.id}/edit`}>
            {t("templates.edit")}
          </Link>
        ) : null}
      </div>
      {organizations.length > 0 ? (
        <Form method="post" className="actions">
          {organizations.length > 1 ? (
            <SelectField
              name="organizationId"
              label={t("session.field.organization")}
              options={organizations.map((organization) => ({ value: organization.id, label: organization.name }))}
            />
          ) : (
            <input type="hidden" name="organizationId" value={organizations[0].id} />
          )}
          <button type="submit" className="button secondary">
            {t("templates.copy")}
          </button>
        </Form>
      ) : null}
      <TemplatePreview template={template} />
    </div>
  );
}
