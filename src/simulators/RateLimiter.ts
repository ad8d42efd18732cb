// A sliding one-minute window on the injected clock: a test can exhaust the limit, move its clock
// a minute on and be served again without waiting.
const WINDOW_MS = 60_000;

export class RateLimiter {
  private accepted: number[] = [];
  private head = 0;

  /** Records and allows the request, or refuses it (refused requests do not fill the window). */
  allow(now: number, perMinute: number | null): boolean {
    if (perMinute === null) return true;
    this.prune(now);
    if (this.accepted.length - this.head >= perMinute) return false;
    this.accepted.push(now);
    return true;
  }

  /** Seconds until the oldest request in the window leaves it (for Retry-After). */
  retryAfterSeconds(now: number): number {
    this.prune(now);
    const oldest = this.accepted[this.head];
    return oldest === undefined ? 1 : Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000));
  }

  reset(): void {
    this.accepted = [];
    this.head = 0;
  }

  private prune(now: number): void {
    while (this.head < this.accepted.length && (this.accepted[this.head] as number) <= now - WINDOW_MS) this.head++;
    // Compact now and then so a long run does not keep every timestamp it ever saw.
    if (this.head > 1024 && this.head * 2 > this.accepted.length) {
      this.accepted = this.accepted.slice(this.head);
      this.head = 0;
    }
  }
}
