/**
 * A token bucket: `perSecond` messages a second on average, bursts up to twice that.
 * Time comes from the caller's clock so tests need no waiting.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly capacity: number;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.capacity = perSecond * 2;
    this.tokens = this.capacity;
    this.last = now();
  }

  /** Takes one token; false when the bucket is empty (the sender is over its limit). */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
