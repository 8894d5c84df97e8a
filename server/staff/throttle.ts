// Sign-in throttling: after 10 failures for one username or one IP within 15 minutes, further
// attempts get 429 with Retry-After until the oldest failure leaves the window. Attempts whose
// password check is still running count too, so a burst of parallel guesses cannot all pass the
// check before the first failure is recorded.
export const MAX_FAILURES = 10;
export const WINDOW_MS = 15 * 60_000;
/** Above this many tracked keys, expired ones are swept (a spray of usernames must not grow memory). */
const SWEEP_ABOVE = 10_000;

export class LoginThrottle {
  private failures = new Map<string, number[]>();
  private pending = new Map<string, number>();

  /** Seconds to wait, or 0 when an attempt is allowed. */
  retryAfter(keys: string[], now: number): number {
    let wait = 0;
    for (const key of keys) {
      const list = this.recent(key, now);
      const over = list.length + (this.pending.get(key) ?? 0) - MAX_FAILURES;
      if (over < 0) continue;
      // Allowed again once `over + 1` of the recorded failures have left the window; when the
      // limit is reached only by attempts still being checked, shortly.
      const freedAt = list[over];
      wait = Math.max(wait, freedAt === undefined ? 1 : (freedAt + WINDOW_MS - now) / 1000);
    }
    return Math.ceil(wait);
  }

  /** Marks an attempt as being checked; call the returned function once it is decided. */
  begin(keys: string[]): () => void {
    for (const key of keys) this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      for (const key of keys) {
        const n = (this.pending.get(key) ?? 1) - 1;
        if (n > 0) this.pending.set(key, n);
        else this.pending.delete(key);
      }
    };
  }

  fail(keys: string[], now: number): void {
    for (const key of keys) {
      const list = this.recent(key, now);
      list.push(now);
      this.failures.set(key, list);
    }
    if (this.failures.size > SWEEP_ABOVE) {
      for (const key of [...this.failures.keys()]) this.recent(key, now);
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
