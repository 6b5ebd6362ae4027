import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { SESSION_KINDS, sessionKindSchema } from "../../workshops/schema";
import { requireProfessional } from "~/auth/auth.server";
import { SelectField, TextField } from "~/ui/form";
import { KindBadge, kindLabel } from "~/sessions/session-kind";
import { t } from "~/i18n";
import { filterTemplates, listTemplatesForUser } from "~/templates/templates.server";

export const meta: MetaFunction = () => [{ title: `${t("templates.title")} · ${t("app.name")}` }];

const DURATIONS = [60, 90, 120, 180];

const filtersSchema = z.object({
  kind: sessionKindSchema.optional().catch(undefined),
  audience: z.string().trim().max(80).optional().catch(undefined),
  maxMinutes: z.coerce.number().int().positive().optional().catch(undefined),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const query = Object.fromEntries([...new URL(request.url).searchParams].filter(([, value]) => value !== ""));
  const filters = filtersSchema.parse(query);
  const { templates, problems } = await listTemplatesForUser(context.db, user.id);
  return {
    filters,
    brokenFiles: problems.length,
    templates: filterTemplates(templates, filters).map(({ template, source }) => ({
      id: template.id,
      kind: template.kind,
      title: template.title,
      audience: template.audience,
      goal: template.goal,
      durationMinutes: template.durationMinutes,
      variantOf: source.type === "variant" ? source.structureName : null,
    })),
  };
}

export default function TemplateLibrary() {
  const { filters, templates, brokenFiles } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>{t("templates.title")}</h1>
      <p>{t("templates.intro")}</p>
      <Form method="get" className="filters" role="search">
        <SelectField
          name="kind"
          label={t("templates.filter.kind")}
          defaultValue={filters.kind ?? ""}
          options={[
            { value: "", label: t("templates.filter.kind.all") },
            ...SESSION_KINDS.map((kind) => ({ value: kind, label: kindLabel(kind) })),
          ]}
        />
        <TextField name="audience" label={t("templates.filter.audience")} defaultValue={filters.audience ?? ""} />
        <SelectField
          name="maxMinutes"
          label={t("templates.filter.duration")}
          defaultValue={filters.maxMinutes ? String(filters.maxMinutes) : ""}
          options={[
            { value: "", label: t("templates.filter.duration.any") },
            ...DURATIONS.map((minutes) => ({ value: String(minutes), label: t("templates.filter.duration.option", { minutes }) })),
          ]}
        />
        <button type="submit" className="button secondary">
          {t("templates.filter.submit")}
        </button>
      </Form>
      {brokenFiles > 0 ? <p className="notice">{t("templates.broken", { count: brokenFiles })}</p> : null}
      <p aria-live="polite">{t("templates.count", { count: templates.length })}</p>
      {templates.length === 0 ? <p>{t("templates.none")}</p> : null}
      <ul className="template-list">
        {templates.map((template) => (
          <li key={template.id} className="card">
            <KindBadge kind={template.kind} />
            {template.variantOf ? (
              <span className="kind-badge variant">{t("templates.variant.of", { structure: template.variantOf })}</span>
            ) : null}
            <h2>
              <Link to={`/templates/${template.id}`}>{template.title}</Link>
            </h2>
            <p>
              {t("templates.duration", { minutes: template.durationMinutes })} · {template.audience}
            </p>
            <p className="muted">{template.goal}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
