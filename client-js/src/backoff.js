/**
 * Exponential backoff with jitter, as the Java client's: attempt n waits a random time in
 * [cap/2, cap] where cap = min(max, initial * 2^n), so viewers that lost the same server do not
 * come back in step.
 */
export class Backoff {
  constructor(initialMs = 200, maxMs = 30_000, random = Math.random) {
    if (!(initialMs >= 1 && maxMs >= initialMs)) {
      throw new RangeError(`backoff needs 1 <= initial <= max, got ${initialMs}, ${maxMs}`);
    }
    this.initialMs = initialMs;
    this.maxMs = maxMs;
    this.random = random;
  }

  delayMs(attempt) {
    const cap = attempt >= 30 ? this.maxMs : Math.min(this.maxMs, this.initialMs * 2 ** Math.max(0, attempt));
    const half = Math.floor(cap / 2);
    return half + Math.floor(this.random() * (cap - half + 1));
  }
}
