import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../app/sessions/sessions.server.js";
import { applyEditorIntent, draftFromTemplate, parseDraft } from "../app/templates/template-editor.js";
import {
  copyTemplateToVariant,
  filterTemplates,
  findTemplateForUser,
  listTemplatesForUser,
  saveVariant,
} from "../app/templates/templates.server.js";
import { createFacilitatorWithSession, createTestDatabase, daysFromToday, type TestDatabase } from "./support/fixtures.js";

describe("structure variants of a template", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.cleanup());

  it("a copy belongs to its structure: its professionals see and use it, others never do", async () => {
    const mine = await createFacilitatorWithSession(database.db);
    const other = await createFacilitatorWithSession(database.db);
    const variantId = await copyTemplateToVariant(database.db, mine.user.id, "forces-et-reconnaissance", mine.structure.id);
    expect(variantId).toMatch(/^v-/);

    const found = await findTemplateForUser(database.db, mine.user.id, variantId!);
    expect(found?.source).toMatchObject({ type: "variant", baseTemplateId: "forces-et-reconnaissance" });
    expect(await findTemplateForUser(database.db, other.user.id, variantId!)).toBeNull();
    const otherList = await listTemplatesForUser(database.db, other.user.id);
    expect(otherList.templates.map(({ template }) => template.id)).not.toContain(variantId);

    const session = {
      kind: "peer_workshop" as const,
      title: "Avec la variante",
      date: daysFromToday(2),
      time: "10:00",
      online: true,
      place: "",
      templateId: variantId!,
    };
    expect((await createSession(database.db, mine.user.id, { ...session, structureId: mine.structure.id })).ok).toBe(true);
    expect(await createSession(database.db, other.user.id, { ...session, structureId: other.structure.id })).toEqual({
      ok: false,
      errors: { templateId: "session.error.template" },
    });
  });

  it("cannot copy into a structure the professional does not belong to", async () => {
    const mine = await createFacilitatorWithSession(database.db);
    const other = await createFacilitatorWithSession(database.db);
    expect(await copyTemplateToVariant(database.db, mine.user.id, "forces-et-reconnaissance", other.structure.id)).toBeNull();
  });

  it("editing adds and removes phases and zones, and a saved variant is what the next session uses", async () => {
    const mine = await createFacilitatorWithSession(database.db);
    const variantId = await copyTemplateToVariant(database.db, mine.user.id, "echange-pratiques-thematique", mine.structure.id);
    const original = (await findTemplateForUser(database.db, mine.user.id, variantId!))!.template;
    let draft = applyEditorIntent(draftFromTemplate(original), "add-phase");
    const added = draft.phases.length - 1;
    draft = applyEditorIntent(draft, `add-zone:${added}`);
    draft = applyEditorIntent(draft, "remove-phase:0");
    draft.phases[added - 1] = {
      ...draft.phases[added - 1],
      title: "Bilan",
      minutes: "10",
      guidance: "Chacun dit ce qu'il garde.",
      prompt: "Ce que je garde",
      zones: [{ ...draft.phases[added - 1].zones[0], label: "Je garde", dimension: "action_plan" }],
    };
    const parsed = parseDraft(draft);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.template.durationMinutes).toBe(original.durationMinutes - original.phases[0].minutes + 10);
    expect(await saveVariant(database.db, mine.user.id, variantId!, parsed.template)).toBe(true);
    const reloaded = (await findTemplateForUser(database.db, mine.user.id, variantId!))!.template;
    expect(reloaded.phases.at(-1)).toMatchObject({ title: "Bilan", zones: [{ label: "Je garde", dimension: "action_plan" }] });
  });

  it("an incomplete draft names every field at fault and is not saved", async () => {
    const mine = await createFacilitatorWithSession(database.db);
    const other = await createFacilitatorWithSession(database.db);
    const variantId = await copyTemplateToVariant(database.db, mine.user.id, "forces-et-reconnaissance", mine.structure.id);
    const template = (await findTemplateForUser(database.db, mine.user.id, variantId!))!.template;
    const draft = draftFromTemplate(template);
    draft.title = "";
    draft.phases[1].minutes = "beaucoup";
    draft.phases[2].zones[0].label = "";
    const parsed = parseDraft(draft);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual(expect.arrayContaining(["title", "phases.1.minutes", "phases.2.zones.0.label"]));
    expect(await saveVariant(database.db, other.user.id, variantId!, template)).toBe(false);
  });

  it("the library filters by kind, audience words (accents ignored) and duration", async () => {
    const mine = await createFacilitatorWithSession(database.db);
    const { templates } = await listTemplatesForUser(database.db, mine.user.id);
    const exchanges = filterTemplates(templates, { kind: "practice_exchange" });
    expect(exchanges.length).toBeGreaterThan(0);
    expect(exchanges.every(({ template }) => template.kind === "practice_exchange")).toBe(true);
    const short = filterTemplates(templates, { maxMinutes: 90 });
    expect(short.every(({ template }) => template.durationMinutes <= 90)).toBe(true);
    const professionals = filterTemplates(templates, { audience: "PROFESSIONNELS structures" });
    expect(professionals.map(({ template }) => template.id)).toContain("echange-pratiques-thematique");
    expect(filterTemplates(templates, { audience: "mot-introuvable" })).toEqual([]);
  });
});
