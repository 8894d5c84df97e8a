// Sign-in throttling: after 10 failures for one username or one IP within 15 minutes, further
// attempts get 429 with Retry-After until the oldest failure leaves the window. Attempts whose
// password check is still running count too, so a burst of parallel guesses cannot all pass the
// check before the first failure is recorded.
import { type Redis, script } from '../redis';

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
  /**
   * Asks to try: the seconds to wait, or an attempt counted as being checked (in one step, so
   * parallel guesses cannot all pass before any is counted); call `end` once it is decided.
   */
  enter(keys: string[], now: number): Promise<{ retryAfter: number } | { end: () => Promise<void> }>;
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

  async enter(keys: string[], now: number): Promise<{ retryAfter: number } | { end: () => Promise<void> }> {
    const retryAfter = waitFor(
      keys.map((key) => ({ failures: this.recent(key, now), pending: this.pending.get(key) ?? 0 })),
      now,
    );
    if (retryAfter > 0) return { retryAfter };
    for (const key of keys) this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
    let ended = false;
    const end = async () => {
      if (ended) return;
      ended = true;
      for (const key of keys) {
        const n = (this.pending.get(key) ?? 1) - 1;
        if (n > 0) this.pending.set(key, n);
        else this.pending.delete(key);
      }
    };
    return { end };
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
// waitFor's rule, run atomically in Redis over every key: the wait, or 0 with the attempt
// counted as pending under each key.
const ENTER = `
local now, window, pendingMs, max, member = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local wait = 0
for _, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  redis.call('ZREMRANGEBYSCORE', key .. ':pending', '-inf', now - pendingMs)
  local failures = redis.call('ZRANGE', key, 0, -1, 'WITHSCORES')
  local over = #failures / 2 + redis.call('ZCARD', key .. ':pending') - max
  if over >= 0 then
    local freedAt = failures[over * 2 + 2]
    if freedAt then wait = math.max(wait, (tonumber(freedAt) + window - now) / 1000) else wait = math.max(wait, 1) end
  end
end
if wait > 0 then return math.ceil(wait) end
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key .. ':pending', now, member)
  redis.call('PEXPIRE', key .. ':pending', pendingMs)
end
return 0`;

export class RedisLoginThrottle implements LoginGuard {
  private seq = 0;
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'reception:login:',
  ) {}

  async enter(keys: string[], now: number): Promise<{ retryAfter: number } | { end: () => Promise<void> }> {
    const member = `${process.pid}:${++this.seq}:${now}`;
    const redisKeys = keys.map((k) => this.prefix + k);
    const [retryAfter] = await script(this.redis, ENTER, redisKeys, [now, WINDOW_MS, PENDING_MS, MAX_FAILURES, member]);
    if (retryAfter) return { retryAfter };
    let ended = false;
    const end = async () => {
      if (ended) return;
      ended = true;
      for (const key of redisKeys) await this.redis.zRem(`${key}:pending`, member);
    };
    return { end };
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
