// The one way a form is written (issue 14): one zod schema gives the action its typed input and
// French field errors, the page the values to show again, and the inputs their constraints
// (required, lengths, bounds, type), so that no `maxLength` is written twice.
//
// No runtime import of zod here: constraints are read from the schema's own description on the
// server (a loader returns them with its data), so a page that renders a form does not load zod for
// it. The participant's pages stay zod-free (decision 011).
import type { z } from "zod";
import { isMessageKey, t, type MessageKey } from "../i18n/index.js";

/** Field → its first error, a catalogue key. */
export type FieldErrors = Partial<Record<string, MessageKey>>;

/** What was posted, as text, to fill the form again after an error. */
export type FormValues = Record<string, string>;

/** What an input needs from the schema. Spread onto it: `<TextField {...fields.title} label=… />`. */
export interface InputConstraints {
  name: string;
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
  step?: number;
  type?: "email" | "number" | "url";
  pattern?: string;
}

export type FormConstraints<Keys extends string> = { [K in Keys]: InputConstraints };

export type ParsedForm<T> = { ok: true; data: T; values: FormValues } | { ok: false; errors: FieldErrors; values: FormValues };

/** A value shown again is never longer than this: a hostile post does not come back whole in the page. */
const SHOWN_AGAIN_MAX = 10_000;

/**
 * Reads a posted form with a schema. Never throws on what was posted: repeated keys keep the last
 * value (as `Object.fromEntries` does), files are not text and fail a string field, a missing field
 * gets the schema's error. Issues whose message is not a catalogue key (zod's English defaults)
 * become "form.error.invalid".
 */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData | Record<string, unknown>): ParsedForm<z.output<S>> {
  const input = form instanceof FormData ? Object.fromEntries(form) : form;
  const values = formValues(input);
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data, values };
  return { ok: false, errors: fieldErrors(parsed.error), values };
}

/** The posted text fields, each cut to a sane length; files and other objects are left out. */
export function formValues(input: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const [key, value] of Object.entries(input)) {
    if (typeof value === "string") values[key] = value.slice(0, SHOWN_AGAIN_MAX);
  }
  return values;
}

/** Field (its path, dotted: "phases.0.title" when `nested`) → first error key. */
export function fieldErrors(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }, nested = false): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = nested ? issue.path.map(String).join(".") || "form" : String(issue.path[0] ?? "form");
    errors[field] ??= isMessageKey(issue.message) ? issue.message : "form.error.invalid";
  }
  return errors;
}

// ---- constraints, read from zod 4's description of a schema (`_zod.def` and its checks) ----

interface ZodDef {
  type: string;
  innerType?: unknown;
  in?: unknown;
  out?: unknown;
  shape?: Record<string, unknown>;
  format?: string;
  checks?: { _zod: { def: ZodCheckDef } }[];
}

interface ZodCheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  length?: number;
  value?: number | bigint;
  inclusive?: boolean;
  format?: string;
}

const defOf = (schema: unknown) => (schema as { _zod: { def: ZodDef } })._zod.def;

/**
 * Each field of an object schema (refined, or piped into a transform) → the constraints its input
 * should carry.
 */
export function constraintsOf<S extends z.ZodType>(schema: S): FormConstraints<Extract<keyof z.input<S>, string>> {
  let def = defOf(schema);
  while (def.type === "pipe") def = defOf(def.in);
  const fields = {} as Record<string, InputConstraints>;
  for (const [name, field] of Object.entries(def.shape ?? {})) fields[name] = { name, ...inputConstraints(field) };
  return fields as FormConstraints<Extract<keyof z.input<S>, string>>;
}

function inputConstraints(schema: unknown): Omit<InputConstraints, "name"> {
  let required = true;
  let def = defOf(schema);
  // Wrappers: optional or defaulted fields may be left empty; a pipe is judged by what it accepts.
  for (let depth = 0; depth < 10; depth++) {
    if (def.type === "optional" || def.type === "default" || def.type === "prefault" || def.type === "nullable") {
      if (def.type !== "nullable") required = false;
      def = defOf(def.innerType);
    } else if (def.type === "pipe") {
      // z.preprocess(fn, schema) is a pipe from a transform: what the input holds is the output's.
      def = defOf(defOf(def.in).type === "transform" ? def.out : def.in);
    } else break;
  }
  const found: Omit<InputConstraints, "name"> = {};
  const checks = (def.checks ?? []).map((check) => check._zod.def);
  if (def.type === "string") {
    let min = 0;
    for (const check of checks) {
      if (check.check === "min_length") min = Math.max(min, check.minimum ?? 0);
      if (check.check === "max_length") found.maxLength = Math.min(found.maxLength ?? Infinity, check.maximum ?? Infinity);
      if (check.check === "length_equals") [min, found.maxLength] = [check.length ?? 0, check.length];
      if (check.check === "string_format" && (check.format === "email" || check.format === "url")) found.type = check.format;
    }
    if (def.format === "email" || def.format === "url") found.type = def.format;
    if (min > 1)
      found.minLength = min; // 1 is what `required` says already
    else required = false; // "" passes: the field may stay empty
  } else if (def.type === "number") {
    found.type = "number";
    const integer = checks.some((check) => check.check === "number_format" && /int/.test(check.format ?? ""));
    if (integer) found.step = 1;
    for (const check of checks) {
      const bound = Number(check.value);
      // An exclusive bound (positive(), lt()) is an HTML bound only for integers: 0 excluded is 1.
      if (!Number.isFinite(bound) || (!check.inclusive && !integer)) continue;
      if (check.check === "greater_than") found.min = check.inclusive ? bound : bound + 1;
      if (check.check === "less_than") found.max = check.inclusive ? bound : bound - 1;
    }
  } else if (def.type === "boolean") {
    required = false; // a checkbox left unticked sends nothing
  }
  return required ? { required, ...found } : found;
}

// ---- answers ----

/** The one 404: unknown, or not the asker's (who learns nothing more). `throw notFound()`. */
export function notFound(): Response {
  return new Response("Not Found", { status: 404 });
}

/** The value, or a thrown 404 when there is none. */
export function foundOr404<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw notFound();
  return value;
}

/**
 * Routes with several actions: the posted `intent` picks the handler. An unknown or missing intent
 * is answered 400 with a French reason, never a 500 nor a silent default.
 */
export function dispatchIntent<Handlers extends Record<string, (intent: string) => unknown>>(
  form: FormData | Record<string, unknown>,
  handlers: Handlers,
): ReturnType<Handlers[keyof Handlers]> {
  const intent = form instanceof FormData ? form.get("intent") : form.intent;
  if (typeof intent !== "string" || !Object.hasOwn(handlers, intent)) throw unknownIntent();
  return handlers[intent]!(intent) as ReturnType<Handlers[keyof Handlers]>;
}

/** A post that does not read as the form it claims to be: 400 with a French reason, never a 500. `throw badRequest()`. */
export function badRequest(): Response {
  return new Response(t("http.badRequest"), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export function unknownIntent(): Response {
  return new Response(t("form.intent.unknown"), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
