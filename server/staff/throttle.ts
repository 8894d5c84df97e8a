// Sign-in throttling: after 10 failures for one username or one IP within 15 minutes, further
// attempts get 429 with Retry-After until the oldest failure leaves the window.
export const MAX_FAILURES = 10;
export const WINDOW_MS = 15 * 60_000;

export class LoginThrottle {
  private failures = new Map<string, number[]>();

  /** Seconds to wait, or 0 when an attempt is allowed. */
  retryAfter(keys: string[], now: number): number {
    let wait = 0;
    for (const key of keys) {
      const list = this.recent(key, now);
      if (list.length >= MAX_FAILURES) wait = Math.max(wait, (list[0]! + WINDOW_MS - now) / 1000);
    }
    return Math.ceil(wait);
  }

  fail(keys: string[], now: number): void {
    for (const key of keys) {
      const list = this.recent(key, now);
      list.push(now);
      this.failures.set(key, list);
    }
  }

  succeed(keys: string[]): void {
    for (const key of keys) if (key.startsWith('user:')) this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
    if (list.length === 0) this.failures.delete(key);
    return list;
  }
}
