// bench/results/latest.json holds the last figures of every cell, whichever `--only` produced them:
// a run that measured only some cells replaces those and keeps the others' figures as they were.
import { existsSync, readFileSync, writeFileSync } from "node:fs";

type Results = Record<string, unknown>;

/** Lists of named entries (benchmarks, targets) are merged entry by entry; the new run wins. */
function mergeNamed(previous: unknown, current: unknown): unknown {
  if (!Array.isArray(previous) || !Array.isArray(current)) return current ?? previous;
  const key = (entry: { name?: string; target?: string }) => entry.name ?? entry.target ?? JSON.stringify(entry);
  const fresh = new Set(current.map(key));
  return [...previous.filter((entry) => !fresh.has(key(entry))), ...current];
}

export function writeMergedResults(file: string, current: Results): void {
  let previous: Results = {};
  try {
    if (existsSync(file)) previous = JSON.parse(readFileSync(file, "utf8")) as Results;
  } catch {
    previous = {};
  }
  const merged: Results = { ...previous, ...current };
  for (const name of ["benchmarks", "targets"]) merged[name] = mergeNamed(previous[name], current[name]);
  writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
}
