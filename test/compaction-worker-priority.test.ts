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

describe("the compaction worker's priority", () => {
  let compactor: Compactor | null = null;
  afterEach(() => compactor?.close());

  it.runIf(process.platform === "linux")("merges at a lower priority than the thread that relays edits, which keeps its own", async () => {
    const before = threadNiceValues();
    const mainNice = os.getPriority();
    compactor = new Compactor();
    const doc = new Y.Doc();
    doc.getMap("records").set("note", { text: "hello" });
    const merged = await compactor.merge(null, [Y.encodeStateAsUpdate(doc)]);
    expect(merged.byteLength).toBeGreaterThan(0);

    const added = [...threadNiceValues()].filter(([thread]) => !before.has(thread));
    expect(added.some(([, nice]) => nice === Math.min(19, mainNice + 10))).toBe(true);
    expect(os.getPriority()).toBe(mainNice);
    expect(threadNiceValues().get(process.pid)).toBe(mainNice);
  });
});
