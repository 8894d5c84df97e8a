// Sign-in throttling: after 10 failures for one username or one IP within 15 minutes, further
// attempts get 429 with Retry-After until the oldest failure leaves the window. Attempts whose
// password check is still running count too, so a burst of parallel guesses cannot all pass the
// check before the first failure is recorded.
import type { Redis } from '../redis';

export const MAX_FAILURES = 10;
export const WINDOW_MS = 15 * 60_000;
/** Above this many tracked keys, expired ones are swept (a spray of usernames must not grow memory). */
const SWEEP_ABOVE = 10_000;
/** An attempt still being checked counts at most this long (a process that died mid-check). */
const PENDING_MS = 60_000;

/**
 * The throttle the login route asks: in one process's memory (LoginThrottle), or city-wide in
 * Redis (RedisLoginThrottle), so a guesser spreading attempts over the processes behind the load
 * balancer meets the same limit.
 */
export interface LoginGuard {
  /** Seconds to wait, or 0 when an attempt is allowed. */
  retryAfter(keys: string[], now: number): Promise<number>;
  /** Marks an attempt as being checked; call the returned function once it is decided. */
  begin(keys: string[], now: number): Promise<() => Promise<void>>;
  fail(keys: string[], now: number): Promise<void>;
  succeed(keys: string[]): Promise<void>;
}

/** How long until `keys` may try again, from each key's failures (oldest first) and attempts in flight. */
function waitFor(perKey: { failures: number[]; pending: number }[], now: number): number {
  let wait = 0;
  for (const { failures, pending } of perKey) {
    const over = failures.length + pending - MAX_FAILURES;
    if (over < 0) continue;
    // Allowed again once `over + 1` of the recorded failures have left the window; when the
    // limit is reached only by attempts still being checked, shortly.
    const freedAt = failures[over];
    wait = Math.max(wait, freedAt === undefined ? 1 : (freedAt + WINDOW_MS - now) / 1000);
  }
  return Math.ceil(wait);
}

export class LoginThrottle implements LoginGuard {
  private failures = new Map<string, number[]>();
  private pending = new Map<string, number>();

  async retryAfter(keys: string[], now: number): Promise<number> {
    return waitFor(
      keys.map((key) => ({ failures: this.recent(key, now), pending: this.pending.get(key) ?? 0 })),
      now,
    );
  }

  async begin(keys: string[]): Promise<() => Promise<void>> {
    for (const key of keys) this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
    let ended = false;
    return async () => {
      if (ended) return;
      ended = true;
      for (const key of keys) {
        const n = (this.pending.get(key) ?? 1) - 1;
        if (n > 0) this.pending.set(key, n);
        else this.pending.delete(key);
      }
    };
  }

  async fail(keys: string[], now: number): Promise<void> {
    for (const key of keys) {
      const list = this.recent(key, now);
      list.push(now);
      this.failures.set(key, list);
    }
    if (this.failures.size > SWEEP_ABOVE) {
      for (const key of [...this.failures.keys()]) this.recent(key, now);
    }
  }

  async succeed(keys: string[]): Promise<void> {
    for (const key of keys) if (key.startsWith('user:')) this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
    if (list.length === 0) this.failures.delete(key);
    return list;
  }
}

/**
 * The same rule in Redis: each key's failures in a sorted set scored by time, and the attempts
 * being checked in another, scored by when they began (an attempt of a process that died
 * mid-check stops counting after PENDING_MS).
 */
export class RedisLoginThrottle implements LoginGuard {
  private seq = 0;
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'reception:login:',
  ) {}

  async retryAfter(keys: string[], now: number): Promise<number> {
    const perKey = [];
    for (const key of keys) {
      const failures = this.prefix + key;
      const pending = `${failures}:pending`;
      await this.redis.zRemRangeByScore(failures, '-inf', now - WINDOW_MS);
      await this.redis.zRemRangeByScore(pending, '-inf', now - PENDING_MS);
      const times = (await this.redis.zRangeWithScores(failures, 0, -1)).map((m) => m.score);
      perKey.push({ failures: times, pending: await this.redis.zCard(pending) });
    }
    return waitFor(perKey, now);
  }

  async begin(keys: string[], now: number): Promise<() => Promise<void>> {
    const member = `${process.pid}:${++this.seq}:${now}`;
    for (const key of keys) {
      const pending = `${this.prefix + key}:pending`;
      await this.redis.zAdd(pending, { score: now, value: member });
      await this.redis.pExpire(pending, PENDING_MS);
    }
    let ended = false;
    return async () => {
      if (ended) return;
      ended = true;
      for (const key of keys) await this.redis.zRem(`${this.prefix + key}:pending`, member);
    };
  }

  async fail(keys: string[], now: number): Promise<void> {
    for (const key of keys) {
      const failures = this.prefix + key;
      await this.redis.zAdd(failures, { score: now, value: `${now}:${process.pid}:${++this.seq}` });
      await this.redis.pExpire(failures, WINDOW_MS);
    }
  }

  async succeed(keys: string[]): Promise<void> {
    for (const key of keys) if (key.startsWith('user:')) await this.redis.del(this.prefix + key);
  }
}
