import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { workshopTemplateSchema, type SessionKind, type WorkshopTemplate } from "./schema.js";

export interface TemplateProblem {
  file: string;
  messages: string[];
}

export interface WorkshopLibrary {
  templates: WorkshopTemplate[];
  problems: TemplateProblem[];
}

export const DEFAULT_WORKSHOPS_DIR = path.resolve(process.cwd(), "workshops");

/**
 * Reads every template file. A broken file is reported with its name and the field at
 * fault, and left out: it never stops the others from being offered.
 */
export function loadWorkshopLibrary(dir: string = DEFAULT_WORKSHOPS_DIR): WorkshopLibrary {
  const templates: WorkshopTemplate[] = [];
  const problems: TemplateProblem[] = [];
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort();
  for (const file of files) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path.join(dir, file), "utf8"));
    } catch (error) {
      problems.push({ file, messages: [`JSON illisible : ${(error as Error).message}`] });
      continue;
    }
    const parsed = workshopTemplateSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push({
        file,
        messages: parsed.error.issues.map((issue) => `${issue.path.join(".") || "(racine)"} : ${issue.message}`),
      });
      continue;
    }
    if (templates.some((template) => template.id === parsed.data.id)) {
      problems.push({ file, messages: [`id : « ${parsed.data.id} » est déjà pris par un autre modèle`] });
      continue;
    }
    if (`${parsed.data.id}.json` !== file) {
      problems.push({ file, messages: [`id : « ${parsed.data.id} » devrait être le nom du fichier (${file})`] });
      continue;
    }
    templates.push(parsed.data);
  }
  return { templates, problems };
}

export function findTemplate(library: WorkshopLibrary, id: string, kind?: SessionKind): WorkshopTemplate | null {
  return library.templates.find((template) => template.id === id && (!kind || template.kind === kind)) ?? null;
}
