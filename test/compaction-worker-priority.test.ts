import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { Compactor } from "../server/board/compactor.js";

/** Thread id → nice value of this process's threads (Linux: field 19 of /proc/self/task/<tid>/stat). */
function threadNiceValues(): Map<number, number> {
  const values = new Map<number, number>();
  for (const task of readdirSync("/proc/self/task")) {
    const stat = readFileSync(`/proc/self/task/${task}/stat`, "utf8");
    // The command name (field 2) may hold spaces: the fields after it follow its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    values.set(Number(task), Number(fields[16]));
  }
  return values;
}

/** The nice value of the thread a compactor's first merge started, and the merge's outcome. */
async function workerNice(compactor: Compactor): Promise<number> {
  const before = threadNiceValues();
  const doc = new Y.Doc();
  doc.getMap("records").set("note", { text: "hello" });
  const merged = await compactor.merge(null, [Y.encodeStateAsUpdate(doc)]);
  expect(Y.encodeStateAsUpdate(doc)).toEqual(merged.update);
  const added = [...threadNiceValues()].filter(([thread]) => !before.has(thread));
  expect(added).toHaveLength(1);
  return added[0][1];
}

describe.runIf(process.platform === "linux")("the compaction workers' priority", () => {
  const compactors: Compactor[] = [];
  afterEach(async () => {
    await Promise.all(compactors.splice(0).map((compactor) => compactor.close()));
  });

  it("folds logs ten nice levels below the process, whose own thread keeps its priority", async () => {
    const mainNice = os.getPriority();
    const folder = new Compactor({ nicerBy: 10 });
    compactors.push(folder);
    expect(await workerNice(folder)).toBe(Math.min(19, mainNice + 10));
    expect(os.getPriority()).toBe(mainNice);
    expect(threadNiceValues().get(process.pid)).toBe(mainNice);
  });

  it("merges for newcomers at the process's priority", async () => {
    const compactor = new Compactor();
    compactors.push(compactor);
    expect(await workerNice(compactor)).toBe(os.getPriority());
  });
});
