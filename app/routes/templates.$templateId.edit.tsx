import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DIAGNOSTIC_DIMENSIONS, phaseSchema, workshopTemplateSchema, ZONE_COLORS, zoneSchema } from "../../workshops/schema";
import { FEEDBACK_SCALES } from "../../workshops/feedback";
import { requireProfessional } from "~/auth/auth.server";
import { ErrorSummary, SelectField, TextAreaField, TextField } from "~/ui/form";
import { t, type MessageKey } from "~/i18n";
import { applyEditorIntent, draftFromForm, draftFromTemplate, parseDraft, type TemplateDraft } from "~/templates/template-editor";
import { findTemplateForUser, saveVariant } from "~/templates/templates.server";
import { constraintsOf, foundOr404, notFound } from "~/lib/forms";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction = () => [{ title: `${t("templates.edit.title")} · ${t("app.name")}` }];

async function requireVariant({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const found = foundOr404(await findTemplateForUser(context.db, user.id, params.templateId ?? ""));
  // Built-in templates are files, read-only: only a structure's variant can be edited.
  if (found.source.type !== "variant") throw notFound();
  return { user, template: found.template };
}

export async function loader(args: LoaderFunctionArgs) {
  const { template } = await requireVariant(args);
  return {
    draft: draftFromTemplate(template),
    fields: { template: constraintsOf(workshopTemplateSchema), phase: constraintsOf(phaseSchema), zone: constraintsOf(zoneSchema) },
  };
}

export async function action(args: ActionFunctionArgs) {
  const { user, template } = await requireVariant(args);
  const form = await readForm(args.request);
  const intent = String(form.get("intent") ?? "save");
  const draft = draftFromForm(form, { id: template.id, kind: template.kind });
  if (intent !== "save") return { draft: applyEditorIntent(draft, intent), errors: [] as string[], saved: false };
  const parsed = parseDraft(draft);
  if (!parsed.ok) return data({ draft, errors: parsed.errors, saved: false }, { status: 400 });
  const saved = await saveVariant(args.context.db, user.id, template.id, parsed.template);
  if (!saved) throw new Response("Forbidden", { status: 403 });
  return { draft: draftFromTemplate(parsed.template), errors: [] as string[], saved: true };
}

export default function EditVariant() {
  const loaded = useLoaderData<typeof loader>();
  const { fields } = loaded;
  const result = useActionData<typeof action>();
  const draft: TemplateDraft = result?.draft ?? loaded.draft;
  const errors = new Set(result?.errors ?? []);
  const busy = useNavigation().state !== "idle";
  const error = (path: string): MessageKey | undefined => (errors.has(path) ? "templates.error.field" : undefined);
  const kindOptions = zoneSchema.shape.kind.options.map((kind) => ({ value: kind, label: t(`zoneKind.${kind}`) }));
  const dimensionOptions = [
    { value: "", label: t("templates.edit.dimension.none") },
    ...DIAGNOSTIC_DIMENSIONS.map((dimension) => ({ value: dimension, label: t(`dimension.${dimension}`) })),
  ];

  return (
    <div className="page narrow">
      <h1>{t("templates.edit.title")}</h1>
      <p>
        <Link to={`/templates/${draft.id}`}>{t("templates.preview")}</Link>
      </p>
      {/* key: a fresh form after each answer, so added or removed rows show their own values. */}
      <Form
        method="post"
        className="stack"
        noValidate
        key={JSON.stringify(draft.phases.map((phase) => [phase.id, phase.zones.map((zone) => zone.id)]))}
      >
        {/* Enter in a field saves: the first submit button of a form is the one Enter presses. */}
        <button type="submit" name="intent" value="save" className="visually-hidden" tabIndex={-1} aria-hidden="true" />
        <ErrorSummary show={errors.size > 0} />
        {result?.saved ? (
          <p className="notice ok" role="status">
            {t("templates.edit.saved")}
          </p>
        ) : null}
        <TextField {...fields.template.title} label={t("templates.field.title")} defaultValue={draft.title} error={error("title")} />
        <TextAreaField name="audience" label={t("templates.field.audience")} defaultValue={draft.audience} error={error("audience")} />
        <TextAreaField name="goal" label={t("templates.field.goal")} defaultValue={draft.goal} error={error("goal")} />
        <TextAreaField
          name="materials"
          label={t("templates.field.materials")}
          hint={t("templates.edit.lines.hint")}
          defaultValue={draft.materials}
        />
        <TextAreaField
          name="accessibility"
          label={t("templates.field.accessibility")}
          hint={t("templates.edit.lines.hint")}
          defaultValue={draft.accessibility}
        />
        {draft.phases.map((phase, p) => (
          <fieldset key={phase.id} className="editor">
            <legend>{t("templates.edit.phase", { number: p + 1 })}</legend>
            <input type="hidden" name={`phases.${p}.id`} value={phase.id} />
            <TextField
              {...fields.phase.title}
              name={`phases.${p}.title`}
              label={t("templates.field.title")}
              defaultValue={phase.title}
              error={error(`phases.${p}.title`)}
            />
            <TextField
              name={`phases.${p}.minutes`}
              label={t("templates.field.minutes")}
              defaultValue={phase.minutes}
              error={error(`phases.${p}.minutes`)}
              inputMode="numeric"
            />
            <TextAreaField
              name={`phases.${p}.guidance`}
              label={t("templates.field.guidance")}
              defaultValue={phase.guidance}
              error={error(`phases.${p}.guidance`)}
            />
            <TextAreaField
              {...fields.phase.prompt}
              name={`phases.${p}.prompt`}
              label={t("templates.field.prompt")}
              defaultValue={phase.prompt}
              error={error(`phases.${p}.prompt`)}
            />
            <label className="checkbox">
              <input type="checkbox" name={`phases.${p}.anonymous`} defaultChecked={phase.anonymous} />
              {t("templates.field.anonymous")}
            </label>
            <label className="checkbox">
              <input type="checkbox" name={`phases.${p}.feedback`} defaultChecked={phase.feedback} />
              {t("templates.field.feedback")}
            </label>
            {phase.feedback ? (
              <fieldset className="editor">
                <legend>{t("templates.field.feedback")}</legend>
                <p className="hint">{t("templates.edit.feedback.hint")}</p>
                {phase.questions.map((question, q) => {
                  const name = (field: string) => `phases.${p}.questions.${q}.${field}`;
                  const path = `phases.${p}.feedback.questions.${q}`;
                  return (
                    <div key={question.id} className="stack">
                      <input type="hidden" name={name("id")} value={question.id} />
                      <TextField
                        name={name("label")}
                        label={t("templates.field.feedback.question", { number: q + 1 })}
                        defaultValue={question.label}
                        maxLength={120}
                        error={error(`${path}.label`) ?? error(`${path}.id`)}
                      />
                      <SelectField
                        name={name("scale")}
                        label={t("templates.field.feedback.scale")}
                        defaultValue={question.scale}
                        options={FEEDBACK_SCALES.map((scale) => ({
                          value: String(scale),
                          label: t("templates.field.feedback.scaleOption", { scale }),
                        }))}
                      />
                    </div>
                  );
                })}
              </fieldset>
            ) : null}
            {phase.zones.map((zone, z) => {
              const name = (field: string) => `phases.${p}.zones.${z}.${field}`;
              return (
                <fieldset key={zone.id} className="editor">
                  <legend>{t("templates.edit.zone", { number: z + 1 })}</legend>
                  <input type="hidden" name={name("id")} value={zone.id} />
                  <TextField
                    {...fields.zone.label}
                    name={name("label")}
                    label={t("templates.field.label")}
                    defaultValue={zone.label}
                    error={error(name("label"))}
                  />
                  <SelectField
                    name={name("color")}
                    label={t("templates.field.color")}
                    defaultValue={zone.color}
                    options={ZONE_COLORS.map((color) => ({ value: color, label: t(`color.${color}`) }))}
                  />
                  <SelectField name={name("kind")} label={t("templates.field.kind")} defaultValue={zone.kind} options={kindOptions} />
                  <SelectField
                    name={name("dimension")}
                    label={t("templates.field.dimension")}
                    defaultValue={zone.dimension}
                    options={dimensionOptions}
                  />
                  <button type="submit" name="intent" value={`remove-zone:${p}:${z}`} className="button secondary">
                    {t("templates.edit.removeZone")}
                  </button>
                </fieldset>
              );
            })}
            <div className="actions">
              <button type="submit" name="intent" value={`add-zone:${p}`} className="button secondary">
                {t("templates.edit.addZone")}
              </button>
              <button type="submit" name="intent" value={`remove-phase:${p}`} className="button secondary">
                {t("templates.edit.removePhase")}
              </button>
            </div>
          </fieldset>
        ))}
        <button type="submit" name="intent" value="add-phase" className="button secondary">
          {t("templates.edit.addPhase")}
        </button>
        <button type="submit" name="intent" value="save" className="button" disabled={busy}>
          {t("templates.edit.save")}
        </button>
      </Form>
    </div>
  );
}
