// What a professional of the referent structure does on a person's diagnostic page: add an entry,
// change one, write the summary, make a sign-in code. Access is decided first (access.server.ts),
// before the form is read, so that a stranger's answer never depends on what they sent.
import type { Db } from "../../prisma/db.js";
import { constraintsOf, dispatchIntent, notFound, parseForm, type FieldErrors, type FormValues } from "../lib/forms.js";
import { canWrite, diagnosticScope, type DiagnosticViewer } from "./access.server.js";
import { addEntry, setSummary, updateEntry } from "./diagnostic.server.js";
import { entryFormSchema, entryUpdateSchema, orNotFound, summaryFormSchema } from "./people.server.js";
import { createSignInCode } from "./sign-in-codes.server.js";

/** The page's forms' inputs: lengths and what is required, from their schemas. */
export const proDiagnosticFields = {
  entry: constraintsOf(entryFormSchema),
  update: constraintsOf(entryUpdateSchema),
  summary: constraintsOf(summaryFormSchema),
};

export type ProDiagnosticAnswer = {
  intent: string;
  errors: FieldErrors;
  values: FormValues;
  entryId: string | null;
  code: { code: string; expiresAt: Date } | null;
  savedAt: number | null;
  status: number;
};

/** Refuses (404) whoever may not write this person's diagnostic, before anything is read from the form. */
export async function requireDiagnosticWriter(db: Db, viewer: DiagnosticViewer, personId: string): Promise<void> {
  if (!canWrite(await diagnosticScope(db, viewer, personId))) throw notFound();
}

export function answerProDiagnosticForm(db: Db, viewer: DiagnosticViewer, personId: string, form: FormData): Promise<ProDiagnosticAnswer> {
  const answer = (intent: string, fields: Partial<ProDiagnosticAnswer>): ProDiagnosticAnswer => ({
    intent,
    errors: {},
    values: {},
    entryId: null,
    code: null,
    savedAt: null,
    status: 200,
    ...fields,
  });
  return dispatchIntent(form, {
    add: async (intent) => {
      const parsed = parseForm(entryFormSchema, form);
      if (!parsed.ok) return answer(intent, { errors: parsed.errors, values: parsed.values, status: 400 });
      await orNotFound(addEntry(db, viewer, personId, parsed.data));
      return answer(intent, { savedAt: Date.now() });
    },
    update: async (intent) => {
      const parsed = parseForm(entryUpdateSchema, form);
      if (!parsed.ok) return answer(intent, { errors: parsed.errors, entryId: parsed.values.entryId ?? null, status: 400 });
      const { entryId, text, status } = parsed.data;
      await orNotFound(updateEntry(db, viewer, personId, entryId, status ? { text, status } : { text }));
      return answer(intent, { savedAt: Date.now() });
    },
    summary: async (intent) => {
      const parsed = parseForm(summaryFormSchema, form);
      if (!parsed.ok) return answer(intent, { errors: parsed.errors, values: parsed.values, status: 400 });
      await orNotFound(setSummary(db, viewer, personId, parsed.data.summary));
      return answer(intent, { savedAt: Date.now() });
    },
    code: async (intent) => answer(intent, { code: await orNotFound(createSignInCode(db, viewer, personId)) }),
  });
}
