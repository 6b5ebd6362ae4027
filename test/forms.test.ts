import { describe, expect, it } from "vitest";
import { z } from "zod";
import { t } from "~/i18n";
import { constraintsOf, dispatchIntent, foundOr404, notFound, parseForm } from "~/lib/forms";

const contact = z
  .object({
    name: z.string().trim().min(2, { message: "series.contacts.error.name" }).max(80, { message: "series.contacts.error.name" }),
    email: z.string().trim().max(160, { message: "series.contacts.error.email" }).optional(),
    capacity: z.coerce.number().int().min(1).max(500).optional(),
    online: z.preprocess((value) => value === "on", z.boolean()),
    note: z.string().max(300).optional().default(""),
    kind: z.enum(["information", "atelier"], { message: "session.error.kind" }),
  })
  .superRefine((value, ctx) => {
    if (value.name === "Personne") ctx.addIssue({ code: "custom", path: ["name"], message: "series.contacts.error.name" });
  });

function formData(entries: [string, string | Blob][]): FormData {
  const form = new FormData();
  for (const [key, value] of entries) form.append(key, value);
  return form;
}

describe("one way to write a form", () => {
  it("a z.string().max(80) gives its input maxLength 80, from the same schema the action parses with", () => {
    const fields = constraintsOf(contact);
    expect(fields.name).toEqual({ name: "name", required: true, minLength: 2, maxLength: 80 });
    expect(fields.email).toEqual({ name: "email", maxLength: 160 });
    expect(fields.capacity).toEqual({ name: "capacity", type: "number", min: 1, max: 500, step: 1 });
    expect(fields.online).toEqual({ name: "online" });
    expect(fields.note).toEqual({ name: "note", maxLength: 300 });
    expect(fields.kind).toEqual({ name: "kind", required: true });
    expect(constraintsOf(z.object({ email: z.email() })).email).toEqual({ name: "email", type: "email" });
    const bounds = constraintsOf(z.object({ seats: z.number().int().positive(), ratio: z.number().positive().lt(1) }));
    expect(bounds.seats).toEqual({ name: "seats", required: true, type: "number", step: 1, min: 1 });
    expect(bounds.ratio).toEqual({ name: "ratio", required: true, type: "number" });
  });

  it("returns French errors and keeps what was typed, to show the form again", () => {
    const parsed = parseForm(
      contact,
      formData([
        ["name", "A"],
        ["email", "a@b.fr"],
        ["kind", "atelier"],
      ]),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual({ name: "series.contacts.error.name" });
    expect(t(parsed.errors.name!)).toMatch(/[éèàç]|nom/i);
    expect(parsed.values).toEqual({ name: "A", email: "a@b.fr", kind: "atelier" });
  });

  it("gives the action typed data when the form is right", () => {
    const parsed = parseForm(
      contact,
      formData([
        ["name", "  Awa  "],
        ["online", "on"],
        ["kind", "information"],
        ["capacity", "12"],
      ]),
    );
    expect(parsed).toMatchObject({ ok: true, data: { name: "Awa", online: true, note: "", capacity: 12, kind: "information" } });
  });

  it("a hostile form (repeated keys, huge values, missing fields, files) gets errors, never a throw", () => {
    const huge = "x".repeat(1_000_000);
    const hostile = formData([
      ["name", "Awa"],
      ["name", huge],
      ["email", huge],
      ["kind", "atelier"],
      ["kind", "drop table"],
      ["capacity", "NaN"],
      ["__proto__", "polluted"],
      ["note", new Blob(["file"])],
    ]);
    const parsed = parseForm(contact, hostile);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toMatchObject({
      name: "series.contacts.error.name",
      email: "series.contacts.error.email",
      kind: "session.error.kind",
      capacity: "form.error.invalid",
      note: "form.error.invalid",
    });
    // The last of repeated keys, as Object.fromEntries reads them; shown again cut short; no file echoed.
    expect(parsed.values.name!.length).toBe(10_000);
    expect(parsed.values.kind).toBe("drop table");
    expect(parsed.values).not.toHaveProperty("note");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const empty = parseForm(contact, new FormData());
    expect(empty).toMatchObject({ ok: false, errors: { name: "form.error.invalid", kind: "session.error.kind" }, values: {} });
  });

  it("sends each intent to its handler, and answers an unknown or missing one 400 with a French reason", async () => {
    const handlers = { save: () => "saved", remove: () => "removed" };
    expect(dispatchIntent(formData([["intent", "remove"]]), handlers)).toBe("removed");
    for (const form of [
      formData([["intent", "toString"]]),
      formData([["intent", "launch"]]),
      new FormData(),
      formData([["intent", new Blob(["save"])]]),
    ]) {
      let thrown: unknown;
      try {
        dispatchIntent(form, handlers);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(400);
      expect(await (thrown as Response).text()).toBe(t("form.intent.unknown"));
    }
  });

  it("has one 404", () => {
    expect(notFound().status).toBe(404);
    expect(foundOr404("here")).toBe("here");
    expect(() => foundOr404(null)).toThrow();
  });
});
