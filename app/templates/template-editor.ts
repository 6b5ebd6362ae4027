import { workshopTemplateSchema, type SessionKind, type WorkshopTemplate } from "../../workshops/schema";
import { FEEDBACK_QUESTIONS_MAX } from "../../workshops/feedback";

/**
 * The variant editor works on a draft: the form's strings as typed, so that a half-filled
 * form comes back exactly as it was, with its errors, and nothing is lost.
 */
export interface ZoneDraft {
  id: string;
  label: string;
  color: string;
  kind: string;
  dimension: string;
}
/** A question of a feedback step; a row left without words is dropped when saved. */
export interface QuestionDraft {
  id: string;
  label: string;
  scale: string;
}
export interface PhaseDraft {
  id: string;
  title: string;
  minutes: string;
  guidance: string;
  prompt: string;
  /** Cards written during this step carry no name (issue 15.5). */
  anonymous: boolean;
  /** Everyone answers questions with faces at this step (issue 16.1); no question written: the default ones. */
  feedback: boolean;
  questions: QuestionDraft[];
  zones: ZoneDraft[];
}
export interface TemplateDraft {
  id: string;
  kind: SessionKind;
  title: string;
  audience: string;
  goal: string;
  materials: string;
  accessibility: string;
  phases: PhaseDraft[];
}

export function draftFromTemplate(template: WorkshopTemplate): TemplateDraft {
  return {
    id: template.id,
    kind: template.kind,
    title: template.title,
    audience: template.audience,
    goal: template.goal,
    materials: template.materials.join("\n"),
    accessibility: template.accessibility.join("\n"),
    phases: template.phases.map((phase) => ({
      id: phase.id,
      title: phase.title,
      minutes: String(phase.minutes),
      guidance: phase.guidance,
      prompt: phase.prompt,
      anonymous: phase.anonymous === true,
      feedback: phase.feedback !== undefined,
      questions: withBlankQuestion(
        phase.feedback !== undefined,
        (phase.feedback?.questions ?? []).map((question) => ({ ...question, scale: String(question.scale) })),
      ),
      zones: phase.zones.map((zone) => ({ ...zone, dimension: zone.dimension ?? "" })),
    })),
  };
}

/** Reads `phases.2.zones.0.label`-style fields back into a draft of the same shape. */
export function draftFromForm(form: FormData, base: Pick<TemplateDraft, "id" | "kind">): TemplateDraft {
  const text = (name: string) => String(form.get(name) ?? "");
  const phases: PhaseDraft[] = [];
  for (let p = 0; form.has(`phases.${p}.id`); p++) {
    const zones: ZoneDraft[] = [];
    for (let z = 0; form.has(`phases.${p}.zones.${z}.id`); z++) {
      const field = (name: string) => text(`phases.${p}.zones.${z}.${name}`);
      zones.push({ id: field("id"), label: field("label"), color: field("color"), kind: field("kind"), dimension: field("dimension") });
    }
    const questions: QuestionDraft[] = [];
    for (let q = 0; form.has(`phases.${p}.questions.${q}.id`); q++) {
      const field = (name: string) => text(`phases.${p}.questions.${q}.${name}`);
      questions.push({ id: field("id"), label: field("label"), scale: field("scale") });
    }
    const feedback = form.has(`phases.${p}.feedback`);
    const field = (name: string) => text(`phases.${p}.${name}`);
    phases.push({
      id: field("id"),
      title: field("title"),
      minutes: field("minutes"),
      guidance: field("guidance"),
      prompt: field("prompt"),
      anonymous: form.has(`phases.${p}.anonymous`),
      feedback,
      questions: withBlankQuestion(
        feedback,
        questions.filter((question) => question.label.trim() !== ""),
      ),
      zones,
    });
  }
  return {
    ...base,
    title: text("title"),
    audience: text("audience"),
    goal: text("goal"),
    materials: text("materials"),
    accessibility: text("accessibility"),
    phases,
  };
}

const newId = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 8)}`;

/** A feedback step's questions with one empty row to add another, while there is room. */
function withBlankQuestion(feedback: boolean, questions: QuestionDraft[]): QuestionDraft[] {
  if (!feedback || questions.length >= FEEDBACK_QUESTIONS_MAX) return questions;
  return [...questions, { id: newId("question"), label: "", scale: "4" }];
}

/** Adds or removes a phase or a zone, as asked by the button the facilitator pressed. */
export function applyEditorIntent(draft: TemplateDraft, intent: string): TemplateDraft {
  const [action, phaseIndex, zoneIndex] = intent.split(":");
  const p = Number(phaseIndex);
  const z = Number(zoneIndex);
  const phases = draft.phases.map((phase) => ({ ...phase, zones: [...phase.zones] }));
  if (action === "add-phase") {
    phases.push({
      id: newId("phase"),
      title: "",
      minutes: "15",
      guidance: "",
      prompt: "",
      anonymous: false,
      feedback: false,
      questions: [],
      zones: [],
    });
  } else if (action === "remove-phase" && phases[p]) {
    phases.splice(p, 1);
  } else if (action === "add-zone" && phases[p]) {
    phases[p].zones.push({ id: newId("zone"), label: "", color: "yellow", kind: "free", dimension: "" });
  } else if (action === "remove-zone" && phases[p]?.zones[z]) {
    phases[p].zones.splice(z, 1);
  }
  return { ...draft, phases };
}

const lines = (value: string) =>
  value
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

/** The template the draft describes, or the path of every field at fault (e.g. "phases.1.title"). */
export function parseDraft(draft: TemplateDraft): { ok: true; template: WorkshopTemplate } | { ok: false; errors: string[] } {
  const phases = draft.phases.map((phase) => ({
    id: phase.id,
    title: phase.title.trim(),
    minutes: Number(phase.minutes),
    guidance: phase.guidance.trim(),
    prompt: phase.prompt.trim(),
    ...(phase.anonymous ? { anonymous: true } : {}),
    ...(phase.feedback ? { feedback: { questions: feedbackQuestions(phase.questions) } } : {}),
    zones: phase.zones.map((zone) => ({
      id: zone.id,
      label: zone.label.trim(),
      color: zone.color,
      kind: zone.kind,
      ...(zone.dimension ? { dimension: zone.dimension } : {}),
    })),
  }));
  const parsed = workshopTemplateSchema.safeParse({
    id: draft.id,
    kind: draft.kind,
    title: draft.title.trim(),
    audience: draft.audience.trim(),
    goal: draft.goal.trim(),
    // A variant's total duration is the sum of its phases: nothing to keep in step by hand.
    durationMinutes: phases.reduce((sum, phase) => sum + (Number.isFinite(phase.minutes) ? phase.minutes : 0), 0),
    materials: lines(draft.materials),
    accessibility: lines(draft.accessibility),
    phases,
  });
  if (parsed.success) return { ok: true, template: parsed.data };
  return { ok: false, errors: [...new Set(parsed.error.issues.map((issue) => issue.path.join(".")))] };
}

/** The written questions of a feedback step, or undefined (the default questions) when none is written. */
function feedbackQuestions(questions: QuestionDraft[]) {
  const written = questions.filter((question) => question.label.trim() !== "");
  if (written.length === 0) return undefined;
  return written.map((question) => ({ id: question.id, label: question.label.trim(), scale: Number(question.scale) }));
}
