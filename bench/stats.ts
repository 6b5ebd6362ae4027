import { readFileSync } from "node:fs";

/** Nearest-rank percentile of an ascending array; a missing delivery counts as +Infinity. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function median(values: number[]): number {
  return percentile(Float64Array.from(values).sort(), 50);
}

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  count: number;
}

/** Sorts in place (the arrays can hold millions of samples, so no copy). */
export function summarize(samples: Float64Array): Percentiles {
  samples.sort();
  return {
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    max: samples.length > 0 ? samples[samples.length - 1] : Number.NaN,
    count: samples.length,
  };
}

const CLOCK_TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux
const PAGE_BYTES = 4096;

export interface ProcessSample {
  /** user + system CPU time of the process so far, in seconds */
  cpuSeconds: number;
  rssBytes: number;
  at: number;
}

/** CPU time and resident memory of another process, read from /proc (Linux). */
export function sampleProcess(pid: number): ProcessSample {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may hold spaces: split after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  const residentPages = Number(readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]);
  return { cpuSeconds: ticks / CLOCK_TICKS_PER_SECOND, rssBytes: residentPages * PAGE_BYTES, at: performance.now() };
}

/**
 * The same for the process's main thread alone (its task id is the pid): the rest of the process's
 * CPU is its worker threads, V8's GC helpers and libuv's pool.
 */
export function sampleMainThread(pid: number): ProcessSample {
  const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { cpuSeconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND, rssBytes: 0, at: performance.now() };
}

/** How long one thread has waited, runnable, for a core so far (Linux schedstat's run_delay), in ns. */
export interface WaitSample {
  waitedNs: number;
  at: number;
}

/**
 * The main thread's run-queue wait of a process (`pid`, by default this one). On 2 cores shared by
 * the server, its helpers and the load generator, a thread that has work may wait for a core: that
 * wait is in every latency measured then, whatever the code does. Null where /proc has no schedstat.
 */
export function sampleRunQueueWait(pid = process.pid): WaitSample | null {
  try {
    const waitedNs = Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, "utf8").split(" ")[1]);
    return Number.isFinite(waitedNs) ? { waitedNs, at: performance.now() } : null;
  } catch {
    return null;
  }
}

/** Milliseconds waited for a core per second between two samples; null if either is missing. */
export function waitedMsPerSecond(from: WaitSample | null, to: WaitSample | null): number | null {
  if (!from || !to || to.at <= from.at) return null;
  return (to.waitedNs - from.waitedNs) / 1e6 / ((to.at - from.at) / 1000);
}

/** Share of one core used between two samples, in percent. */
export function cpuPercent(from: ProcessSample, to: ProcessSample): number {
  return (100 * (to.cpuSeconds - from.cpuSeconds)) / ((to.at - from.at) / 1000);
}

/** The host's CPU time so far, from the first line of /proc/stat (Linux), in clock ticks of all CPUs. */
export interface HostSample {
  totalTicks: number;
  /** Time the hypervisor gave another guest while this one had work (field "steal"). */
  stealTicks: number;
}

export function sampleHost(): HostSample {
  const fields = readFileSync("/proc/stat", "utf8").split("\n", 1)[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already counted in user)
  const totalTicks = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
  return { totalTicks, stealTicks: fields[7] ?? 0 };
}

/**
 * Share of the host's CPU time stolen by the hypervisor between two samples, in percent: on a
 * virtual machine whose neighbours are busy, a stretch of it is a stretch where neither the server
 * nor the load generator ran, whatever their code.
 */
export function stolenPercent(from: HostSample, to: HostSample): number {
  const total = to.totalTicks - from.totalTicks;
  return total > 0 ? (100 * (to.stealTicks - from.stealTicks)) / total : 0;
}

export const MiB = 1024 * 1024;

/** Milliseconds with a sensible number of digits; "—" for no value, "∞" for lost deliveries. */
export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  if (!Number.isFinite(value)) return "∞";
  return value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0);
}

export function fixed(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  if (!Number.isFinite(value)) return "∞";
  return value.toFixed(digits);
}

/** A plain-text table: the first `leftColumns` columns left-aligned (text), the others right-aligned (figures). */
export function renderTable(header: string[], rows: string[][], leftColumns = 1): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column < leftColumns ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  ");
  return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line)].join("\n");
}

/** JSON has no Infinity: lost deliveries become null there. */
export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
