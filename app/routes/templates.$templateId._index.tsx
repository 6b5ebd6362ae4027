import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { SelectField } from "~/ui/form";
import { KindBadge } from "~/sessions/session-kind";
import { TemplatePreview } from "~/templates/template-preview";
import { t } from "~/i18n";
import { adaptTemplateSchema, copyTemplateToVariant, findTemplateForUser } from "~/templates/templates.server";
import { readForm } from "~/lib/request-body.server";
import { badRequest, notFound, parseForm } from "~/lib/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.template.title ?? ""} · ${t("app.name")}` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const found = await findTemplateForUser(context.db, user.id, params.templateId ?? "");
  if (!found) throw notFound();
  const editableIn = user.memberships
    .filter((membership) => membership.role === "admin" || membership.role === "facilitator")
    .map((membership) => membership.structure);
  return {
    template: found.template,
    variantOf: found.source.type === "variant" ? found.source.structureName : null,
    structures: editableIn,
  };
}

/** "Adapt for my structure": copy into a variant and open it in the editor. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const parsed = parseForm(adaptTemplateSchema, await readForm(request));
  if (!parsed.ok) throw badRequest();
  const variantId = await copyTemplateToVariant(context.db, user.id, params.templateId ?? "", parsed.data.structureId);
  if (!variantId) throw new Response("Forbidden", { status: 403 });
  return redirect(`/templates/${variantId}/edit`);
}

export default function TemplatePage() {
  const { template, variantOf, structures } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <KindBadge kind={template.kind} />
      {variantOf ? <span className="kind-badge variant">{t("templates.variant.of", { structure: variantOf })}</span> : null}
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
      {structures.length > 0 ? (
        <Form method="post" className="actions">
          {structures.length > 1 ? (
            <SelectField
              name="structureId"
              label={t("session.field.structure")}
              options={structures.map((structure) => ({ value: structure.id, label: structure.name }))}
            />
          ) : (
            <input type="hidden" name="structureId" value={structures[0].id} />
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
