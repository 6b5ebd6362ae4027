/** An allowance: `perSecond` on average, up to `burst` at once. */
export interface Rate {
  perSecond: number;
  burst: number;
}

/**
 * A token bucket: refills at `perSecond`, holds at most `burst` (twice the rate when not given).
 * `take(amount)` counts messages (amount 1) or bytes. Time comes from the caller's clock so tests
 * need no waiting.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly capacity: number;
  private readonly perSecond: number;

  constructor(
    rate: number | Rate,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.perSecond = typeof rate === "number" ? rate : rate.perSecond;
    this.capacity = typeof rate === "number" ? rate * 2 : rate.burst;
    this.tokens = this.capacity;
    this.last = now();
  }

  /** Takes `amount` tokens; false (and nothing taken) when the bucket holds fewer. */
  take(amount = 1): boolean {
    this.refill();
    if (this.tokens < amount) return false;
    this.tokens -= amount;
    return true;
  }

  /** Takes `amount` even when that leaves the bucket in debt (never deeper than one burst). */
  force(amount: number): void {
    this.refill();
    this.tokens = Math.max(-this.capacity, this.tokens - amount);
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
  }
}
