// Turns the figures into the printed tables, the targets of issue 7 and bench/results/latest.json.
import type { ColdLoadFigures } from "./cold-load.js";
import type { FanoutCell, Saturation } from "./fanout.js";
import type { LoadFigures } from "./load.js";
import type { RoomsFigures } from "./rooms.js";
import { fixed, ms, renderTable } from "./stats.js";

/** One entry of latest.json. Lost deliveries (∞) are written as null. */
export interface BenchmarkResult {
  name: string;
  parameters: Record<string, unknown>;
  ours: unknown;
  reference: unknown;
  ratio: Record<string, number | null> | null;
}

export interface Outcome {
  cells: FanoutCell[];
  saturation: Saturation | null;
  rooms: RoomsFigures | null;
  coldLoad: ColdLoadFigures | null;
  fanoutParameters: Record<string, unknown>;
  roomsParameters: Record<string, unknown>;
  coldLoadParameters: Record<string, unknown>;
}

export interface Target {
  target: string;
  measured: string;
  met: boolean | null;
  note: string;
}

/** ours / reference; below 1 is better for times, CPU and memory, above 1 for throughput. */
function ratio(ours: number | null, reference: number | null): number | null {
  if (ours === null || reference === null || !Number.isFinite(ours) || !Number.isFinite(reference) || reference === 0) return null;
  return Number((ours / reference).toFixed(3));
}

export function benchmarkResults(outcome: Outcome): BenchmarkResult[] {
  const results: BenchmarkResult[] = outcome.cells.map((cell) => ({
    name: `fan-out: ${cell.size} participants, ${cell.rate} edits/s`,
    parameters: { participants: cell.size, editsPerSecond: cell.rate, runs: cell.runsP99.ours.length, ...outcome.fanoutParameters },
    ours: { ...cell.ours, runsP99Ms: cell.runsP99.ours },
    reference: { ...cell.reference, runsP99Ms: cell.runsP99.reference },
    ratio: {
      latencyP50: ratio(cell.ours.latencyMs.p50, cell.reference.latencyMs.p50),
      latencyP95: ratio(cell.ours.latencyMs.p95, cell.reference.latencyMs.p95),
      latencyP99: ratio(cell.ours.latencyMs.p99, cell.reference.latencyMs.p99),
      relayedEditsPerSecond: ratio(cell.ours.relayedEditsPerSecond, cell.reference.relayedEditsPerSecond),
      serverCpu: ratio(cell.ours.serverCpuPercent, cell.reference.serverCpuPercent),
      serverRss: ratio(cell.ours.serverRssMiB, cell.reference.serverRssMiB),
    },
  }));
  const saturation = outcome.saturation;
  if (saturation) {
    results.push({
      name: `saturation: edits/s relayed to ${saturation.size} participants with p99 ≤ ${saturation.p99LimitMs} ms`,
      parameters: { participants: saturation.size, p99LimitMs: saturation.p99LimitMs, ...outcome.fanoutParameters },
      ours: saturation.ours,
      reference: saturation.reference,
      ratio: { editsPerSecond: ratio(saturation.ours.editsPerSecond, saturation.reference.editsPerSecond) },
    });
  }
  if (outcome.rooms) {
    results.push({ name: "rooms per node", parameters: outcome.roomsParameters, ours: outcome.rooms, reference: null, ratio: null });
  }
  if (outcome.coldLoad) {
    results.push({ name: "cold load", parameters: outcome.coldLoadParameters, ours: outcome.coldLoad, reference: null, ratio: null });
  }
  // JSON has no Infinity: a lost delivery's latency becomes null.
  return JSON.parse(JSON.stringify(results, (_key, value: unknown) => (value === Infinity ? null : value))) as BenchmarkResult[];
}

export function renderTables(outcome: Outcome): string {
  const parts: string[] = [];
  if (outcome.cells.length > 0) {
    const rows = outcome.cells.map((cell) => {
      const o = cell.ours;
      const r = cell.reference;
      return [
        String(cell.size),
        String(cell.rate),
        `${ms(o.latencyMs.p50)} / ${ms(r.latencyMs.p50)}`,
        `${ms(o.latencyMs.p95)} / ${ms(r.latencyMs.p95)}`,
        `${ms(o.latencyMs.p99)} / ${ms(r.latencyMs.p99)}`,
        fixed(ratio(o.latencyMs.p99, r.latencyMs.p99), 2),
        `${ms(o.allReachedMs.p99)} / ${ms(r.allReachedMs.p99)}`,
        `${fixed(o.relayedEditsPerSecond)} / ${fixed(r.relayedEditsPerSecond)}`,
        `${fixed(o.serverCpuPercent)} / ${fixed(r.serverCpuPercent)}`,
        `${fixed(o.serverRssMiB)} / ${fixed(r.serverRssMiB)}`,
        `${fixed(o.loadGeneratorCpuPercent)} / ${fixed(r.loadGeneratorCpuPercent)}`,
        `${ms(o.serverEventLoop.p99Ms)} / ${ms(r.serverEventLoop.p99Ms)}`,
        `${ms(o.serverEventLoop.maxMs)} / ${ms(r.serverEventLoop.maxMs)}`,
      ];
    });
    parts.push(
      "Fan-out, one board (each column: ours / reference; latency in ms; ∞ = deliveries still missing after the drain)",
      renderTable(
        [
          "N",
          "edits/s",
          "p50",
          "p95",
          "p99",
          "p99 ratio",
          "all-reached p99",
          "relayed/s",
          "server CPU %",
          "server RSS MiB",
          "loadgen CPU %",
          "server loop delay p99",
          "loop delay max",
        ],
        rows,
      ),
    );
  }
  const saturation = outcome.saturation;
  if (saturation) {
    const steps = (steps: Saturation["ours"]["steps"]) =>
      steps.map((step) => `${step.offered}:${ms(step.p99Ms)}${step.passed ? "" : "✗"}`).join(" ");
    parts.push(
      `Saturation, ${saturation.size} participants, p99 ≤ ${saturation.p99LimitMs} ms (steps: offered edits/s:p99 ms)`,
      renderTable(
        ["server", "edits/s relayed", "steps"],
        [
          ["ours", fixed(saturation.ours.editsPerSecond), steps(saturation.ours.steps)],
          ["reference", fixed(saturation.reference.editsPerSecond), steps(saturation.reference.steps)],
          ["ratio", fixed(ratio(saturation.ours.editsPerSecond, saturation.reference.editsPerSecond), 2), ""],
        ],
        1,
      ),
    );
  }
  const rooms = outcome.rooms;
  if (rooms) {
    parts.push(
      "Rooms per node (ours)",
      renderTable(
        ["rooms", "connections", "RSS MiB (idle → loaded)", "RSS per room KiB", "room load p50 / p95 ms", "join p50 ms"],
        [
          [
            String(rooms.rooms),
            String(rooms.connections),
            `${fixed(rooms.baselineRssMiB)} → ${fixed(rooms.rssMiB)}`,
            fixed(rooms.rssPerRoomKiB),
            `${ms(rooms.roomLoadMs.p50)} / ${ms(rooms.roomLoadMs.p95)}`,
            ms(rooms.joinMs.p50),
          ],
        ],
      ),
    );
  }
  const cold = outcome.coldLoad;
  if (cold) {
    parts.push(
      "Cold load (ours): connection → sync step 2 of the first participant",
      renderTable(
        [
          "stored updates",
          "log MiB",
          "snapshot KiB",
          "replay (no compaction) ms",
          "snapshot (compacted) ms",
          "loop max: replay / snapshot ms",
        ],
        [
          [
            String(cold.storedUpdates),
            fixed(cold.logBytes / 1024 / 1024, 1),
            fixed(cold.snapshotBytes / 1024),
            `${ms(cold.replayMedianMs)} (${cold.replayMs.map(ms).join(", ")})`,
            `${ms(cold.snapshotMedianMs)} (${cold.snapshotMs.map(ms).join(", ")})`,
            `${(cold.replayLoopMaxMs ?? []).map(ms).join(", ")} / ${(cold.snapshotLoopMaxMs ?? []).map(ms).join(", ")}`,
          ],
        ],
      ),
    );
  }
  return parts.join("\n\n");
}

export function evaluateTargets(outcome: Outcome): Target[] {
  const targets: Target[] = [];
  const target = outcome.cells.find((cell) => cell.size === 400 && cell.rate === 200);
  if (target) {
    targets.push(
      below("400 participants at 200 edits/s: p99 fan-out < 20 ms, durable before relay", target.ours.latencyMs.p99, 20, "ms", target),
    );
  }
  const saturation = outcome.saturation;
  if (saturation) {
    const ours = saturation.ours.editsPerSecond ?? 0;
    const reference = saturation.reference.editsPerSecond ?? 0;
    targets.push({
      target: `saturation (edits/s relayed to ${saturation.size} participants, p99 ≤ ${saturation.p99LimitMs} ms) ≥ the reference's`,
      measured: `${fixed(ours)} vs ${fixed(reference)} edits/s`,
      met: ours >= reference,
      note: ours >= reference ? "" : `${fixed(100 * (1 - ours / reference))} % below the reference`,
    });
  }
  const rooms = outcome.rooms;
  if (rooms)
    targets.push(
      below(`${rooms.rooms} rooms of ${rooms.connections / rooms.rooms} participants within 1 GiB RSS`, rooms.rssMiB, 1024, "MiB"),
    );
  if (outcome.coldLoad) {
    const board = `cold load of a ${outcome.coldLoad.storedUpdates.toLocaleString("en")}-update board < 150 ms`;
    targets.push(below(`${board}: first load (log replay)`, outcome.coldLoad.replayMedianMs, 150, "ms"));
    targets.push(below(`${board}: after compaction (snapshot)`, outcome.coldLoad.snapshotMedianMs, 150, "ms"));
  }
  return targets;
}

function below(name: string, value: number, limit: number, unit: string, cell?: { ours: LoadFigures }): Target {
  const met = value < limit;
  const loadgen =
    cell && cell.ours.loadGeneratorCpuPercent > 85 ? ` (load generator at ${fixed(cell.ours.loadGeneratorCpuPercent)} % CPU)` : "";
  return {
    target: name,
    measured: `${ms(value)} ${unit}`,
    met,
    note: met
      ? loadgen.trim()
      : `missed by ${Number.isFinite(value) ? `${ms(value - limit)} ${unit} (×${fixed(value / limit, 1)})` : "∞"}${loadgen}`,
  };
}

/** The targets of one issue (7: fan-out, the default; 13: the phone). */
export function renderTargets(targets: Target[], issue = 7): string {
  return renderTable(
    [`target (issue ${issue})`, "measured", "met", "note"],
    targets.map((target) => [target.target, target.measured, target.met ? "yes" : "NO", target.note]),
    4,
  );
}
