import { summarize, type Percentiles } from "./stats.js";

/**
 * Send and arrival times of the edits of one load, by sequence number. Probes (participants read
 * at once) give latencies; counters (read in batches) only say that an edit arrived.
 */
export class Recorder {
  windowStart = Infinity;
  windowEnd = Infinity;
  /** Deliveries (to anyone) that arrived inside the measured window. */
  arrivalsInWindow = 0;
  private readonly sentAt: Float64Array;
  private readonly delivered: Uint16Array;
  private readonly probed: Uint16Array;
  private readonly lastProbeArrival: Float64Array;
  private latencies: Float64Array;
  private samples = 0;

  constructor(
    private readonly firstSeq: number,
    private readonly planned: number,
    /** Other participants an edit must reach: N − 1. */
    private readonly expected: number,
    /** Of those, how many are probes: probes + writers − 1 (the author). */
    private readonly expectedProbes: number,
  ) {
    this.sentAt = new Float64Array(planned).fill(Number.NaN);
    this.delivered = new Uint16Array(planned);
    this.probed = new Uint16Array(planned);
    this.lastProbeArrival = new Float64Array(planned);
    this.latencies = new Float64Array(Math.max(1024, Math.min(planned * expectedProbes, 1 << 20)));
  }

  markSent(seq: number, at: number): void {
    this.sentAt[seq - this.firstSeq] = at;
  }

  arrived(seq: number, at: number, probe: boolean): void {
    const index = seq - this.firstSeq;
    if (index < 0 || index >= this.planned) return;
    if (at >= this.windowStart && at < this.windowEnd) this.arrivalsInWindow += 1;
    if (!this.inWindow(index)) return; // warm-up
    this.delivered[index] += 1;
    if (!probe) return;
    this.probed[index] += 1;
    this.lastProbeArrival[index] = Math.max(this.lastProbeArrival[index], at);
    if (this.samples === this.latencies.length) this.grow();
    this.latencies[this.samples++] = at - this.sentAt[index];
  }

  /** `count` deliveries of one edit to counters read elsewhere (bench/counters.ts): as `arrived`, untimed. */
  counted(seq: number, count: number): void {
    const index = seq - this.firstSeq;
    if (index < 0 || index >= this.planned || !this.inWindow(index)) return;
    this.delivered[index] += count;
  }

  /** True when every edit sent in the window has reached every other participant. */
  complete(): boolean {
    for (let i = 0; i < this.planned; i++) {
      if (this.inWindow(i) && this.delivered[i] < this.expected) return false;
    }
    return true;
  }

  /**
   * Latency per delivery (probes), and per edit until the last probe had it; a delivery still
   * missing, to a probe or to anyone, counts as ∞.
   */
  results(): { latencyMs: Percentiles; allReachedMs: Percentiles; lost: number; edits: number } {
    const allReached: number[] = [];
    let lost = 0;
    let lostToProbes = 0;
    for (let i = 0; i < this.planned; i++) {
      if (!this.inWindow(i)) continue;
      const missing = Math.max(0, this.expected - this.delivered[i]);
      lost += missing;
      lostToProbes += Math.max(0, this.expectedProbes - this.probed[i]);
      allReached.push(missing === 0 ? this.lastProbeArrival[i] - this.sentAt[i] : Infinity);
    }
    const latencies = new Float64Array(this.samples + lostToProbes);
    latencies.set(this.latencies.subarray(0, this.samples));
    latencies.fill(Infinity, this.samples);
    return { latencyMs: summarize(latencies), allReachedMs: summarize(Float64Array.from(allReached)), lost, edits: allReached.length };
  }

  private inWindow(index: number): boolean {
    const sent = this.sentAt[index];
    return sent >= this.windowStart && sent < this.windowEnd;
  }

  private grow(): void {
    const larger = new Float64Array(this.latencies.length * 2);
    larger.set(this.latencies);
    this.latencies = larger;
  }
}
