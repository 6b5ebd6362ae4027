import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { boardRecords } from "../board-core/shared-doc.js";
import { createInitialBoardUpdate } from "../board-core/template-layout.js";
import { DEFAULT_WORKSHOPS_DIR, loadWorkshopLibrary } from "../workshops/library.js";
import { SESSION_KINDS } from "../workshops/schema.js";

const run = promisify(execFile);
const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function libraryCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "workshops-"));
  scratch.push(dir);
  cpSync(DEFAULT_WORKSHOPS_DIR, dir, { recursive: true, filter: (source) => !source.endsWith(".ts") });
  return dir;
}

describe("the workshop template library", () => {
  const library = loadWorkshopLibrary();

  it("every template file passes the schema", () => {
    expect(library.problems).toEqual([]);
    expect(library.templates.length).toBeGreaterThanOrEqual(14);
  });

  it("offers templates of every session kind", () => {
    for (const kind of SESSION_KINDS) {
      expect(library.templates.some((template) => template.kind === kind)).toBe(true);
    }
  });

  it.each(loadWorkshopLibrary().templates.map((template) => [template.id, template] as const))(
    "%s lays out one frame per zone on a new board",
    (_id, template) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, createInitialBoardUpdate(template));
      const frames = [...boardRecords(doc).values()].filter((record) => record.typeName === "shape" && record.type === "frame");
      const zoneLabels = template.phases.flatMap((phase) => phase.zones.map((zone) => zone.label));
      expect(frames.map((frame) => (frame.props as { name: string }).name).sort()).toEqual([...zoneLabels].sort());
    },
  );

  it("grid columns of a phase stand side by side, and the next phase starts to their right", () => {
    const template = loadWorkshopLibrary().templates.find((candidate) => candidate.id === "echange-pratiques-thematique")!;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, createInitialBoardUpdate(template));
    const frame = (zoneId: string) =>
      [...boardRecords(doc).values()].find((record) => (record.meta as { zoneId?: string }).zoneId === zoneId) as {
        x: number;
        y: number;
        props: { w: number };
      };
    const works = frame("ce-qui-marche");
    const stuck = frame("ce-qui-coince");
    expect(stuck.y).toBe(works.y);
    expect(stuck.x).toBeGreaterThanOrEqual(works.x + works.props.w);
    expect(frame("idees-a-tester").x).toBeGreaterThan(stuck.x + stuck.props.w);
  });

  it("a broken file is reported with its name and the field at fault, and the others stay available", () => {
    const dir = libraryCopy();
    const good = JSON.parse(readFileSync(path.join(dir, "forces-et-reconnaissance.json"), "utf8"));
    good.phases[1].zones[0].color = "fuchsia";
    good.phases[2].minutes = -5;
    writeFileSync(path.join(dir, "forces-et-reconnaissance.json"), JSON.stringify(good));
    writeFileSync(path.join(dir, "pas-du-json.json"), "{ oups");
    const result = loadWorkshopLibrary(dir);
    const byFile = Object.fromEntries(result.problems.map((problem) => [problem.file, problem.messages.join("\n")]));
    expect(byFile["forces-et-reconnaissance.json"]).toContain("phases.1.zones.0.color");
    expect(byFile["forces-et-reconnaissance.json"]).toContain("phases.2.minutes");
    expect(byFile["pas-du-json.json"]).toContain("JSON illisible");
    expect(result.templates.map((template) => template.id)).not.toContain("forces-et-reconnaissance");
    expect(result.templates.length).toBe(library.templates.length - 1);
  });

  it("refuses a file whose id is not its name, or whose phases do not add up to its duration", () => {
    const dir = libraryCopy();
    const template = JSON.parse(readFileSync(path.join(dir, "forces-et-reconnaissance.json"), "utf8"));
    writeFileSync(path.join(dir, "autre-nom.json"), JSON.stringify({ ...template, id: "autre-nom-different" }));
    writeFileSync(path.join(dir, "duree.json"), JSON.stringify({ ...template, id: "duree", durationMinutes: 999 }));
    const byFile = Object.fromEntries(loadWorkshopLibrary(dir).problems.map((p) => [p.file, p.messages.join("\n")]));
    expect(byFile["autre-nom.json"]).toMatch(/^id :/);
    expect(byFile["duree.json"]).toContain("durationMinutes");
  });

  it("npm run workshops:check fails on a broken library and names the file", async () => {
    const dir = libraryCopy();
    writeFileSync(path.join(dir, "casse.json"), JSON.stringify({ id: "casse", kind: "atelier" }));
    const check = run(process.execPath, ["--import", "tsx", "workshops/check.ts", dir], { cwd: path.resolve(import.meta.dirname, "..") });
    await expect(check).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("casse.json") });
    const ok = await run(process.execPath, ["--import", "tsx", "workshops/check.ts"], { cwd: path.resolve(import.meta.dirname, "..") });
    expect(ok.stdout).toContain("0 en erreur");
  });
});
