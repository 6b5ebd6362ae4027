import type { WorkshopTemplate } from "../../workshops/schema";
import { t } from "~/i18n";

/** Text colours close to tldraw's palette, dark enough to read on white (WCAG AA). */
const ZONE_INK: Record<string, string> = {
  black: "#1d1d1d",
  grey: "#5b616b",
  "light-violet": "#8a3fae",
  violet: "#6a2ca0",
  blue: "#2145b5",
  "light-blue": "#1769aa",
  yellow: "#7a5c00",
  orange: "#a84a00",
  green: "#136c3a",
  "light-green": "#2f6b1c",
  "light-red": "#b0303e",
  red: "#a4161a",
};

/** The whole of a template, phase by phase, as a facilitator reads it before choosing. */
export function TemplatePreview({ template }: { template: WorkshopTemplate }) {
  return (
    <>
      <dl>
        <dt>{t("templates.audience")}</dt>
        <dd>{template.audience}</dd>
        <dt>{t("templates.goal")}</dt>
        <dd>{template.goal}</dd>
      </dl>
      <p>{t("templates.duration", { minutes: template.durationMinutes })}</p>
      <h2>{t("templates.phases")}</h2>
      <ol className="agenda">
        {template.phases.map((phase) => (
          <li key={phase.id} className="phase">
            <h3>
              {phase.title} — {t("session.template.minutes", { minutes: phase.minutes })}
              {phase.anonymous ? ` ${t("panel.agenda.anonymous")}` : null}
            </h3>
            <p>
              <strong>{t("templates.phase.prompt")} :</strong> {phase.prompt}
            </p>
            <p>
              <strong>{t("templates.phase.guidance")} :</strong> {phase.guidance}
            </p>
            {phase.zones.length > 0 ? (
              <>
                <p>
                  <strong>{t("templates.phase.zones")} :</strong>
                </p>
                <ul className="zones">
                  {phase.zones.map((zone) => (
                    <li key={zone.id} className="zone-chip" style={{ color: ZONE_INK[zone.color] }}>
                      {zone.label} ({t(`zoneKind.${zone.kind}`)}
                      {zone.dimension ? `, ${t("templates.zone.feeds", { dimension: t(`dimension.${zone.dimension}`) })}` : ""})
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {phase.feedback ? (
              <>
                <p>
                  <strong>{t("templates.phase.feedback")} :</strong>
                </p>
                <ul data-testid="template-feedback">
                  {phase.feedback.questions.map((question) => (
                    <li key={question.id}>{t("templates.phase.feedback.question", { label: question.label, scale: question.scale })}</li>
                  ))}
                </ul>
              </>
            ) : null}
          </li>
        ))}
      </ol>
      <h2>{t("templates.materials")}</h2>
      <ul>
        {template.materials.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
      <h2>{t("templates.accessibility")}</h2>
      <ul>
        {template.accessibility.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </>
  );
}
